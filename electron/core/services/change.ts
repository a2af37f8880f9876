import {
  jsonEqual,
  type EndpointPolicy,
  type HostComputeEndpoint,
  type ModifyRequestType,
} from '../../../native/hns-json';
import { fromHns, samePolicy } from '../policy/hns-mapping';
import type { ChangeResult, JournalEntry } from '../views';
import { savesChanges, type AppContext } from './context';
import { describeEndpoint, rawProxyPolicies } from './endpoint-detail';
import { errorText } from './errors';
import { hnsVersion } from './write-gate';
import { HnsError } from '../../../native/hns-error';
import { HR } from '../../base/hresult-table';

const { HCN_E_POLICY_NOT_FOUND } = HR;

/**
 * docs/hcn-api.md §9 question 2: whether HNS answers a Remove that matches nothing with success (a no-op)
 * or HCN_E_POLICY_NOT_FOUND is unverified. Both must end the same way: if the policies are not on
 * the endpoint any more (someone else removed them first), the Remove reached its goal. Only then
 * is HCN_E_POLICY_NOT_FOUND tolerated; any other failure, or the policy still there, stays a failure.
 */
async function removeAlreadyDone(
  ctx: AppContext,
  id: string,
  plan: ChangePlan,
  e: unknown,
): Promise<boolean> {
  if (plan.requestType !== 'Remove' || !(e instanceof HnsError) || e.hresult !== HCN_E_POLICY_NOT_FOUND)
    return false;
  try {
    const now = rawProxyPolicies(await ctx.hns.getEndpoint(id));
    return plan.policies.every((p) => !now.some((q) => jsonEqual(p, q)));
  } catch {
    return false;
  }
}

// One change to one endpoint, end to end: send → read back → journal. Callers hold the endpoint's
// queue slot, so `before` is still true when the request goes out.

/** hcsshim#2571: HcnModifyEndpoint returned success yet the policy never appeared. */
export const READBACK_WARNING = 'HNS accepted the change but the endpoint does not show it';

/** Same policy, as HNS may echo it (key case/order, dropped empty parts) — or byte-for-byte equal. */
export function samePolicyObject(a: unknown, b: unknown): boolean {
  if (jsonEqual(a, b)) return true;
  const pa = fromHns(a);
  const pb = fromHns(b);
  return pa.legacyPort === pb.legacyPort && samePolicy(pa.policy, pb.policy);
}

function count(list: unknown[], p: unknown): number {
  return list.filter((x) => samePolicyObject(x, p)).length;
}

/** Add/restore: each sent policy shows up once more than before. Remove: each shows up fewer times. */
export function changeVisible(
  kind: 'Add' | 'Remove',
  before: unknown[],
  after: unknown[],
  sent: unknown[],
): boolean {
  return sent.every((p) => {
    const times = count(sent, p);
    return kind === 'Add'
      ? count(after, p) >= count(before, p) + times
      : count(after, p) <= Math.max(0, count(before, p) - times);
  });
}

export interface ChangePlan {
  operation: JournalEntry['operation'];
  requestType: Extract<ModifyRequestType, 'Add' | 'Remove'>;
  policies: EndpointPolicy[];
  before: HostComputeEndpoint;
  warnings: string[];
  restores?: string;
}

