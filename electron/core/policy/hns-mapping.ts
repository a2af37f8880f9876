import { getKey, isObject, L4WFPPROXY, type EndpointPolicy, type JsonObject } from '../../../native/hns-json';
import type { FieldIssue } from '../../base/app-error';
import type { ProxyExceptionsModel, ProxyPolicy } from './model';
import { MSG, SID_RE, validateProxyPolicy } from './validate';

// ProxyPolicy ⇄ HNS L4WFPPROXY JSON (docs/hcn-api.md §2.6). Writes use only the current field names
// (Inbound/OutboundProxyPort, never the removed `Port`); reads are case-insensitive and keep the raw
// object so a Remove can send back exactly what HNS returned.

/** TCP as HNS spells it in FilterTuple.Protocols. */
export const PROTOCOL_TCP = '6';

function exceptionsToHns(e: ProxyExceptionsModel): JsonObject {
  // hcsshim marshals an empty ProxyExceptions struct as {} (Go never omits struct fields), so do we.
  const out: JsonObject = {};
  if (e.ipAddresses.length > 0) out.IpAddressExceptions = [...e.ipAddresses];
  if (e.ports.length > 0) out.PortExceptions = e.ports.map(String);
  return out;
}

/** The exact EndpointPolicy HNS expects: ports and protocol as strings, Priority a number, lists joined by ",". */
export function toHns(p: ProxyPolicy): EndpointPolicy {
  const filter: JsonObject = { Protocols: PROTOCOL_TCP };
  if (p.localAddresses.length > 0) filter.LocalAddresses = p.localAddresses.join(',');
  if (p.remoteAddresses.length > 0) filter.RemoteAddresses = p.remoteAddresses.join(',');
  if (p.localPorts.length > 0) filter.LocalPorts = p.localPorts.join(',');
  if (p.remotePorts.length > 0) filter.RemotePorts = p.remotePorts.join(',');
  // Go's omitempty drops Priority 0; HNS treats a missing Priority as 0.
  if (p.priority) filter.Priority = p.priority;
  const settings: JsonObject = {};
  if (p.inboundProxyPort !== undefined) settings.InboundProxyPort = String(p.inboundProxyPort);
  if (p.outboundProxyPort !== undefined) settings.OutboundProxyPort = String(p.outboundProxyPort);
  settings.FilterTuple = filter;
  if (p.userSid) settings.UserSID = p.userSid;
  settings.InboundExceptions = exceptionsToHns(p.inboundExceptions);
  settings.OutboundExceptions = exceptionsToHns(p.outboundExceptions);
  return { Type: L4WFPPROXY, Settings: settings };
}

const SETTINGS_KEYS = [
  'InboundProxyPort',
  'OutboundProxyPort',
  'FilterTuple',
  'UserSID',
  'InboundExceptions',
  'OutboundExceptions',
  'Port',
];
const FILTER_KEYS = [
  'Protocols',
  'LocalAddresses',
  'RemoteAddresses',
  'LocalPorts',
  'RemotePorts',
  'Priority',
];
const EXCEPTION_KEYS = ['IpAddressExceptions', 'PortExceptions'];

function unknownKeys(obj: unknown, known: string[], path: string): string[] {
  if (!isObject(obj)) return [];
  const lower = new Set(known.map((k) => k.toLowerCase()));
  return Object.keys(obj)
    .filter((k) => !lower.has(k.toLowerCase()))
    .map((k) => (path ? `${path}.${k}` : k));
}

