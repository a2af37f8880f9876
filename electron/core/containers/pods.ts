import { canonicalGuid } from '../../../native/hns-json';
import type { PodSource } from '../services/node-state';

/**
 * The node's pods from its CRI runtime, keyed by canonical HNS namespace GUID: the NodeStateReader
 * calls it once per node read. A pod name is `namespace/name`, as kubectl prints it.
 */
export function criPodSource(address: string, timeoutMs?: number): PodSource {
  return async () => {
    // grpc-js loads on the first read that asks the runtime, not when the CLI or agent starts.
    const { criPods } = await import('./cri');
    const out = new Map<string, string>();
    for (const [ns, ref] of await criPods(address, timeoutMs)) {
      const id = canonicalGuid(ns);
      if (id) out.set(id, ref.pod);
    }
    return out;
  };
}
