import type { Finding } from '../views';
import type { EndpointFacts } from './types';

/**
 * A finding that a recognised writer's profile marks as by design for that policy (for example the
 * UDP DNS-capture policy Istio ambient writes) is kept, as info, naming the writer and the reason:
 * the user still sees it, but a mesh's canonical output raises no warning or error.
 */
export function byDesign(f: Finding, ep: EndpointFacts): Finding {
  if (f.policyIndex === undefined || f.severity === 'info') return f;
  const group = ep.groups.find((g) => g.profile && g.indexes.includes(f.policyIndex as number));
  const reason = group?.templates.get(f.policyIndex)?.expected?.[f.id];
  if (!group?.profile || !reason) return f;
  return {
    ...f,
    severity: 'info',
    message: `By design for ${group.profile.owner}: ${f.message}`,
    evidence: { ...f.evidence, byDesign: { owner: group.profile.owner, profile: group.profile.id, reason } },
  };
}
