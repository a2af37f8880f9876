import type { AppError, Result } from '../base/app-error';
import { mapLimit } from '../base/map-limit';
import type { ProxyPolicyInput } from '../core/policy/model';
import { toAppError } from '../core/services/errors';
import type { BulkResult, DiagnosticsReport, EndpointSummary } from '../core/views';
import type { Router } from '../ipc/router';

// Fleet-wide calls: the same channel on many nodes at once, at most `concurrency` in flight, one
// answer per node. A node that fails or does not answer in time (every agent request has a deadline,
// agent-client.ts) is reported with its reason beside the others' results, never in their way.

export interface FleetScope {
  /** The router of one node (this machine's or the node's agent), or a refusal for it. */
  routerOf(id: string): Router;
  label(id: string): string;
  concurrency: number;
}

export type PerNode<T> =
  | { node: string; label: string; ok: true; value: T }
  | { node: string; label: string; ok: false; error: AppError };

export function fan<T>(
  scope: FleetScope,
  ids: readonly string[],
  call: (router: Router, id: string) => Promise<Result<unknown>>,
): Promise<Array<PerNode<T>>> {
  return mapLimit(ids, scope.concurrency, async (node): Promise<PerNode<T>> => {
    let r: Result<unknown>;
    try {
      r = await call(scope.routerOf(node), node);
    } catch (e) {
      r = { ok: false, error: toAppError(e) };
    }
    const label = scope.label(node);
    return r.ok ? { node, label, ok: true, value: r.value as T } : { node, label, ok: false, error: r.error };
  });
}

/** Every node's endpoints (each its own one read). */
export async function fleetEndpoints(scope: FleetScope, ids: readonly string[]) {
  return { nodes: await fan<EndpointSummary[]>(scope, ids, (r) => r('endpoints.list', {})) };
}

export async function fleetDiagnose(scope: FleetScope, ids: readonly string[]) {
  return { nodes: await fan<DiagnosticsReport>(scope, ids, (r) => r('diagnostics.all', {})) };
}

/** The policy on the chosen endpoints of each node: one applyToMany per node, journalled there. */
export async function fleetApply(
  scope: FleetScope,
  byNode: ReadonlyMap<string, string[]>,
  policy: ProxyPolicyInput,
) {
  return {
    nodes: await fan<BulkResult>(scope, [...byNode.keys()], (r, node) =>
      r('policies.applyToMany', { endpointIds: byNode.get(node), policy }),
    ),
  };
}
