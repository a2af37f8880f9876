import { GUID_RE } from '../../../native/hns-json';
import type { FieldIssue } from '../../base/app-error';
import type { ProxyExceptionsModel, ProxyPolicy } from './model';

// Field-level rules with stable codes. The zod schema, the form, the router and the CLI all call
// these, so a bad value gets the same message everywhere.
//
// What HNS takes as lists, and how we know (reference data, looked up; no host was available):
// - FilterTuple.LocalAddresses / RemoteAddresses / LocalPorts / RemotePorts are single *strings*
//   (hcsshim hcn/hcnpolicy.go FiveTuple). The same-named string fields of HNS's ACL policy take
//   comma-separated lists with IPv4 prefixes: hcsshim's functional-test helper HcnCreateAclsAllowIn
//   sends LocalAddresses "192.168.100.0/24,10.0.0.21" and LocalPorts "80,8080" (and Protocols "6,17").
//   FiveTuple is HNS's shared 5-tuple type, so we accept lists and prefixes there and join them with
//   "," on the wire (toHns). Port ranges "a-b" are WFP range conditions; HNS accepting them in
//   FilterTuple is inferred, not observed on a host.
// - Protocols: a string ("6"); we only ever send "6" because the L4 proxy is TCP-only (hcnproxyctrl
//   README "Current limitations"; its AddPolicy forces "6").
// - InboundExceptions / OutboundExceptions: real JSON arrays of *single* values — IpAddressExceptions
//   ["127.0.0.1"], PortExceptions ["15090"] (hcnproxyctrl README example; hcsshim
//   TestAddL4WfpProxyPolicyOnEndpoint uses 10.0.1.12 / "81"). No public sample uses a prefix or a range
//   there, and HNS silently ignores what it does not understand (hcsshim PR #673), so we refuse
//   prefixes and ranges in exceptions rather than risk a policy that looks right and does nothing.
// - IPv4 only: hcnproxyctrl README "IPv4 traffic only. IPv6 is not supported yet."

export const MSG = {
  portFormat: 'Must be a whole number between 1 and 65535.',
  portRange: 'Port must be between 1 and 65535.',
  rangeOrder: 'Range start must not be greater than its end.',
  ipFormat: 'Must be an IPv4 address such as 10.0.0.4 or a prefix such as 10.0.0.0/16.',
  ipv6: 'HNS L4 proxy supports IPv4 only.',
  prefixRange: 'Prefix length must be between 0 and 32.',
  protocol: 'Only TCP (protocol 6) is supported by the HNS L4 proxy.',
  sidFormat:
    'Must be a SID such as S-1-5-18 (Local System) or S-1-5-32-556 (Network Configuration Operators).',
  priority: 'Priority must be a whole number between 0 and 65535.',
  portsRequired: 'Set an inbound proxy port, an outbound proxy port, or both.',
  guid: 'Must be an endpoint GUID such as 5e6f7081-92a3-4b4c-8d5e-6f708192a3b4.',
  tooLong: 'Value is too long.',
  exceptionPrefix: 'Exceptions take single IPv4 addresses such as 127.0.0.1, not prefixes.',
  exceptionRange: 'Exceptions take single ports, not ranges.',
  type: 'Has the wrong type.',
  unknownField: 'Is not a proxy-policy field.',
} as const;

export const MAX_TEXT = 1024;
export const MAX_LIST = 256;

const issue = (field: string, code: string, message: string): FieldIssue => ({ field, code, message });

export function parsePort(raw: unknown, field: string, issues: FieldIssue[]): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (s === undefined) {
    issues.push(issue(field, 'port.type', MSG.portFormat));
    return undefined;
  }
  if (!/^\d{1,5}$/.test(s)) {
    issues.push(issue(field, 'port.format', MSG.portFormat));
    return undefined;
  }
  const n = Number(s);
  if (n < 1 || n > 65535) {
    issues.push(issue(field, 'port.range', MSG.portRange));
    return undefined;
  }
  return n;
}

/** A port "80" or a range "8000-8080". Returns the normalised text. */
export function parsePortSpec(raw: string, field: string, issues: FieldIssue[]): string | undefined {
  const s = raw.trim();
  const m = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(s);
  if (m) {
    const before = issues.length;
    const a = parsePort(m[1], field, issues);
    const b = parsePort(m[2], field, issues);
    if (issues.length > before || a === undefined || b === undefined) return undefined;
    if (a > b) {
      issues.push(issue(field, 'range.order', MSG.rangeOrder));
      return undefined;
    }
    return a === b ? String(a) : `${a}-${b}`;
  }
  const p = parsePort(s, field, issues);
  return p === undefined ? undefined : String(p);
}

const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);

export function isIpv4(s: string): boolean {
  return IPV4_RE.test(s);
}

