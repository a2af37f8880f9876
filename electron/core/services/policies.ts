import { getKey, jsonEqual, type EndpointPolicy } from '../../../native/hns-json';
import { AppFailure } from '../../base/app-error';
import { mapLimit } from '../../base/map-limit';
import { toHns } from '../policy/hns-mapping';
import type { ProxyPolicy } from '../policy/model';
import { policyWarnings } from '../policy/validate';
import type { BulkResult, ChangeResult } from '../views';
import { commitChange, samePolicyObject } from './change';
import { savesChanges, type AppContext } from './context';
import { proxyViews, rawProxyPolicies } from './endpoint-detail';
import { ownedSets } from './ownership';
import { MESH_PROFILES, type MeshProfile } from '../mesh/profiles';
import { toAppError } from './errors';
import { restorablePolicies } from '../journal/restore-check';
import { assertWritable } from './write-gate';
import { plural } from '../../base/plural';

// The seed's AddPolicy / ClearPolicies, plus what it lacked: remove one, restore, bulk apply.
// Every function takes an already-validated ProxyPolicy (the contract's schema ran validate.ts).

/** One add, end to end; the caller holds the endpoint's queue slot (policy-set.ts adds several in one). */
export async function addUnlocked(
  ctx: AppContext,
  endpointId: string,
  policy: ProxyPolicy,
): Promise<ChangeResult> {
  const before = await ctx.hns.getEndpoint(endpointId);
  const warnings = policyWarnings(policy).map((w) => `${w.field}: ${w.message}`);
  const flags = getKey(before, 'Flags');
  if ((typeof flags === 'number' && (flags & 1) === 1) || getKey(before, 'IsRemoteEndpoint') === true) {
    warnings.push(
      'This is a remote endpoint (it lives on another node); a proxy policy here redirects nothing on this host.',
    );
  }
  const existing = rawProxyPolicies(before).length;
  if (existing > 0) {
    warnings.push(
      `This endpoint already has ${plural(existing, 'L4WFPPROXY policy')}; HNS supports one proxy application per pod (hcnproxyctrl README), so redirection may not behave as expected.`,
    );
  }
  return commitChange(ctx, endpointId, {
    operation: 'add',
    requestType: 'Add',
    policies: [toHns(policy)],
    before,
    warnings,
  });
}

export async function addPolicy(
  ctx: AppContext,
  endpointId: string,
  policy: ProxyPolicy,
): Promise<ChangeResult> {
  await assertWritable(ctx);
  return ctx.queue.run(endpointId, () => addUnlocked(ctx, endpointId, policy));
}

export async function removePolicy(
  ctx: AppContext,
  endpointId: string,
  index: number,
  expected?: unknown,
  force = false,
): Promise<ChangeResult> {
  await assertWritable(ctx);
  return ctx.queue.run(endpointId, async () => {
    const before = await ctx.hns.getEndpoint(endpointId);
    const raws = rawProxyPolicies(before);
    const target = raws[index];
    if (target === undefined) {
      throw new AppFailure({
        code: 'not-found',
        field: 'index',
        message: `The endpoint has ${plural(raws.length, 'L4WFPPROXY policy')}; there is no policy number ${index} (numbers start at 0).`,
      });
    }
    if (expected !== undefined && !jsonEqual(target, expected)) {
      throw new AppFailure({
        code: 'conflict',
        field: 'index',
        message: `Policy ${index} on this endpoint changed since it was shown (another tool or user changed it). Refresh and choose again; nothing was removed.`,
      });
    }
    const warnings: string[] = [];
    const split = splitsSet(raws, index, await ctx.journal.addedPolicies());
    if (split && !force) {
      throw new AppFailure({
        code: 'conflict',
        field: 'force',
        message: `${split.message} Nothing was removed: remove it anyway with force (CLI: --force), or the whole set with clear --owner ${split.profileId}.`,
      });
    }
    if (split) warnings.push(split.message);
    const twins = raws.filter((r) => samePolicyObject(r, target)).length;
    if (twins > 1)
      warnings.push(
        `HNS removes policies by value: the ${twins} identical copies of this policy may all be removed.`,
      );
    // Send back exactly what HNS returned (unknown fields, legacy Port and all).
    return commitChange(ctx, endpointId, {
      operation: 'remove',
      requestType: 'Remove',
      policies: [target as EndpointPolicy],
      before,
      warnings,
    });
  });
}

