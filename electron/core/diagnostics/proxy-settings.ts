import {
  getArray,
  getKey,
  getString,
  isObject,
  L4WFPPROXY,
  type HostComputeEndpoint,
} from '../../../native/hns-json';
import { fromHns } from '../policy/hns-mapping';
import { isProxyPolicy } from '../endpoint-summary';

// A raw-level reading of one L4WFPPROXY policy, as diagnostics and the flow explainer need it.
// Deliberately not the validated ProxyPolicy model: that model cannot hold the very things these
// rules look for (IPv6 text, protocol 17, a bad port, the removed `Port` field). Values stay as
// HNS wrote them; parsing into numbers/ranges uses the shared helpers in policy/validate.ts.
// Which fields exist (and the legacy Port) come from policy/hns-mapping.ts fromHns.

export interface ProxyExceptionsRaw {
  ipAddresses: string[];
  ports: string[];
}

export interface ProxySettingsRaw {
  /** Position among the endpoint's L4WFPPROXY policies (0-based), as `remove <ep> <n>` uses it. */
  index: number;
  raw: unknown;
  inboundProxyPort?: string;
  outboundProxyPort?: string;
  /** The removed pre-v0.8.12 field the seed library still writes. */
  legacyPort?: string;
  userSid?: string;
  protocols?: string;
  localAddresses: string[];
  remoteAddresses: string[];
  localPorts: string[];
  remotePorts: string[];
  priority?: number;
  inboundExceptions: ProxyExceptionsRaw;
  outboundExceptions: ProxyExceptionsRaw;
  /** Settings keys HNS does not know: it ignores them silently (hcsshim PR #673). */
  unknownFields: string[];
  /**
   * Values with whitespace around them, exactly as HNS returned them (K2s splits its exception
   * lists on "," without trimming, so "4190, 4191" becomes " 4191"). Matching reads them trimmed;
   * whether HNS does is not documented, so diagnostics show the raw text and say so.
   */
  untrimmed: { field: string; raw: string }[];
}

type Untrimmed = ProxySettingsRaw['untrimmed'];

/** HNS writes ports as strings, but numbers appear in hand-made JSON; keep the text. */
function text(v: unknown, field?: string, seen?: Untrimmed): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t !== v && t !== '' && field && seen) seen.push({ field, raw: v });
  return t === '' ? undefined : t;
}

/** FiveTuple fields are single strings; several entries are comma separated (inferred, see docs/flow-semantics.md). */
function list(v: unknown, field: string, seen: Untrimmed): string[] {
  if (Array.isArray(v)) return v.map((x) => text(x, field, seen)).filter((s): s is string => !!s);
  if (typeof v === 'number') return [String(v)];
  if (typeof v !== 'string') return [];
  return v
    .split(',')
    .map((x) => text(x, field, seen))
    .filter((s): s is string => !!s);
}

function exceptions(v: unknown, name: string, seen: Untrimmed): ProxyExceptionsRaw {
  return {
    ipAddresses: list(getKey(v, 'IpAddressExceptions'), `${name}.IpAddressExceptions`, seen),
    ports: list(getKey(v, 'PortExceptions'), `${name}.PortExceptions`, seen),
  };
}

/** v2 policies nest settings under Settings; v1 (Get-HnsEndpoint) output puts them beside Type. */
function settingsOf(policy: unknown): unknown {
  const s = getKey(policy, 'Settings');
  if (isObject(s)) return s;
  if (!isObject(policy)) return {};
  const { Type: _t, ...rest } = policy;
  return rest;
}

export function readProxySettings(policy: unknown, index: number): ProxySettingsRaw {
  const s = settingsOf(policy);
  const mapped = fromHns({ Type: L4WFPPROXY, Settings: s });
  const tuple = getKey(s, 'FilterTuple');
  const pr = getKey(tuple, 'Priority');
  const prNum =
    typeof pr === 'number' ? pr : typeof pr === 'string' && /^\d+$/.test(pr) ? Number(pr) : undefined;
  const inEx = getKey(s, 'InboundExceptions');
  const outEx = getKey(s, 'OutboundExceptions');
  const seen: Untrimmed = [];
  const tupleList = (name: string) => list(getKey(tuple, name), `FilterTuple.${name}`, seen);
  return {
    index,
    raw: policy,
    inboundProxyPort: text(getKey(s, 'InboundProxyPort'), 'InboundProxyPort', seen),
    outboundProxyPort: text(getKey(s, 'OutboundProxyPort'), 'OutboundProxyPort', seen),
    legacyPort: mapped.legacyPort,
    userSid: text(getKey(s, 'UserSID'), 'UserSID', seen),
    protocols: text(getKey(tuple, 'Protocols'), 'FilterTuple.Protocols', seen),
    localAddresses: tupleList('LocalAddresses'),
    remoteAddresses: tupleList('RemoteAddresses'),
    localPorts: tupleList('LocalPorts'),
    remotePorts: tupleList('RemotePorts'),
    priority: prNum === 0 ? undefined : prNum,
    inboundExceptions: exceptions(inEx, 'InboundExceptions', seen),
    outboundExceptions: exceptions(outEx, 'OutboundExceptions', seen),
    // One definition of "known field" and of the legacy Port: the shared HNS mapping's.
    unknownFields: mapped.unknownFields.map((f) => f.replace(/^Settings\./, '')),
    untrimmed: seen,
  };
}

/** The endpoint's L4WFPPROXY policies in HNS order, indexed as the rest of the app indexes them. */
export function proxyPoliciesOf(ep: HostComputeEndpoint): ProxySettingsRaw[] {
  return getArray(ep, 'Policies')
    .filter(isProxyPolicy)
    .map((p, i) => readProxySettings(p, i));
}

export function otherPoliciesOf(ep: HostComputeEndpoint): { type: string; settings: unknown }[] {
  return getArray(ep, 'Policies')
    .filter((p) => isObject(p) && !isProxyPolicy(p))
    .map((p) => ({ type: getString(p, 'Type') ?? '?', settings: getKey(p, 'Settings') ?? p }));
}
