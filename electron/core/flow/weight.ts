import type { ProxySettingsRaw } from '../diagnostics/proxy-settings';

// Which of two L4WFPPROXY policies that both match a connection applies. One rule, used by the
// flow explainer (to pick the policy) and by diagnostics (proxy.ambiguous-priority, to say when it
// cannot tell). Sources and what is inferred: docs/flow-semantics.md "Choosing between policies".
//
// - FilterTuple.Priority: hcsshim's FiveTuple field; hcnproxyctrl documents it as the WFP filter
//   weight, and WFP evaluates the filters of a sublayer by weight, highest first (Microsoft Learn,
//   "Filter Weight Assignment"). That L4WFPPROXY's Priority is passed on as that weight, so that
//   higher wins, is inferred: HNS ACLs use the opposite order (Calico Felix increments Priority to
//   make a later rule lose), and nothing public settles it for L4WFPPROXY.
// - No Priority: WFP generates the weight itself (FWP_EMPTY). That a filter with more conditions
//   gets the higher generated weight is our reading of WFP's arbitration, not a documented rule.

/** The FilterTuple conditions a policy sets (addresses and ports; Protocols is set by every writer). */
export function conditionsOf(p: ProxySettingsRaw): string[] {
  const fields: [string, string[]][] = [
    ['LocalAddresses', p.localAddresses],
    ['RemoteAddresses', p.remoteAddresses],
    ['LocalPorts', p.localPorts],
    ['RemotePorts', p.remotePorts],
  ];
  return fields.filter(([, l]) => l.length > 0).map(([name]) => name);
}

export function specificity(p: ProxySettingsRaw): number {
  return conditionsOf(p).length;
}

/** Negative when a wins, positive when b wins, 0 when this rule cannot tell them apart. */
export function compareWeight(a: ProxySettingsRaw, b: ProxySettingsRaw): number {
  return (b.priority ?? 0) - (a.priority ?? 0) || specificity(b) - specificity(a);
}

/** Why a won over b, in words for the explainer (a and b compared by compareWeight). */
export function whyWins(a: ProxySettingsRaw, b: ProxySettingsRaw): string {
  const pa = a.priority ?? 0;
  const pb = b.priority ?? 0;
  if (pa !== pb)
    return `policy #${a.index} has the higher FilterTuple.Priority (${pa} vs ${pb}); assumed to be the WFP filter weight, higher wins (inferred: HNS ACLs are lower-wins, nothing public settles L4WFPPROXY)`;
  const ca = conditionsOf(a);
  const cb = conditionsOf(b);
  return `neither sets a different Priority${pa ? '' : ' (none set)'}, so WFP generates the weights; policy #${a.index} is the more specific filter (${ca.join(', ') || 'no conditions'} vs ${cb.join(', ') || 'no conditions'}) and is assumed to weigh more, the same rule proxy.ambiguous-priority uses (inferred from WFP’s weighting when no weight is set)`;
}