/**
 * Removing one policy of a recognised writer's set (not a repeat of one) leaves that writer's
 * configuration half applied: Istio ambient without its plaintext policy lets that traffic bypass
 * ztunnel. The caller must say so explicitly.
 */
function splitsSet(
  raws: unknown[],
  index: number,
  added: unknown[],
): { message: string; profileId: string } | undefined {
  const set = ownedSets(raws, added).find((g) => g.indexes.includes(index));
  if (!set || set.indexes.length < 2 || set.duplicates.includes(index)) return undefined;
  const others = set.indexes.filter((i) => i !== index);
  return {
    profileId: set.profile.id,
    message: `Policy ${index} is one of ${set.indexes.length} policies ${set.profile.owner} writes together (${set.indexes.join(', ')}); removing it alone splits the set and leaves ${others.length === 1 ? 'policy' : 'policies'} ${others.join(', ')} half a configuration.`,
  };
}

/** A profile id or owner label (`clear --owner`) → the profile; a field error naming the choices otherwise. */
function ownerProfile(owner: string): MeshProfile {
  const wanted = owner.trim().toLowerCase();
  const hit = MESH_PROFILES.find((p) => p.id === wanted || p.owner.toLowerCase() === wanted);
  if (hit) return hit;
  throw new AppFailure({
    code: 'validation',
    field: 'owner',
    message: `"${owner}" is not a known owner; use one of: ${MESH_PROFILES.map((p) => p.id).join(', ')} (docs/mesh-profiles.md).`,
  });
}

export async function clearPolicies(
  ctx: AppContext,
  endpointId: string,
  includeForeign = false,
  owner?: string,
): Promise<ChangeResult> {
  if (owner !== undefined && includeForeign) {
    throw new AppFailure({
      code: 'validation',
      field: 'owner',
      message: 'owner and includeForeign exclude each other: owner removes that owner’s set only.',
    });
  }
  const only = owner === undefined ? undefined : ownerProfile(owner);
  await assertWritable(ctx);
  return ctx.queue.run(endpointId, async () => {
    const before = await ctx.hns.getEndpoint(endpointId);
    const added = await ctx.journal.addedPolicies();
    const views = proxyViews(before, added);
    // --owner: exactly that writer's set (its altered and repeated policies included), nothing else.
    const mine = only
      ? new Set(
          ownedSets(rawProxyPolicies(before), added)
            .filter((g) => g.profile.id === only.id)
            .flatMap((g) => g.indexes),
        )
      : undefined;
    const targets = views.filter((v) => (mine ? mine.has(v.index) : includeForeign || !v.owner));
    const kept = views.filter((v) => !targets.includes(v));
    const warnings = only
      ? [
          ...(targets.length === 0 ? [`No policy on this endpoint looks owned by ${only.owner}.`] : []),
          ...(kept.length > 0
            ? [
                `Kept ${plural(kept.length, 'policy')} (${kept.map((v) => v.index).join(', ')}) not owned by ${only.owner}.`,
              ]
            : []),
        ]
      : kept.map(
          (v) =>
            `Kept policy ${v.index}: it looks owned by ${v.owner}. Clear with includeForeign (CLI: --include-foreign) to remove it too.`,
        );
    if (targets.length === 0) {
      // The seed sent a Remove with empty settings here; we send nothing.
      return {
        endpointId,
        operation: 'clear',
        policies: [],
        count: 0,
        readBack: 'skipped',
        warnings,
        saved: savesChanges(ctx.origin),
      };
    }
    return commitChange(ctx, endpointId, {
      operation: 'clear',
      requestType: 'Remove',
      policies: targets.map((v) => v.raw as EndpointPolicy),
      before,
      warnings,
    });
  });
}

