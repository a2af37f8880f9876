import type { BulkResult, EndpointDetail } from '../../../../electron/core/views';
import { api, unwrap } from '../../api';

/**
 * Undo a bulk apply on one node: on each endpoint it succeeded on, remove exactly the policy it added
 * (the raw policy the result carries, sent back as `expected`, so a policy changed since is left
 * alone). Each removal is journalled on that node like any other, and can itself be restored there.
 */
export async function undoApplyOnNode(
  node: string,
  result: BulkResult,
): Promise<{ removed: number; failed: string[] }> {
  let removed = 0;
  const failed: string[] = [];
  for (const o of result.outcomes) {
    const raw = o.result?.policies[0];
    if (!o.ok || raw === undefined) continue;
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
          input: { endpointId: o.endpointId, index, expected: raw },
        }),
      );
      removed++;
    } catch (e) {
      failed.push(`${o.endpointId.slice(0, 8)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { removed, failed };
}
