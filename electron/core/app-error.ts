import { z } from 'zod';

/** One bad field: a stable code for scripts and tests, a sentence for people. */
export const FieldIssueSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** Errors cross IPC as data (thrown Electron errors lose their fields). */
export const AppErrorSchema = z.object({
  code: z.string(),
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

export function validationFailure(issues: FieldIssue[]): AppFailure {
  const first = issues[0];
  return new AppFailure({
    code: 'validation',
    message: first ? `${first.field}: ${first.message}` : 'Invalid input',
    field: first?.field,
    issues,
  });
}
