import type { AppError, Result } from '../../electron/base/app-error';
import { isNodeChannel } from '../../electron/ipc/channels';
import type { RendererApi } from '../../electron/ipc/contract';

declare global {
  interface Window {
    hcnproxy: RendererApi;
  }
}

/** The node the window works on: "local" or a node id from nodes.list (features/nodes). */
let currentNode = 'local';
export const getCurrentNode = (): string => currentNode;
/** Callers reset the query cache after switching: every cached answer came from the previous node. */
export function setCurrentNode(id: string): void {
  currentNode = id;
}

/**
 * With another node chosen, node-scoped channels (ipc/channels.ts) go to that node's own agent
 * (nodes.route: its validation, journal and undo); app-scoped ones (settings, templates, snapshots,
 * node management, fleet calls) always stay with this machine's main process.
 * A plain object, not a Proxy: the harness freezes window.hcnproxy, and a Proxy may not answer a
 * frozen property with another value.
 */
function nodeAware(direct: RendererApi): RendererApi {
  const out: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  const groups = direct as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  for (const [g, methods] of Object.entries(groups)) {
    const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [m, fn] of Object.entries(methods)) {
      wrapped[m] = (input) =>
        !isNodeChannel(`${g}.${m}`) || currentNode === 'local'
          ? fn(input)
          : direct.nodes.route({ node: currentNode, channel: `${g}.${m}`, input: input ?? {} });
    }
    out[g] = wrapped;
  }
  return out as unknown as RendererApi;
}

/** The typed API: exposed by the preload in Electron, by a shim over HTTP in the browser harness. */
export const api: RendererApi = nodeAware(window.hcnproxy);

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
