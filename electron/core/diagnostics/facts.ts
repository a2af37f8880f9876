import { canonicalGuid, endpointId, getString, guidOf } from '../../../native/hns-json';
import { buildTopology, containerIdsOf } from '../endpoint-summary';
import { groupPolicies } from '../mesh/match';
import { otherPoliciesOf, proxyPoliciesOf } from './proxy-settings';
import type { DiagnoseInput, EndpointFacts } from './types';

export function endpointFacts(input: DiagnoseInput): EndpointFacts[] {
  const topo = buildTopology(input.networks, input.namespaces);
  const journalByEp = new Map<string, DiagnoseInput['journal']>();
  for (const j of input.journal) {
    const k = canonicalGuid(j.endpointId);
    journalByEp.set(k, [...(journalByEp.get(k) ?? []), j]);
  }
  return input.endpoints.map((ep) => {
    const id = endpointId(ep);
    const ns = topo.namespaceOf(ep);
    const proxies = proxyPoliciesOf(ep);
    return {
      id,
      name: getString(ep, 'Name') ?? '',
      endpoint: ep,
      proxies,
      groups: groupPolicies(proxies),
      others: otherPoliciesOf(ep),
      namespaceId: (ns && guidOf(ns, 'ID')) ?? guidOf(ep, 'HostComputeNamespace') ?? '',
      containerIds: containerIdsOf(ns, ep),
      journal: journalByEp.get(id) ?? [],
    };
  });
}
