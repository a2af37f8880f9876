import type { AppError, Result } from '../../electron/base/app-error';
import { routeToNode } from './node-routing';
import type { RendererApi } from '../../electron/ipc/contract';

declare global {
  interface Window {
    hcnproxy: RendererApi;
  }
}

/** The node the window works on: "local" or a node id from nodes.list (features/nodes). */
let currentNode = 'local';
export const getCurrentNode = (): string => currentNode;
/** Query keys carry the node (queries.ts), so each node keeps its own cached answers. */
export function setCurrentNode(id: string): void {
  currentNode = id;
}

/** The typed API: exposed by the preload in Electron, by a shim over HTTP in the browser harness. */
export const api: RendererApi = routeToNode(window.hcnproxy, getCurrentNode);

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

/** An error for people: the HRESULT name and its sentence when HNS failed, the message otherwise. */
export function describeError(e: unknown): { title: string; detail?: string; issues?: AppError['issues'] } {
  const err: AppError | undefined = e instanceof ApiError ? e.error : undefined;
  if (!err) return { title: e instanceof Error ? e.message : String(e) };
  if (err.hresultName || err.hresult !== undefined) {
    const hex =
      err.hresult !== undefined
        ? ` (0x${(err.hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')})`
        : '';
    return { title: `${err.hresultName ?? 'HRESULT'}${hex}`, detail: err.sentence ?? err.message };
  }
  return { title: err.message, issues: err.issues };
}
