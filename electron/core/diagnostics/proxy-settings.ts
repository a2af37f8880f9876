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
}

/** HNS writes ports as strings, but numbers appear in hand-made JSON; keep the text. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** FiveTuple fields are single strings; several entries are comma separated (inferred, see docs/flow-semantics.md). */
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(text).filter((s): s is string => !!s);
  const s = text(v);
  return s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

function exceptions(v: unknown): ProxyExceptionsRaw {
  return { ipAddresses: list(getKey(v, 'IpAddressExceptions')), ports: list(getKey(v, 'PortExceptions')) };
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
  return {
    index,
    raw: policy,
    inboundProxyPort: text(getKey(s, 'InboundProxyPort')),
    outboundProxyPort: text(getKey(s, 'OutboundProxyPort')),
    legacyPort: mapped.legacyPort,
    userSid: text(getKey(s, 'UserSID')),
    protocols: text(getKey(tuple, 'Protocols')),
    localAddresses: list(getKey(tuple, 'LocalAddresses')),
    remoteAddresses: list(getKey(tuple, 'RemoteAddresses')),
    localPorts: list(getKey(tuple, 'LocalPorts')),
    remotePorts: list(getKey(tuple, 'RemotePorts')),
    priority: prNum === 0 ? undefined : prNum,
    inboundExceptions: exceptions(inEx),
    outboundExceptions: exceptions(outEx),
    // One definition of "known field" and of the legacy Port: the shared HNS mapping's.
    unknownFields: mapped.unknownFields.map((f) => f.replace(/^Settings\./, '')),
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
