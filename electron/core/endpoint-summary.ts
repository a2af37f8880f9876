import {
  getArray,
  getKey,
  getString,
  guidOf,
  isObject,
  L4WFPPROXY,
  type HostComputeEndpoint,
  type HostComputeNamespace,
  type HostComputeNetwork,
} from '../../native/hns-json';
import type { EndpointSummary } from './views';

/** Index of networks and namespaces so that summarising N endpoints stays O(N). */
export interface Topology {
  /** A network's name, by canonical id. */
  networkName(id: string): string;
  /** Namespace holding the endpoint: its own HostComputeNamespace or a namespace resource naming it. */
  namespaceOf(ep: HostComputeEndpoint): HostComputeNamespace | undefined;
  /** The pod (`namespace/name`) whose sandbox holds the namespace, when the CRI named one. */
  podOf(namespaceId: string): string | undefined;
}

export function buildTopology(
  networks: HostComputeNetwork[],
  namespaces: HostComputeNamespace[],
  pods: ReadonlyMap<string, string> = new Map(),
): Topology {
  const netNames = new Map<string, string>();
  for (const n of networks) netNames.set(guidOf(n, 'ID') ?? '', getString(n, 'Name') ?? '');
  const nsById = new Map<string, HostComputeNamespace>();
  const nsByEndpoint = new Map<string, HostComputeNamespace>();
  for (const ns of namespaces) {
    nsById.set(guidOf(ns, 'ID') ?? '', ns);
    for (const r of getArray(ns, 'Resources')) {
      if (getString(r, 'Type') === 'Endpoint') {
        const id = guidOf(getKey(r, 'Data'), 'ID');
        if (id) nsByEndpoint.set(id, ns);
      }
    }
  }
  return {
    networkName: (id) => netNames.get(id) ?? '',
    podOf: (id) => pods.get(id),
    namespaceOf: (ep) => {
      const own = guidOf(ep, 'HostComputeNamespace');
      return (own && nsById.get(own)) || nsByEndpoint.get(guidOf(ep, 'ID') ?? '');
    },
  };
}

export function containerIdsOf(ns: HostComputeNamespace | undefined, ep: HostComputeEndpoint): string[] {
  const ids = new Set<string>();
  for (const r of getArray(ns, 'Resources')) {
    if (getString(r, 'Type') === 'Container') {
      const id = getString(getKey(r, 'Data'), 'ID');
      if (id) ids.add(id);
    }
  }
  // v1 output (and some v2 Health.Extra) names the containers sharing the endpoint.
  for (const c of getArray(ep, 'SharedContainers')) if (typeof c === 'string') ids.add(c);
  for (const c of getArray(getKey(getKey(ep, 'Health'), 'Extra'), 'SharedContainers'))
    if (typeof c === 'string') ids.add(c);
  return [...ids];
}

export function isProxyPolicy(p: unknown): boolean {
  return (getString(p, 'Type') ?? '').toUpperCase() === L4WFPPROXY;
}

export function summarizeEndpoint(ep: HostComputeEndpoint, topo: Topology): EndpointSummary {
  // Ids as read from HNS JSON, made canonical here (guidOf): the views carry one spelling.
  const id = guidOf(ep, 'ID') ?? '';
  const networkId = guidOf(ep, 'HostComputeNetwork') ?? '';
  const ns = topo.namespaceOf(ep);
  const policies = getArray(ep, 'Policies').filter(isObject);
  const other = new Set<string>();
  let proxies = 0;
  for (const p of policies) {
    if (isProxyPolicy(p)) proxies++;
    else other.add(getString(p, 'Type') ?? '?');
  }
  const ips = getArray(ep, 'IpConfigurations')
    .map((c) => getString(c, 'IpAddress'))
    .filter((s): s is string => !!s);
  const flags = getKey(ep, 'Flags');
  const namespaceId = (ns && guidOf(ns, 'ID')) ?? guidOf(ep, 'HostComputeNamespace') ?? '';
  const pod = namespaceId ? topo.podOf(namespaceId) : undefined;
  return {
    id,
    name: getString(ep, 'Name') ?? '',
    networkId,
    networkName: networkId ? topo.networkName(networkId) : '',
    ipAddresses: ips,
    macAddress: getString(ep, 'MacAddress') ?? '',
    namespaceId,
    containerIds: containerIdsOf(ns, ep),
    ...(pod ? { pod } : {}),
    proxyPolicyCount: proxies,
    otherPolicyTypes: [...other],
    isRemote: typeof flags === 'number' ? (flags & 1) === 1 : getKey(ep, 'IsRemoteEndpoint') === true,
  };
}
