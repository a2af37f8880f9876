import type { AppError } from '../base/app-error';

/** Bad usage or input: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A service answered with an AppError: exit 2 for bad input, 1 for a failed operation. */
export class CommandFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'CommandFailure';
  }
  get exitCode(): 1 | 2 {
    return this.error.code === 'validation' ? 2 : 1;
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