/** IPv4 address or prefix (a.b.c.d/n). IPv6 is named as unsupported rather than malformed. */
export function parseAddress(
  raw: string,
  field: string,
  issues: FieldIssue[],
  allowPrefix = true,
): string | undefined {
  const s = raw.trim();
  // "10.0.0.1:8080" is an IPv4 address with a port, not IPv6: it gets the format message.
  if (s.includes(':') && !/^[\d.]+:\d*$/.test(s)) {
    issues.push(issue(field, 'ip.v6', MSG.ipv6));
    return undefined;
  }
  const [addr, prefix, ...rest] = s.split('/');
  if (rest.length > 0 || !addr || !isIpv4(addr) || (prefix !== undefined && !allowPrefix)) {
    issues.push(issue(field, 'ip.format', MSG.ipFormat));
    return undefined;
  }
  if (prefix !== undefined) {
    if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) {
      issues.push(issue(field, 'ip.prefix', MSG.prefixRange));
      return undefined;
    }
    return `${addr}/${Number(prefix)}`;
  }
  return addr;
}

/** Lists arrive as arrays (IPC, JSON) or comma/space separated text (form, CLI). */
export function toList(raw: unknown, field: string, issues: FieldIssue[]): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string') items = raw.split(/[,\s]+/);
  else if (typeof raw === 'number') items = [raw];
  else {
    issues.push(issue(field, 'list.type', MSG.type));
    return [];
  }
  if (items.length > MAX_LIST) {
    issues.push(issue(field, 'list.length', `At most ${MAX_LIST} entries.`));
    return [];
  }
  const out: string[] = [];
  for (const it of items) {
    if (typeof it === 'number') out.push(String(it));
    else if (typeof it === 'string') {
      if (it.length > MAX_TEXT) {
        issues.push(issue(field, 'text.length', MSG.tooLong));
        return [];
      }
      if (it.trim() !== '') out.push(it.trim());
    } else {
      issues.push(issue(field, 'list.type', MSG.type));
      return [];
    }
  }
  return out;
}

function defined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

export const SID_RE = /^S-1-\d{1,14}(-\d{1,10}){0,15}$/i;

export function parseSid(raw: unknown, field: string, issues: FieldIssue[]): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') {
    issues.push(issue(field, 'sid.format', MSG.sidFormat));
    return undefined;
  }
  let s = raw.trim();
  if (s.toLowerCase() === 'system') s = 'S-1-5-18';
  if (s.length > 200 || !SID_RE.test(s)) {
    issues.push(issue(field, 'sid.format', MSG.sidFormat));
    return undefined;
  }
  return s.toUpperCase();
}

export function parsePriority(raw: unknown, field: string, issues: FieldIssue[]): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,5}$/.test(s) || Number(s) > 65535) {
    issues.push(issue(field, 'priority.range', MSG.priority));
    return undefined;
  }
  return Number(s);
}

export function parseProtocol(raw: unknown, field: string, issues: FieldIssue[]): 'TCP' {
  if (raw === undefined || raw === null || raw === '') return 'TCP';
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (s !== 'TCP' && s !== '6') issues.push(issue(field, 'protocol.unsupported', MSG.protocol));
  return 'TCP';
}

function parseExceptions(raw: unknown, field: string, issues: FieldIssue[]): ProxyExceptionsModel {
  if (raw === undefined || raw === null) return { ipAddresses: [], ports: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push(issue(field, 'exceptions.type', MSG.type));
    return { ipAddresses: [], ports: [] };
  }
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (k !== 'ipAddresses' && k !== 'ports')
      issues.push(issue(`${field}.${k}`, 'field.unknown', MSG.unknownField));
  }
  const ipField = `${field}.ipAddresses`;
  const portField = `${field}.ports`;
  // Exceptions are single addresses (HNS's IpAddressExceptions) and single ports (PortExceptions).
  const ipAddresses = toList(r.ipAddresses, ipField, issues)
    .map((a) => {
      if (a.includes('/') && !a.includes(':')) {
        issues.push(issue(ipField, 'exceptions.prefix', MSG.exceptionPrefix));
        return undefined;
      }
      return parseAddress(a, ipField, issues, false);
    })
    .filter(defined);
  const ports = toList(r.ports, portField, issues)
    .map((p) => {
      if (/^\s*\d+\s*-\s*\d+\s*$/.test(p)) {
        issues.push(issue(portField, 'exceptions.range', MSG.exceptionRange));
        return undefined;
      }
      return parsePort(p, portField, issues);
    })
    .filter(defined);
  return { ipAddresses, ports };
}

export const POLICY_FIELDS = [
  'inboundProxyPort',
  'outboundProxyPort',
  'proxyPort',
  'userSid',
  'localAddresses',
  'remoteAddresses',
  'localPorts',
  'remotePorts',
  'priority',
  'protocol',
  'inboundExceptions',
  'outboundExceptions',
] as const;

/** Parses loose input (form strings, IPC JSON, CLI flags) into a ProxyPolicy, or field issues. */
export type PolicyValidation =
  { ok: true; value: ProxyPolicy; warnings: FieldIssue[] } | { ok: false; issues: FieldIssue[] };

export interface ValidateOptions {
  /** Off only when reading what HNS already holds (a legacy `Port`-only policy has neither port). */
  requireProxyPort?: boolean;
}

