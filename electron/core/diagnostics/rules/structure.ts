import { addressListsOverlap, portListsOverlap, portSetsOverlap, toPort } from '../../flow/match';
import { describeGroup } from '../../mesh/match';
import { policyFinding } from '../finding';
import type { ProxySettingsRaw } from '../proxy-settings';
import type { EndpointRule } from '../types';

// Rules about the endpoint's policies taken together. They reason about configurations, not raw
// policy counts: a mesh that writes several policies to one proxy (Istio ambient's HBONE and
// plaintext pair) is one configuration (electron/core/mesh/match.ts groups them).

export const multipleProxies: EndpointRule = {
  id: 'endpoint.multiple-proxies',
  title: 'Policies for more than one proxy on an endpoint (one proxy per pod).',
  check(ep) {
    if (ep.groups.length < 2) return [];
    const names = ep.groups.map((g) => describeGroup(g, ep.proxies));
    return [
      policyFinding(
        this.id,
        'error',
        ep,
        undefined,
        `Endpoint ${ep.name || ep.id} carries L4WFPPROXY policies for ${ep.groups.length} different proxies: ${names.join('; ')}. HNS supports one proxy per pod, so which one wins is not defined.`,
        'Keep one proxy’s policies (remove the others by index). Two meshes or CNIs both configured this pod.',
        {
          count: ep.proxies.length,
          proxies: names,
          policies: ep.proxies.map((p) => p.raw),
        },
      ),
    ];
  },
};

export const duplicateConfiguration: EndpointRule = {
  id: 'endpoint.duplicate-configuration',
  title: 'The same proxy configuration applied twice (a writer ran again and appended).',
  check(ep) {
    return ep.groups
      .filter((g) => g.duplicates.length > 0)
      .map((g) =>
        policyFinding(
          this.id,
          'error',
          ep,
          ep.proxies.find((p) => p.index === g.duplicates[0]),
          `${describeGroup(g, ep.proxies)}: polic${g.duplicates.length === 1 ? 'y' : 'ies'} ${g.duplicates.map((i) => `#${i}`).join(', ')} repeat${g.duplicates.length === 1 ? 's' : ''} a policy already on the endpoint, so HNS holds two redirects for the same traffic; which one applies is not defined.`,
          'Remove the repeated policies by index (or clear and let the owner re-apply once). Usually a CNI or node agent ran twice.',
          { duplicates: g.duplicates, owner: g.profile?.owner ?? null },
        ),
      );
  },
};

export const incompleteMesh: EndpointRule = {
  id: 'endpoint.incomplete-mesh',
  title: 'Part of a known writer’s policy set is missing (a half-configured pod).',
  check(ep) {
    return ep.groups
      .filter((g) => g.profile && g.missing.length > 0)
      .map((g) =>
        policyFinding(
          this.id,
          'warning',
          ep,
          undefined,
          `${describeGroup(g, ep.proxies)} is missing its ${g.missing.map((t) => `${t.name} policy (inbound ${t.inbound ?? '-'}, outbound ${t.outbound ?? '-'})`).join(' and ')}: ${g.profile?.owner} writes them together, so part of the pod’s traffic bypasses the proxy.`,
          `Let ${g.profile?.owner} re-apply its policies (restart the pod or the node agent), or restore them from the journal if this app removed them.`,
          { owner: g.profile?.owner ?? null, missing: g.missing.map((t) => t.name) },
        ),
      );
  },
};

type Direction = 'inbound' | 'outbound';

/** The number of FilterTuple conditions: WFP weighs a more specific filter higher when no weight is given (inferred). */
function specificity(p: ProxySettingsRaw): number {
  return [p.localAddresses, p.remoteAddresses, p.localPorts, p.remotePorts].filter((l) => l.length > 0)
    .length;
}

/**
 * Can one connection in this direction match both policies? Destination port = RemotePorts minus
 * that direction's port exceptions; addresses and source ports by their own fields
 * (docs/flow-semantics.md).
 */
function overlapIn(a: ProxySettingsRaw, b: ProxySettingsRaw, d: Direction): boolean {
  const ex = (p: ProxySettingsRaw) => (d === 'inbound' ? p.inboundExceptions : p.outboundExceptions).ports;
  return (
    addressListsOverlap(a.localAddresses, b.localAddresses) &&
    addressListsOverlap(a.remoteAddresses, b.remoteAddresses) &&
    portListsOverlap(a.localPorts, b.localPorts) &&
    portSetsOverlap(a.remotePorts, b.remotePorts, [...ex(a), ...ex(b)])
  );
}

function target(p: ProxySettingsRaw, d: Direction): number | undefined {
  return toPort(d === 'inbound' ? p.inboundProxyPort : p.outboundProxyPort);
}

export const ambiguousPriority: EndpointRule = {
  id: 'proxy.ambiguous-priority',
  title: 'Two policies of equal priority and specificity send the same connection to different ports.',
  check(ep) {
    const out = [];
    for (let i = 0; i < ep.proxies.length; i++) {
      for (let j = i + 1; j < ep.proxies.length; j++) {
        const a = ep.proxies[i] as ProxySettingsRaw;
        const b = ep.proxies[j] as ProxySettingsRaw;
        if ((a.priority ?? 0) !== (b.priority ?? 0) || specificity(a) !== specificity(b)) continue;
        const dirs = (['inbound', 'outbound'] as const).filter((d) => {
          const ta = target(a, d);
          const tb = target(b, d);
          return ta !== undefined && tb !== undefined && ta !== tb && overlapIn(a, b, d);
        });
        if (dirs.length === 0) continue;
        out.push(
          policyFinding(
            this.id,
            'warning',
            ep,
            b,
            `Proxy policies #${a.index} and #${b.index} have the same priority (${a.priority ?? 'unset'}) and equally specific filters, and both match some ${dirs.join(' and ')} connections but redirect them to different ports (${dirs.map((d) => `${target(a, d)} vs ${target(b, d)}`).join('; ')}): WFP may apply either one.`,
            'Give them different priorities (higher wins), make their filters disjoint (or except the other’s ports), or keep only one.',
            { policyIndexes: [a.index, b.index], priority: a.priority ?? null, directions: dirs },
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
