import { jsonEqual } from '../../../native/hns-json';

/** What watch compares between two reads: every endpoint with its complete list of proxy policies. */
export interface WatchedEndpoint {
  id: string;
  name: string;
  pod?: string;
  /** The endpoint's L4WFPPROXY policies exactly as HNS returned them, in order. */
  policies: unknown[];
}
export type WatchState = ReadonlyMap<string, WatchedEndpoint>;

export type Change =
  | { kind: 'endpoint-created'; endpoint: WatchedEndpoint }
  | { kind: 'endpoint-deleted'; endpoint: WatchedEndpoint }
  | { kind: 'policy-added'; endpoint: WatchedEndpoint; index: number; policy: unknown }
  | { kind: 'policy-removed'; endpoint: WatchedEndpoint; index: number; policy: unknown }
  | {
      kind: 'policy-changed';
      endpoint: WatchedEndpoint;
      index: number;
      policy: unknown;
      before: unknown;
    };

/**
 * Every change between two complete reads of a node, in a stable order (endpoints by id, policies by
 * position). Policies are compared as whole JSON values, so a change of any field is seen, however
 * small; a policy that moved (one before it removed) is not reported as changed. A removal and an
 * addition at the same position of the same endpoint read as one change of that policy.
 */
export function diffStates(prev: WatchState, next: WatchState): Change[] {
  const out: Change[] = [];
  const ids = [...new Set([...prev.keys(), ...next.keys()])].sort();
  for (const id of ids) {
    const a = prev.get(id);
    const b = next.get(id);
    if (!a && b) {
      out.push({ kind: 'endpoint-created', endpoint: b });
      b.policies.forEach((policy, index) => out.push({ kind: 'policy-added', endpoint: b, index, policy }));
    } else if (a && !b) {
      a.policies.forEach((policy, index) => out.push({ kind: 'policy-removed', endpoint: a, index, policy }));
      out.push({ kind: 'endpoint-deleted', endpoint: a });
    } else if (a && b) {
      out.push(...diffPolicies(a, b));
    }
  }
  return out;
}

function diffPolicies(a: WatchedEndpoint, b: WatchedEndpoint): Change[] {
  // Match equal policies first (multiset): what is left on each side was removed or added.
  const unmatchedBefore = a.policies.map((_, i) => i);
  const added: number[] = [];
  b.policies.forEach((p, j) => {
    const k = unmatchedBefore.findIndex((i) => jsonEqual(a.policies[i], p));
    if (k >= 0) unmatchedBefore.splice(k, 1);
    else added.push(j);
  });
  const out: Change[] = [];
  const removed = [...unmatchedBefore];
  for (const j of added) {
    const same = removed.indexOf(j);
    if (same >= 0) {
      removed.splice(same, 1);
      out.push({
        kind: 'policy-changed',
        endpoint: b,
        index: j,
        policy: b.policies[j],
        before: a.policies[j],
      });
    }
  }
  for (const i of removed) out.push({ kind: 'policy-removed', endpoint: b, index: i, policy: a.policies[i] });
  for (const j of added)
    if (!out.some((c) => c.kind === 'policy-changed' && c.index === j))
      out.push({ kind: 'policy-added', endpoint: b, index: j, policy: b.policies[j] });
  return out;
}
