import { addressListsOverlap, portListsOverlap } from '../../flow/match';
import { policyFinding } from '../finding';
import type { ProxySettingsRaw } from '../proxy-settings';
import type { EndpointRule } from '../types';

export const multipleProxies: EndpointRule = {
  id: 'endpoint.multiple-proxies',
  title: 'More than one L4WFPPROXY policy on an endpoint (one proxy per pod).',
  check(ep) {
    if (ep.proxies.length < 2) return [];
    return [
      policyFinding(
        this.id,
        'error',
        ep,
        undefined,
        `Endpoint ${ep.name || ep.id} carries ${ep.proxies.length} L4WFPPROXY policies; HNS supports one proxy per pod, so which one wins is not defined.`,
        'Keep one policy (remove the others by index), or clear and re-add the one you want. Often a second CNI/agent run appended a duplicate.',
        { count: ep.proxies.length, policies: ep.proxies.map((p) => p.raw) },
      ),
    ];
  },
};

function overlaps(a: ProxySettingsRaw, b: ProxySettingsRaw): boolean {
  return (
    addressListsOverlap(a.localAddresses, b.localAddresses) &&
    addressListsOverlap(a.remoteAddresses, b.remoteAddresses) &&
    portListsOverlap(a.localPorts, b.localPorts) &&
    portListsOverlap(a.remotePorts, b.remotePorts)
  );
}

export const ambiguousPriority: EndpointRule = {
  id: 'proxy.ambiguous-priority',
  title: 'Two proxy policies with equal priority and overlapping filters.',
  check(ep) {
    const out = [];
    for (let i = 0; i < ep.proxies.length; i++) {
      for (let j = i + 1; j < ep.proxies.length; j++) {
        const a = ep.proxies[i] as ProxySettingsRaw;
        const b = ep.proxies[j] as ProxySettingsRaw;
        if ((a.priority ?? 0) !== (b.priority ?? 0) || !overlaps(a, b)) continue;
        out.push(
          policyFinding(
            this.id,
            'warning',
            ep,
            b,
            `Proxy policies #${a.index} and #${b.index} have the same priority (${a.priority ?? 'unset'}) and overlapping filters: WFP may apply either one to the same connection.`,
            'Give them different priorities (higher wins) or make their address/port filters disjoint, or keep only one.',
            { policyIndexes: [a.index, b.index], priority: a.priority ?? null },
          ),
        );
      }
    }
    return out;
  },
};

export const unattached: EndpointRule = {
  id: 'endpoint.unattached',
  title: 'A proxy policy on an endpoint attached to no namespace or container.',
  check(ep) {
    if (ep.proxies.length === 0 || ep.namespaceId || ep.containerIds.length > 0) return [];
    return [
      policyFinding(
        this.id,
        'warning',
        ep,
        undefined,
        `Endpoint ${ep.name || ep.id} has ${ep.proxies.length} proxy polic${ep.proxies.length === 1 ? 'y' : 'ies'} but is attached to no namespace or container: nothing sends traffic through it (HNS accepts the policy anyway).`,
        'If the pod is gone this is a leftover: clear it. Otherwise check that the CNI attached the endpoint to the pod’s namespace.',
        { namespaceId: null, containerIds: [] },
      ),
    ];
  },
};