export async function commitChange(
  ctx: AppContext,
  /** Canonical (EndpointIdSchema / guidOf): the journal and the result carry it as is. */
  id: string,
  plan: ChangePlan,
): Promise<ChangeResult> {
  const beforeRaw = rawProxyPolicies(plan.before);
  const warnings = [...plan.warnings];
  const journal = async (
    entry: Omit<JournalEntry, 'id' | 'time' | 'user' | 'machine'>,
  ): Promise<string | undefined> => {
    try {
      return (await ctx.journal.append(entry)).id;
    } catch (e) {
      // The HNS change already happened: report it, and say loudly that the audit line is missing.
      warnings.push(
        `The change was made but could not be written to the journal ${ctx.journal.path}: ${errorText(e)}`,
      );
      return undefined;
    }
  };
  // A live node whose version could not be read, changed on the user's say-so: the audit line says so.
  const unverified = ctx.writeGate.unverifiedVersion;
  const versionUnverified =
    unverified && ctx.origin.kind !== 'snapshot'
      ? await hnsVersion(ctx.hns).then(
          () => undefined,
          (e: unknown) => `allowed by ${unverified.by}: HNS version unreadable (${errorText(e)})`,
        )
      : undefined;
  const base = {
    endpointId: id,
    operation: plan.operation,
    before: beforeRaw,
    policies: plan.policies,
    ...(plan.restores ? { restores: plan.restores } : {}),
    ...(versionUnverified ? { versionUnverified } : {}),
  };
  if (versionUnverified) warnings.push(`Changed without a readable HNS version (${versionUnverified}).`);
  try {
    await ctx.hns.modifyEndpoint(id, {
      ResourceType: 'Policy',
      RequestType: plan.requestType,
      Settings: { Policies: plan.policies },
    });
  } catch (e) {
    // A failed modify may still have changed something: never serve the old node read again.
    ctx.nodeState.invalidate();
    if (!(await removeAlreadyDone(ctx, id, plan, e))) {
      await journal({ ...base, after: beforeRaw, outcome: 'failed', error: errorText(e) });
      throw e;
    }
    warnings.push(
      `HNS answered HCN_E_POLICY_NOT_FOUND, and the ${plan.policies.length === 1 ? 'policy is' : 'policies are'} no longer on the endpoint: removed already (by someone else, or HNS reports a Remove of nothing as this error).`,
    );
  }
  ctx.nodeState.invalidate();
  let after: HostComputeEndpoint | undefined;
  let readBack: ChangeResult['readBack'] = 'skipped';
  let readBackError: string | undefined;
  try {
    after = await ctx.hns.getEndpoint(id);
    readBack = changeVisible(plan.requestType, beforeRaw, rawProxyPolicies(after), plan.policies)
      ? 'confirmed'
      : 'mismatch';
  } catch (e) {
    readBackError = `The change was accepted, but reading the endpoint back failed: ${errorText(e)}`;
    warnings.push(readBackError);
  }
  if (readBack === 'mismatch') warnings.unshift(READBACK_WARNING);
  // Without a read-back the journal records what HNS should now hold (and says so), not an empty
  // list that would read as "every proxy policy is gone".
  const expected =
    plan.requestType === 'Add'
      ? [...beforeRaw, ...plan.policies]
      : beforeRaw.filter((p) => !plan.policies.some((s) => jsonEqual(p, s)));
  const afterRaw = after ? rawProxyPolicies(after) : expected;
  // Describe before journalling: the journal append is the last await of a change, so the journal's
  // order is the order in which callers see changes complete (robustness-concurrency.test.ts).
  // A failure here must neither skip the journal nor report an applied change as failed.
  // Ownership in that description must count what this change adds, which is not journalled yet.
  // The detail saves the window a second read of the endpoint (it puts it in its cache as is).
  const sentByUs = plan.requestType === 'Add' ? plan.policies : [];
  const detail = after
    ? await describeEndpoint(ctx, after, sentByUs).catch((e: unknown) => {
        warnings.push(`The change was made, but describing the endpoint afterwards failed: ${errorText(e)}`);
        return undefined;
      })
    : undefined;
  const journalId = await journal({
    ...base,
    after: afterRaw,
    outcome: readBack === 'mismatch' ? 'mismatch' : 'ok',
    ...(readBackError
      ? { error: `${readBackError} ("after" is what HNS should hold, not what was read)` }
      : {}),
  });
  const result: ChangeResult = {
    endpointId: id,
    operation: plan.operation,
    policies: plan.policies,
    count: plan.policies.length,
    readBack,
    warnings,
    saved: savesChanges(ctx.origin),
  };
  if (journalId) result.journalId = journalId;
  if (detail) result.detail = detail;
  return result;
}