export async function restore(ctx: AppContext, journalId: string): Promise<ChangeResult> {
  // Signed by this machine's key, or refused with the reason (docs/security.md, journal integrity).
  const entry = await ctx.journal.verified(journalId);
  if (!entry)
    throw new AppFailure({
      code: 'not-found',
      field: 'journalId',
      message: `No journal entry ${journalId} in ${ctx.journal.path}.`,
    });
  if (
    (entry.operation !== 'remove' && entry.operation !== 'clear') ||
    entry.outcome === 'failed' ||
    entry.policies.length === 0
  ) {
    throw new AppFailure({
      code: 'not-restorable',
      field: 'journalId',
      message: `Journal entry ${journalId} is a${entry.outcome === 'failed' ? ' failed' : 'n'} ${entry.operation}; only a successful remove or clear can be restored.`,
    });
  }
  const recorded = restorablePolicies(entry);
  await assertWritable(ctx);
  return ctx.queue.run(entry.endpointId, async () => {
    // Checked inside the endpoint's slot so two concurrent restores cannot both re-add.
    const now = await ctx.journal.verified(journalId);
    if (now?.restoredBy) {
      throw new AppFailure({
        code: 'already-restored',
        field: 'journalId',
        message: `Journal entry ${journalId} was already restored by ${now.restoredBy}.`,
      });
    }
    const before = await ctx.hns.getEndpoint(entry.endpointId);
    // Re-add only what is gone. A remove whose read-back was a mismatch (hcsshim#2571), or a policy
    // someone re-added since, is still there: adding it again would make a duplicate.
    const present = [...rawProxyPolicies(before)];
    const missing = recorded.filter((p) => {
      const i = present.findIndex((q) => samePolicyObject(q, p));
      if (i < 0) return true;
      present.splice(i, 1);
      return false;
    });
    const stillThere = entry.policies.length - missing.length;
    if (missing.length === 0) {
      throw new AppFailure({
        code: 'not-restorable',
        field: 'journalId',
        message: `Every policy journal entry ${journalId} removed is still on the endpoint (the remove did not take effect, or the policy was added again); nothing was re-added.`,
      });
    }
    const warnings =
      stillThere > 0
        ? [
            `${stillThere} of the ${entry.policies.length} policies of ${journalId} are still on the endpoint and were not re-added.`,
          ]
        : [];
    return commitChange(ctx, entry.endpointId, {
      operation: 'restore',
      requestType: 'Add',
      policies: missing,
      before,
      warnings,
      restores: journalId,
    });
  });
}

/** One policy onto many endpoints: an outcome per endpoint, never a silent partial success. */
export async function applyToMany(
  ctx: AppContext,
  endpointIds: string[],
  policy: ProxyPolicy,
  concurrency = 8,
): Promise<BulkResult> {
  await assertWritable(ctx);
  // Ids are canonical (EndpointIdSchema), so one spelling per endpoint: a Set removes repeats.
  const ids = [...new Set(endpointIds)];
  const outcomes: BulkResult['outcomes'] = await mapLimit(ids, concurrency, async (id) => {
    try {
      return {
        endpointId: id,
        ok: true,
        result: await ctx.queue.run(id, () => addUnlocked(ctx, id, policy)),
      };
    } catch (e) {
      // The whole AppError: field issues and HNS's error record included, as policies.add returns it.
      return { endpointId: id, ok: false, error: toAppError(e) };
    }
  });
  const succeeded = outcomes.filter((o) => o.ok).length;
  return { outcomes, succeeded, failed: outcomes.length - succeeded };
}
