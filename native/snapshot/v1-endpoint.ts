import {
  getKey,
  getString,
  isObject,
  type EndpointPolicy,
  type HostComputeEndpoint,
  type JsonObject,
} from '../hns-json';

// HNS v1 endpoint JSON (Get-HnsEndpoint, HNSCall GET /endpoints/, hnsdiag -df) → the v2 model the
// app works in (docs/hcn-api.md §5.6; hcsshim internal/hns HNSEndpoint for the v1 names). Every v1 field
// with a v2 meaning is mapped; every other field is kept as-is, so nothing the user captured is lost.
// The list, with what stays unmapped and why, is in docs/flow-semantics.md ("Snapshots").

const MAPPED = new Set(
  [
    'ID',
    'Name',
    'VirtualNetwork',
    'IPAddress',
    'PrefixLength',
    'MacAddress',
    'Policies',
    'IsRemoteEndpoint',
    'DNSServerList',
    'DNSSuffix',
    'DNSDomain',
    'GatewayAddress',
    'GatewayAddressV6',
    'IPv6Address',
    'IPv6PrefixLength',
    'Namespace',
  ].map((k) => k.toLowerCase()),
);

/** v1 shape: has one of the v1-only keys and none of the v2-only ones. */
export function isV1Endpoint(o: JsonObject): boolean {
  const has = (k: string) => getKey(o, k) !== undefined;
  if (has('HostComputeNetwork') || has('IpConfigurations')) return false;
  return has('VirtualNetwork') || has('VirtualNetworkName') || has('IPAddress') || has('IsRemoteEndpoint');
}

const splitList = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [])
    .map((s) => s.trim())
    .filter(Boolean);

/** v1 policies are flat ({Type, ...settings}); v2 nests the settings under Settings. */
export function v1PolicyToV2(p: unknown): EndpointPolicy {
  if (!isObject(p)) {
    // Depth-truncated by ConvertTo-Json: "@{...; Type=L4WFPPROXY; ...}". Keep the type if it shows,
    // and the text, so the policy is visible (and flagged) rather than silently dropped.
    const text = String(p);
    const type = /(?:^@\{|;\s*)Type=([^;}]*)/.exec(text)?.[1]?.trim();
    return { Type: type || 'Unknown', Truncated: text };
  }
  const settings: JsonObject = {};
  let type = '';
  for (const [k, v] of Object.entries(p)) {
    if (k.toLowerCase() === 'type') type = String(v);
    else settings[k] = v;
  }
  return Object.keys(settings).length ? { Type: type, Settings: settings } : { Type: type };
}

function ipConfig(ip: string | undefined, prefixRaw: unknown) {
  if (!ip) return undefined;
  const prefix = Number(prefixRaw);
  return prefixRaw !== undefined && prefixRaw !== null && Number.isFinite(prefix)
    ? { IpAddress: ip, PrefixLength: prefix }
    : { IpAddress: ip };
}

export function v1EndpointToV2(o: JsonObject): HostComputeEndpoint {
  const ep: HostComputeEndpoint = { ID: getString(o, 'ID') ?? '' };
  const name = getString(o, 'Name');
  if (name !== undefined) ep.Name = name;
  const network = getString(o, 'VirtualNetwork');
  if (network) ep.HostComputeNetwork = network;
  const ipConfigs = [
    ipConfig(getString(o, 'IPAddress'), getKey(o, 'PrefixLength')),
    ipConfig(getString(o, 'IPv6Address'), getKey(o, 'IPv6PrefixLength')),
  ].filter((c): c is NonNullable<typeof c> => c !== undefined);
  if (ipConfigs.length) ep.IpConfigurations = ipConfigs;
  // Get-HnsEndpoint shows the attachment as Namespace: {ID, IsDefault}; v2 calls it HostComputeNamespace.
  const ns = getString(getKey(o, 'Namespace'), 'ID');
  if (ns) ep.HostComputeNamespace = ns;
  const mac = getString(o, 'MacAddress');
  if (mac) ep.MacAddress = mac;
  const policies = getKey(o, 'Policies');
  if (Array.isArray(policies)) ep.Policies = policies.map(v1PolicyToV2);
  // EndpointFlags bit 0 (value 1) is RemoteEndpoint.
  ep.Flags = getKey(o, 'IsRemoteEndpoint') === true ? 1 : 0;
  const servers = splitList(getKey(o, 'DNSServerList'));
  const suffixes = splitList(getKey(o, 'DNSSuffix'));
  const domain = getString(o, 'DNSDomain') || suffixes[0];
  if (servers.length || suffixes.length || domain) {
    ep.Dns = {
      ...(domain ? { Domain: domain } : {}),
      ...(suffixes.length ? { Search: suffixes } : {}),
      ...(servers.length ? { ServerList: servers } : {}),
    };
  }
  const routes = [
    [getString(o, 'GatewayAddress'), '0.0.0.0/0'],
    [getString(o, 'GatewayAddressV6'), '::/0'],
  ]
    .filter(([gw]) => !!gw)
    .map(([gw, prefix]) => ({ NextHop: gw as string, DestinationPrefix: prefix as string }));
  if (routes.length) ep.Routes = routes;
  for (const [k, v] of Object.entries(o)) if (!MAPPED.has(k.toLowerCase())) ep[k] = v;
  return ep;
}
