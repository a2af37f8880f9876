import type { EndpointPolicy } from '../../../native/hns-json';
import type { AppError } from '../../base/app-error';
import { mapLimit } from '../../base/map-limit';
import type { ProxyPolicy } from '../policy/model';
import type { ChangeResult, SetApplyResult } from '../views';
import { commitChange } from './change';
import type { AppContext } from './context';
import { toAppError } from './errors';
import { addUnlocked } from './policies';
import { assertWritable } from './write-gate';

// A writer's policy set (Istio ambient's HBONE + plaintext pair, with or without its DNS pair) only
// works whole: half of it lets some traffic bypass the proxy. So a set is applied to each endpoint
// as a unit — every policy in order, and if one fails, the ones already added are removed again
// (newest first) before the endpoint's slot is released. Each add and each removal is an ordinary
// journalled change, so the audit log shows what happened.

export async function applySet(
  ctx: AppContext,
  endpointIds: string[],
  policies: ProxyPolicy[],
  concurrency = 8,
): Promise<SetApplyResult> {
  await assertWritable(ctx);
  const ids = [...new Set(endpointIds)];
  const outcomes = await mapLimit(ids, concurrency, (id) =>
    ctx.queue.run(id, () => applyToEndpoint(ctx, id, policies)),
  );
  const succeeded = outcomes.filter((o) => o.ok).length;
  return { outcomes, succeeded, failed: outcomes.length - succeeded };
}

type Outcome = SetApplyResult['outcomes'][number];

async function applyToEndpoint(
  ctx: AppContext,
  endpointId: string,
  policies: ProxyPolicy[],
): Promise<Outcome> {
  const added: ChangeResult[] = [];
  for (let i = 0; i < policies.length; i++) {
    try {
      added.push(await addUnlocked(ctx, endpointId, policies[i]!));
    } catch (e) {
      const error = toAppError(e);
      if (added.length === 0) return { endpointId, ok: false, failedPolicy: i, results: [], error };
      const { removed, rollbackError } = await rollBack(ctx, endpointId, added);
      return {
        endpointId,
        ok: false,
        failedPolicy: i,
        results: [],
        error,
        rolledBack: removed,
        ...(rollbackError ? { rollbackError } : {}),
      };
    }
  }
  return { endpointId, ok: true, results: added };
}

/** Removes what `added` put on the endpoint, newest first; stops at the first removal that fails. */
async function rollBack(
  ctx: AppContext,
  endpointId: string,
  added: ChangeResult[],
): Promise<{ removed: ChangeResult[]; rollbackError?: AppError }> {
  const removed: ChangeResult[] = [];
  for (const a of [...added].reverse()) {
    try {
      removed.push(
        await commitChange(ctx, endpointId, {
          operation: 'remove',
          requestType: 'Remove',
          // Exactly what the add sent: HNS removes by value.
          policies: a.policies as EndpointPolicy[],
          before: await ctx.hns.getEndpoint(endpointId),
          warnings: [
            'Removed again: a later policy of the same set failed, and a set applies whole or not at all.',
          ],
        }),
      );
    } catch (e) {
      return { removed, rollbackError: toAppError(e) };
    }
  }
  return { removed };
}
