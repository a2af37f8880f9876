import { z } from 'zod';

/** One bad field: a stable code for scripts and tests, a sentence for people. */
export const FieldIssueSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/**
 * Every AppError code there is. Scripts and the GUI branch on these, so a new one is added here
 * (and the schema refuses a typo at the router's output check and in the type checker).
 */
export const AppErrorCodeSchema = z.enum([
  // Input and the contract
  'validation',
  'unknown-channel',
  'forbidden',
  'bad-output',
  // HNS (native/hns-error.ts)
  'hns',
  'hns-unavailable',
  'hns-parse',
  'hns-version',
  // Services
  'not-found',
  'conflict',
  'read-only',
  'not-restorable',
  'already-restored',
  'journal-integrity',
  'snapshot',
  'not-a-file',
  'file-too-large',
  'busy',
  // Container runtimes
  'runtime',
  'runtime-unavailable',
  'ambiguous',
  // Remote nodes and agents
  'remote-unreachable',
  'remote-auth',
  'host-key-unknown',
  'host-key-changed',
  'host-key-revoked',
  'agent-unavailable',
  'connection-lost',
  'protocol',
  'request-cancelled',
  'internal',
]);
export type AppErrorCode = z.infer<typeof AppErrorCodeSchema>;

/** Errors cross IPC as data (thrown Electron errors lose their fields). */
export const AppErrorSchema = z.object({
  code: AppErrorCodeSchema,
  message: z.string(),
  field: z.string().optional(),
  issues: z.array(FieldIssueSchema).optional(),
  hresult: z.number().optional(),
  hresultName: z.string().optional(),
  sentence: z.string().optional(),
  errorRecord: z.string().optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** A service-level failure that already knows its AppError shape (validation, gates, not-found). */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}
