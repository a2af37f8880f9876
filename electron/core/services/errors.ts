import { HnsError, HnsParseError, HnsUnavailableError } from '../../../native/hns-error';
import { AppFailure, type AppError } from '../app-error';

/** Any thrown thing as AppError data (same mapping the router applies at the IPC edge). */
export function errorData(e: unknown): AppError {
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

export function errorText(e: unknown): string {
  return errorData(e).message;
}
