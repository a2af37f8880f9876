import { jsonEqual } from '../../../../native/hns-json';
import { rawPolicyLine } from '../../policy/policy-line';
import { policyFinding } from '../finding';
import type { EndpointRule } from '../types';

export const readBackMismatch: EndpointRule = {
  id: 'journal.read-back-mismatch',
  title: 'The last change to the endpoint was accepted by HNS but the read-back did not show it.',
  check(ep) {
    // Only the latest entry counts: a later successful change supersedes an old mismatch.
    const last = [...ep.journal].sort((a, b) => a.time.localeCompare(b.time)).at(-1);
    if (!last || last.outcome !== 'mismatch') return [];
    return [
      policyFinding(
        this.id,
        'error',
        ep,
        undefined,
        `HNS accepted the ${last.operation} at ${last.time}, but reading the endpoint back did not show the expected policies: the change may not be enforced (hcsshim#2571).`,
        'Look at the Host Network Service events for this endpoint, re-apply the change, and verify with a real connection. If it keeps happening, restart the pod or the hns service.',
        {
          journalId: last.id,
          time: last.time,
          operation: last.operation,
          expected: last.policies,
          after: last.after,
          error: last.error ?? null,
        },
      ),
    ];
  },
};

/**
 * Drift: a policy this app added (its journal says so, and read back) that is no longer on the
 * endpoint, while this app never removed it. Someone else did: the mesh's CNI re-applying its own set,
 * another admin, a reboot of the node's HNS state. Entries are replayed in time order per endpoint.
 */
export const removedElsewhere: EndpointRule = {
  id: 'journal.removed-elsewhere',
  title: 'A policy this app added is gone, and this app did not remove it (drift).',
  check(ep) {
    const expected: Array<{ policy: unknown; entry: (typeof ep.journal)[number] }> = [];
    for (const e of [...ep.journal].sort((a, b) => a.time.localeCompare(b.time))) {
      if (e.outcome !== 'ok') continue;
      if (e.operation === 'add' || e.operation === 'restore')
        for (const policy of e.policies) expected.push({ policy, entry: e });
      else
        for (const p of e.policies) {
          const i = expected.findIndex((x) => jsonEqual(x.policy, p));
          if (i >= 0) expected.splice(i, 1);
        }
    }
    const present = ep.proxies.map((p) => p.raw);
    const missing = expected.filter((x) => {
      const i = present.findIndex((r) => jsonEqual(r, x.policy));
      if (i < 0) return true;
      present.splice(i, 1);
      return false;
    });
    return missing.map(({ policy, entry }) =>
      policyFinding(
        this.id,
        'warning',
        ep,
        undefined,
        `The policy ${rawPolicyLine(policy)} that this app added at ${entry.time} (journal ${entry.id}, by ${entry.user}) is no longer on the endpoint, and this app did not remove it: someone else did.`,
        `Find out who removes it (hcnproxyctl watch shows each change and who made it); add it again only once that is settled, or it may be removed again.`,
        { journalId: entry.id, time: entry.time, user: entry.user, policy },
      ),
    );
  },
};