/** "80,8080" or ["80"] or 80 → list of trimmed strings. */
function listOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
  return String(v)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function portText(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

export interface ParsedHnsPolicy {
  /** The model, or null when HNS holds something our rules cannot express (issues say why). */
  policy: ProxyPolicy | null;
  /** The removed `Port` field, when HNS (or an old writer such as hcnproxyctrl) left one. */
  legacyPort?: string;
  /** Fields we do not model, as dotted paths ("Settings.CompartmentID"); they stay in raw. */
  unknownFields: string[];
  issues: FieldIssue[];
  raw: EndpointPolicy;
}

/** Reads one HNS policy object ({Type, Settings}) case-insensitively. */
export function fromHns(raw: unknown): ParsedHnsPolicy {
  const policyObj = (isObject(raw) ? raw : {}) as EndpointPolicy;
  const s = getKey(raw, 'Settings');
  const ft = getKey(s, 'FilterTuple');
  const ie = getKey(s, 'InboundExceptions');
  const oe = getKey(s, 'OutboundExceptions');
  const unknownFields = [
    ...unknownKeys(raw, ['Type', 'Settings'], ''),
    ...unknownKeys(s, SETTINGS_KEYS, 'Settings'),
    ...unknownKeys(ft, FILTER_KEYS, 'Settings.FilterTuple'),
    ...unknownKeys(ie, EXCEPTION_KEYS, 'Settings.InboundExceptions'),
    ...unknownKeys(oe, EXCEPTION_KEYS, 'Settings.OutboundExceptions'),
  ];
  const legacyPort = portText(getKey(s, 'Port'));
  const exceptions = (e: unknown) => ({
    ipAddresses: listOf(getKey(e, 'IpAddressExceptions')),
    ports: listOf(getKey(e, 'PortExceptions')),
  });
  const loose = {
    inboundProxyPort: portText(getKey(s, 'InboundProxyPort')),
    outboundProxyPort: portText(getKey(s, 'OutboundProxyPort')),
    userSid: getKey(s, 'UserSID') ?? undefined,
    localAddresses: listOf(getKey(ft, 'LocalAddresses')),
    remoteAddresses: listOf(getKey(ft, 'RemoteAddresses')),
    localPorts: listOf(getKey(ft, 'LocalPorts')),
    remotePorts: listOf(getKey(ft, 'RemotePorts')),
    priority: getKey(ft, 'Priority') ?? undefined,
    protocol: portText(getKey(ft, 'Protocols')),
    inboundExceptions: exceptions(ie),
    outboundExceptions: exceptions(oe),
  };
  const v = validateProxyPolicy(loose, '', { requireProxyPort: false });
  const issues = v.ok ? [] : [...v.issues];
  // `system` is hcnproxyctl's input shorthand for S-1-5-18; HNS itself stores whatever it was given,
  // and a literal "system" there is no SID at all (nothing matches it), so do not read it as S-1-5-18.
  const sidRaw = loose.userSid;
  if (
    typeof sidRaw === 'string' &&
    sidRaw.trim() !== '' &&
    !SID_RE.test(sidRaw.trim()) &&
    !issues.some((i) => i.field === 'userSid')
  ) {
    issues.push({ field: 'userSid', code: 'sid.format', message: MSG.sidFormat });
  }
  const out: ParsedHnsPolicy = {
    policy: v.ok && issues.length === 0 ? v.value : null,
    unknownFields,
    issues,
    raw: policyObj,
  };
  if (legacyPort !== undefined) out.legacyPort = legacyPort;
  return out;
}

/** Same policy in meaning (HNS may echo keys in another case or order, or drop empty parts). */
export function samePolicy(a: ProxyPolicy | null, b: ProxyPolicy | null): boolean {
  if (!a || !b) return false;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(p: ProxyPolicy): unknown {
  const sorted = (xs: readonly (string | number)[]) => [...xs].map(String).sort();
  return [
    p.inboundProxyPort ?? null,
    p.outboundProxyPort ?? null,
    (p.userSid ?? '').toUpperCase(),
    sorted(p.localAddresses),
    sorted(p.remoteAddresses),
    sorted(p.localPorts),
    sorted(p.remotePorts),
    p.priority ?? 0,
    sorted(p.inboundExceptions.ipAddresses),
    sorted(p.inboundExceptions.ports),
    sorted(p.outboundExceptions.ipAddresses),
    sorted(p.outboundExceptions.ports),
  ];
}
