import type { AppError, Result } from '../../electron/core/app-error';
import type { RendererApi } from '../../electron/ipc/contract';

declare global {
  interface Window {
    hcnproxy: RendererApi;
  }
}

/** The typed API: exposed by the preload in Electron, by a shim over HTTP in the browser harness. */
export const api: RendererApi = window.hcnproxy;

/** An AppError as a thrown value (react-query wants throws); keeps every field for display. */
export class ApiError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.hresultName ? `${error.hresultName}: ${error.sentence ?? error.message}` : error.message);
    this.error = error;
  }
}

export async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}
