import { z } from 'zod';
import { AppFailure, type AppError, type Result } from '../core/app-error';
import { HnsError, HnsParseError, HnsUnavailableError } from '../../native/hns-error';
import { CHANNELS, contract, type Channel, type Output, type ParsedInput } from './contract';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Output<C>> };

export interface RouterOptions {
  /** Check outputs against the contract too (development and test builds). */
  validateOutput?: boolean;
  /** Called with every rejected message and every failure, for the log. */
  onError?: (channel: string, error: AppError) => void;
}

export type Router = (channel: unknown, input: unknown) => Promise<Result<unknown>>;

export function zodIssuesToAppError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({
    field: i.path.map(String).join('.') || 'input',
    code:
      i.code === 'custom' && i.params && typeof (i.params as { code?: unknown }).code === 'string'
        ? (i.params as { code: string }).code
        : `schema.${i.code}`,
    message: i.message,
  }));
  const first = issues[0];
  return {
    code: 'validation',
    message: first ? `${first.field}: ${first.message}` : 'Invalid input',
    field: first?.field,
    issues,
  };
}

/** Every thrown thing becomes an AppError: HNS failures keep their HRESULT name and sentence. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) return e.error;
  if (e instanceof HnsError) {
    return {
      code: 'hns',
      message: e.message,
      hresult: e.hresult,
      hresultName: e.hresultName,
      sentence: e.sentence,
      errorRecord: e.errorRecord,
    };
  }
  if (e instanceof HnsUnavailableError) return { code: 'hns-unavailable', message: e.message };
  if (e instanceof HnsParseError) return { code: 'hns-parse', message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

const isChannel = (c: unknown): c is Channel => typeof c === 'string' && (CHANNELS as string[]).includes(c);

/** Transport-agnostic: ipcMain, the HTTP harness and tests all call the same function. */
export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const fail = (channel: string, error: AppError): Result<unknown> => {
    options.onError?.(channel, error);
    return { ok: false, error };
  };
  return async (channel, input) => {
    if (!isChannel(channel))
      return fail(String(channel).slice(0, 100), { code: 'unknown-channel', message: 'Unknown operation.' });
    const spec = contract[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return fail(channel, zodIssuesToAppError(parsed.error));
    try {
      const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      if (options.validateOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          return fail(channel, {
            code: 'bad-output',
            message: `Output of ${channel} broke the contract: ${out.error.message}`,
          });
        }
      }
      return { ok: true, value };
    } catch (e) {
      return fail(channel, toAppError(e));
    }
  };
}
