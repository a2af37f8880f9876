import { AppFailure } from '../../base/app-error';

/**
 * A container runtime that accepted the connection and did not answer within the call's deadline
 * (CRI and Docker alike): said the same way, with the address, so a hung pipe is a message, not a hang.
 */
export function runtimeTimeout(what: string, address: string, timeoutMs: number): AppFailure {
  return new AppFailure({
    code: 'runtime-unavailable',
    message: `The container runtime did not answer in ${timeoutMs / 1000} s (${what} at ${address}). Is it running and responsive?`,
  });
}
