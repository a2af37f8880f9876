import { getKey, isObject } from '../hns-json';

// What is this file, if not endpoints? Admins export the wrong list (networks sit beside endpoints
// in collectlogs output), or save PowerShell's console formatting instead of JSON. Recognising these
// before parsing turns "document 1 is not valid JSON" or a silent wrong load into a message that says
// what the file is and how to export endpoints instead.

export const EXPORT_HINT = 'export endpoints with Get-HnsEndpoint | ConvertTo-Json -Depth 10';

/** Keys only an HNS network (v1 Get-HnsNetwork or v2 HostComputeNetwork) carries. */
const NETWORK_KEYS = [
  'Subnets',
  'MacPools',
  'Ipams',
  'ManagementIP',
  'NetworkAdapterName',
  'CurrentEndpointCount',
  'MaxConcurrentEndpoints',
  'NatName',
  'LayeredOn',
  'Extensions',
];
/** Keys an endpoint carries (v1 or v2). */
const ENDPOINT_KEYS = [
  'VirtualNetwork',
  'VirtualNetworkName',
  'IPAddress',
  'MacAddress',
  'HostComputeNetwork',
  'IpConfigurations',
  'IsRemoteEndpoint',
  'SharedContainers',
];
const NAMESPACE_KEYS = ['CompartmentId', 'CompartmentGuid', 'NamespaceId'];
const LB_POLICY_KEYS = ['References', 'IsApplied', 'FrontendVIPs'];

const hasAny = (o: unknown, keys: string[]) => keys.some((k) => getKey(o, k) !== undefined);

/** LB policies name their endpoints (References) and networks, so they are checked first. */
function kindOfKeys(o: unknown): ForeignKind | 'endpoint' | undefined {
  if (hasAny(o, LB_POLICY_KEYS)) return 'policy-list';
  if (hasAny(o, ENDPOINT_KEYS)) return 'endpoint';
  if (hasAny(o, NETWORK_KEYS)) return 'network';
  if (hasAny(o, NAMESPACE_KEYS)) return 'namespace';
  return undefined;
}

export type ForeignKind = 'network' | 'namespace' | 'policy-list';

/** Which HNS list a set of parsed items is, when it is clearly not endpoints. */
export function foreignListKind(items: unknown[]): ForeignKind | undefined {
  const objects = items.filter(isObject);
  const kinds = new Set(objects.map(kindOfKeys));
  if (kinds.size !== 1 || kinds.has('endpoint') || kinds.has(undefined)) return undefined;
  return [...kinds][0] as ForeignKind;
}

export function foreignListMessage(kind: ForeignKind, how = ''): string {
  const [name, from] = {
    network: ['a network list', 'HNS networks, as Get-HnsNetwork or hnsdiag list networks write them'],
    namespace: ['a namespace list', 'HNS namespaces, as Get-HnsNamespace writes them'],
    'policy-list': [
      'a load-balancer policy list',
      'HNS load-balancer policies, as Get-HnsPolicyList writes them',
    ],
  }[kind];
  return `this is ${name}; ${EXPORT_HINT} (the file holds ${from}${how}).`;
}

/** "Key   : value" lines of PowerShell's default list view (Format-List). */
const LIST_LINE = /^([A-Za-z][A-Za-z0-9]*)\s*: ?(.*)$/;
/**
 * hnsdiag's own text (without -df) is "Name : value" lines too, with spaced names and the object's
 * GUID after a colon: a public log script cuts the endpoint ID out of the line two above an IP
 * address match (IndexOf(":") + 2, 37 characters). Names with spaces never occur in PowerShell's view.
 */
const HNSDIAG_LINE = /^\s*([A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)+)\s*: ?(.*)$/;
const GUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The dashes line under a table header (Format-Table, hnsdiag list …). */
const DASHES = /^\s*-{2,}(\s+-{2,})*\s*$/;

export interface ConsoleFormat {
  kind: 'list' | 'table';
  /** What the rows describe, when the keys tell. */
  of?: ForeignKind | 'endpoint';
  /** hnsdiag's own table (its header names HNS columns without PowerShell's list layout). */
  hnsdiag?: boolean;
}

/** Recognises console formatting (not JSON) in the lines a JSON scan skipped. */
export function consoleFormat(lines: string[]): ConsoleFormat | undefined {
  const listKeys = lines.map((l) => LIST_LINE.exec(l)?.[1]).filter((k): k is string => !!k);
  const keyed = Object.fromEntries(listKeys.map((k) => [k, true]));
  const of = (): ConsoleFormat['of'] => kindOfKeys(keyed);
  const dashIdx = lines.findIndex((l) => DASHES.test(l));
  if (dashIdx > 0) {
    const header = lines[dashIdx - 1] ?? '';
    const hnsdiag = /\b(Name|ID|Id)\b/.test(header) && /Network|Endpoint|IP ?Address|Virtual/i.test(header);
    const cols = header.split(/\s{2,}/).map((c) => c.replace(/\s+/g, ''));
    const colKeys = Object.fromEntries(cols.map((c) => [c, true]));
    const tableOf = kindOfKeys(colKeys);
    return { kind: 'table', ...(tableOf ? { of: tableOf } : {}), hnsdiag };
  }
  const spaced = lines.filter((l) => HNSDIAG_LINE.test(l));
  if (spaced.length >= 2 && lines.some((l) => /:\s*\S/.test(l) && GUID_TEXT.test(l))) {
    return { kind: 'table', hnsdiag: true };
  }
  if (listKeys.length >= 3 && listKeys.some((k) => k.toUpperCase() === 'ID')) {
    const o = of();
    return { kind: 'list', ...(o ? { of: o } : {}) };
  }
  return undefined;
}

export function consoleFormatMessage(f: ConsoleFormat): string {
  if (f.of && f.of !== 'endpoint') return foreignListMessage(f.of, ' in PowerShell’s console format');
  if (f.kind === 'list') {
    return 'this is PowerShell’s list output (Get-HnsEndpoint without ConvertTo-Json: "@{…}" cells are text, not data); pipe it to ConvertTo-Json -Depth 10 (Get-HnsEndpoint | ConvertTo-Json -Depth 10).';
  }
  return f.hnsdiag
    ? 'this is hnsdiag’s text output (hnsdiag list endpoints without -df), which has no policy data; run "hnsdiag list endpoints -df", or Get-HnsEndpoint and pipe it to ConvertTo-Json -Depth 10.'
    : 'this is a console table (Format-Table output), not data; pipe Get-HnsEndpoint to ConvertTo-Json -Depth 10 instead.';
}
