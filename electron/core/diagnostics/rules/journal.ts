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
