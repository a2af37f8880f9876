import { getString, jsonEqual, type EndpointPolicy } from '../../../native/hns-json';
import { AppFailure } from '../../base/app-error';
import { isProxyPolicy } from '../endpoint-summary';
import type { JournalEntry } from '../views';

// What `restore` may re-add from a journal entry that already passed its integrity check
// (Journal.verified): only L4WFPPROXY policies, and only ones the same entry records as present on its
// endpoint before this app removed them. A MAC proves the line is ours; these rules keep restore to
// its one purpose even so — it never becomes a way to add an ACL, a PortMapping or anything else.

const refuse = (id: string, message: string) =>
  new AppFailure({ code: 'not-restorable', field: 'journalId', message: `Journal entry ${id} ${message}` });

export function restorablePolicies(entry: JournalEntry): EndpointPolicy[] {
  const others = entry.policies.filter((p) => !isProxyPolicy(p));
  if (others.length > 0) {
    const types = [...new Set(others.map((p) => getString(p, 'Type') ?? '(no Type)'))].join(', ');
    throw refuse(
      entry.id,
      `holds policies of type ${types}; restore re-adds L4WFPPROXY policies only, so nothing was re-added.`,
    );
  }
  const notBefore = entry.policies.filter((p) => !entry.before.some((b) => jsonEqual(b, p)));
  if (notBefore.length > 0) {
    throw refuse(
      entry.id,
      `names ${notBefore.length} ${notBefore.length === 1 ? 'policy' : 'policies'} that its endpoint ${entry.endpointId} did not hold before the ${entry.operation}; restore re-adds only what this app removed from that endpoint, so nothing was re-added.`,
    );
  }
  return entry.policies as EndpointPolicy[];
}
