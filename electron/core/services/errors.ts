import type { z } from 'zod';
import { HnsError, HnsParseError, HnsUnavailableError } from '../../../native/hns-error';
import { AppFailure, type AppError, type FieldIssue } from '../../base/app-error';

// The one mapping from anything thrown (or any schema failure) to AppError data. The router, the
// bulk outcomes of applyToMany, the journal's error text and the remote agent all use these, so
// the same failure reads the same everywhere. (Kept out of app-error.ts: that module is data only
// and reaches the renderer; this one pulls in the HRESULT table.)

/** Field issues → a validation AppError whose message names the first bad field. */
export function validationError(issues: FieldIssue[]): AppError {
  const first = issues[0];
  const error: AppError = {
    code: 'validation',
    message: first ? `${first.field}: ${first.message}` : 'Invalid input',
    issues,
  };
  if (first) error.field = first.field;
  return error;
}

/** zod issues → FieldIssues: the stable code validate.ts put in params.code, else schema.<zod code>. */
export function zodIssuesToAppError(error: z.ZodError): AppError {
  return validationError(
    error.issues.map((i) => ({
      field: i.path.map(String).join('.') || 'input',
      code:
        i.code === 'custom' && i.params && typeof (i.params as { code?: unknown }).code === 'string'
          ? (i.params as { code: string }).code
          : `schema.${i.code}`,
      message: i.message,
    })),
  );
}

/** Every thrown thing becomes an AppError: HNS failures keep their HRESULT name, sentence and record. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) return e.error;
  if (e instanceof HnsError) {
    const out: AppError = {
      code: 'hns',
      message: e.message,
      hresult: e.hresult,
      hresultName: e.hresultName,
      sentence: e.sentence,
    };
    if (e.errorRecord) out.errorRecord = e.errorRecord;
    return out;
  }
  if (e instanceof HnsUnavailableError) return { code: 'hns-unavailable', message: e.message };
  if (e instanceof HnsParseError) return { code: 'hns-parse', message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** The sentence of toAppError, for warnings and journal lines. */
export function errorText(e: unknown): string {
  return toAppError(e).message;
}
