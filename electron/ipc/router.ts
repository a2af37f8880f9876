import type { AppError, Result } from '../base/app-error';
import { toAppError, zodIssuesToAppError } from '../core/services/errors';
import {
  CHANNELS,
  contract,
  inputSchema,
  type Channel,
  type Origin,
  type Output,
  type ParsedInput,
} from './contract';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Output<C>> };

export interface RouterOptions {
  /**
   * Who calls this router: the window's rules (contract windowInput) unless 'cli'. Electron main and
   * the browser harness pass 'window'/'harness', the CLI 'cli'; left out, the strictest rules apply.
   */
  origin?: Origin;
  /** Check outputs against the contract too (development and test builds). */
  validateOutput?: boolean;
  /** Called with every rejected message and every failure, for the log. */
  onError?: (channel: string, error: AppError) => void;
}

// The remote agent maps its envelope errors the same way.
export { zodIssuesToAppError };

export type Router = (channel: unknown, input: unknown) => Promise<Result<unknown>>;

const isChannel = (c: unknown): c is Channel =>
  typeof c === 'string' && (CHANNELS as readonly string[]).includes(c);

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
    const parsed = inputSchema(channel, options.origin ?? 'window').safeParse(input ?? {});
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