export function validateProxyPolicy(
  input: unknown,
  prefix = '',
  options: ValidateOptions = {},
): PolicyValidation {
  const issues: FieldIssue[] = [];
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [issue(prefix || 'policy', 'policy.type', 'A policy must be an object.')] };
  }
  const r = input as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!(POLICY_FIELDS as readonly string[]).includes(k))
      issues.push(issue(f(k), 'field.unknown', MSG.unknownField));
  }
  // The seed's single ProxyPort means "both directions".
  const seedPort = parsePort(r.proxyPort, f('proxyPort'), issues);
  const inboundProxyPort = parsePort(r.inboundProxyPort, f('inboundProxyPort'), issues) ?? seedPort;
  const outboundProxyPort = parsePort(r.outboundProxyPort, f('outboundProxyPort'), issues) ?? seedPort;
  const userSid = parseSid(r.userSid, f('userSid'), issues);
  const addrs = (name: string) =>
    toList(r[name], f(name), issues)
      .map((a) => parseAddress(a, f(name), issues))
      .filter(defined);
  const ports = (name: string) =>
    toList(r[name], f(name), issues)
      .map((p) => parsePortSpec(p, f(name), issues))
      .filter(defined);
  const localAddresses = addrs('localAddresses');
  const remoteAddresses = addrs('remoteAddresses');
  const localPorts = ports('localPorts');
  const remotePorts = ports('remotePorts');
  const priority = parsePriority(r.priority, f('priority'), issues);
  const protocol = parseProtocol(r.protocol, f('protocol'), issues);
  const inboundExceptions = parseExceptions(r.inboundExceptions, f('inboundExceptions'), issues);
  const outboundExceptions = parseExceptions(r.outboundExceptions, f('outboundExceptions'), issues);
  const hadPortIssue = issues.some((i) => /ProxyPort$|proxyPort$/.test(i.field));
  const requirePort = options.requireProxyPort ?? true;
  if (requirePort && inboundProxyPort === undefined && outboundProxyPort === undefined && !hadPortIssue) {
    issues.push(issue(f('inboundProxyPort'), 'ports.required', MSG.portsRequired));
  }
  if (issues.length > 0) return { ok: false, issues };
  const value: ProxyPolicy = {
    localAddresses,
    remoteAddresses,
    localPorts,
    remotePorts,
    protocol,
    inboundExceptions,
    outboundExceptions,
  };
  if (inboundProxyPort !== undefined) value.inboundProxyPort = inboundProxyPort;
  if (outboundProxyPort !== undefined) value.outboundProxyPort = outboundProxyPort;
  if (userSid !== undefined) value.userSid = userSid;
  if (priority !== undefined) value.priority = priority;
  return { ok: true, value, warnings: policyWarnings(value, prefix) };
}

/** "80" or "8000-8080" contains port? */
export function portSpecContains(spec: string, port: number): boolean {
  const [a, b] = spec.split('-').map(Number);
  if (a === undefined || Number.isNaN(a)) return false;
  return b === undefined ? a === port : a <= port && port <= b;
}

/**
 * Legal but suspicious combinations. They are warnings, not errors: hcsshim's own integration test
 * (TestAddL4WfpProxyPolicyOnEndpoint) exempts its outbound proxy port "81" on purpose, so refusing
 * it would refuse a shape Microsoft ships. The warnings ride along in ChangeResult.warnings.
 */
export function policyWarnings(p: ProxyPolicy, prefix = ''): FieldIssue[] {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const out: FieldIssue[] = [];
  const dirs = [
    ['inbound', p.inboundProxyPort, p.inboundExceptions, p.localPorts, 'localPorts'],
    ['outbound', p.outboundProxyPort, p.outboundExceptions, p.remotePorts, 'remotePorts'],
  ] as const;
  for (const [dir, port, exc, filter, filterName] of dirs) {
    if (port === undefined) continue;
    if (exc.ports.includes(port)) {
      out.push(
        issue(
          f(`${dir}Exceptions.ports`),
          'proxyPort.isException',
          `The ${dir} proxy port ${port} is also an ${dir} port exception: connections to it are never redirected.`,
        ),
      );
    }
    if (filter.some((s) => portSpecContains(s, port))) {
      out.push(
        issue(
          f(filterName),
          'proxyPort.inFilter',
          `The ${dir} proxy port ${port} is inside the filtered ${filterName}: the proxy's own connections may be redirected back to it.`,
        ),
      );
    }
  }
  if (p.outboundProxyPort !== undefined && !p.userSid) {
    out.push(
      issue(
        f('userSid'),
        'userSid.missing',
        "No user SID: the proxy's own outbound connections will be redirected back to it (a loop). Set the SID the proxy runs as, e.g. S-1-5-32-556.",
      ),
    );
  }
  return out;
}

export function validateGuid(raw: unknown, field: string): FieldIssue | undefined {
  if (typeof raw === 'string' && GUID_RE.test(raw)) return undefined;
  return issue(field, 'guid.format', MSG.guid);
}
