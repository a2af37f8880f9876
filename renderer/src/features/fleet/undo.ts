import type { EndpointDetail, SetApplyResult } from '../../../../electron/core/views';
import { api, unwrap } from '../../api';

/**
 * Undo an apply on one node: on each endpoint it succeeded on, remove exactly the policies it added,
 * newest first (each raw policy the result carries, sent back as `expected`, so a policy changed
 * since is left alone). Each removal is journalled on that node like any other, and can itself be
 * restored there.
 */
export async function undoApplyOnNode(
  node: string,
  result: SetApplyResult,
): Promise<{ removed: number; failed: string[] }> {
  let removed = 0;
  const failed: string[] = [];
  for (const o of result.outcomes) {
    if (!o.ok) continue;
    for (const r of [...o.results].reverse()) {
      const raw = r.policies[0];
      if (raw === undefined) continue;
      try {
        const d = (await unwrap(
          api.nodes.route({ node, channel: 'endpoints.get', input: { endpointId: o.endpointId } }),
        )) as EndpointDetail;
        const want = JSON.stringify(raw);
        const index = d.proxyPolicies.findIndex((p) => JSON.stringify(p.raw) === want);
        if (index < 0) throw new Error('the policy is no longer there');
        await unwrap(
          api.nodes.route({
            node,
            channel: 'policies.remove',
            // A set is taken off whole: removing one of its policies alone is refused without force.
            input: { endpointId: o.endpointId, index, expected: raw, force: true },
          }),
        );
        removed++;
      } catch (e) {
        failed.push(`${o.endpointId.slice(0, 8)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return { removed, failed };
}
