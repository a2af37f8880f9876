import type { FieldIssue } from '../../base/app-error';
import { isIpv4, parseAddress, parsePort, parsePortSpec } from '../policy/validate';

// Matching primitives shared by the flow explainer and the diagnostics rules. Parsing goes through
// policy/validate.ts so "what is a port / an IPv4 prefix" has one definition in the app.

export interface PortRange {
  from: number;
  to: number;
}

/** "80" or "8000-8080" → a range; undefined when the text is not a valid port spec. */
export function toPortRange(spec: string): PortRange | undefined {
  const issues: FieldIssue[] = [];
  const norm = parsePortSpec(spec, 'port', issues);
  if (!norm) return undefined;
  const [a, b] = norm.split('-');
  return { from: Number(a), to: Number(b ?? a) };
}

/** A proxy port as HNS stores it (a string); undefined when it is not 1–65535. */
export function toPort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  return parsePort(raw, 'port', []);
}

export function portInSpecs(port: number, specs: string[]): string | undefined {
  return specs.find((s) => {
    const r = toPortRange(s);
    return !!r && port >= r.from && port <= r.to;
  });
}

export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc * 256 + Number(o)) >>> 0, 0);
}

export interface Ipv4Prefix {
  base: number;
  bits: number;
}

/** IPv4 address or prefix; undefined for IPv6 or malformed text (parseAddress names which). */
export function toPrefix(raw: string): Ipv4Prefix | undefined {
  const norm = parseAddress(raw, 'address', []);
  if (!norm) return undefined;
  const [addr, bits] = norm.split('/');
  const n = bits === undefined ? 32 : Number(bits);
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return { base: (ipToInt(addr as string) & mask) >>> 0, bits: n };
}

export function ipInPrefix(ip: string, prefix: Ipv4Prefix): boolean {
  if (!isIpv4(ip)) return false;
  const mask = prefix.bits === 0 ? 0 : (0xffffffff << (32 - prefix.bits)) >>> 0;
  return (ipToInt(ip) & mask) >>> 0 === prefix.base;
}

export function ipInList(ip: string, list: string[]): string | undefined {
  return list.find((entry) => {
    const p = toPrefix(entry);
    return !!p && ipInPrefix(ip, p);
  });
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  const bits = Math.min(a.bits, b.bits);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

export function isIpv6Text(raw: string): boolean {
  return raw.includes(':');
}

/** Two address filters overlap when either is "any" (empty) or some entries intersect. */
export function addressListsOverlap(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((x) => {
    const px = toPrefix(x);
    return (
      !!px &&
      b.some((y) => {
        const py = toPrefix(y);
        return !!py && prefixesOverlap(px, py);
      })
    );
  });
}

export function portListsOverlap(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((x) => {
    const rx = toPortRange(x);
    return (
      !!rx &&
      b.some((y) => {
        const ry = toPortRange(y);
        return !!ry && rangesOverlap(rx, ry);
      })
    );
  });
}

/**
 * Do two destination-port sets share a port? Each set is a port filter (empty = every port) minus
 * that policy's port exceptions; exceptions of either policy remove a port from the overlap.
 */
export function portSetsOverlap(a: string[], b: string[], except: string[]): boolean {
  const all = (l: string[]) =>
    l.length === 0 ? [{ from: 1, to: 65535 }] : l.flatMap((x) => toPortRange(x) ?? []);
  const out = new Set(except.map((x) => toPort(x)).filter((x): x is number => x !== undefined));
  for (const ra of all(a)) {
    for (const rb of all(b)) {
      const from = Math.max(ra.from, rb.from);
      const to = Math.min(ra.to, rb.to);
      if (from > to) continue;
      let excepted = 0;
      for (const x of out) if (x >= from && x <= to) excepted++;
      if (to - from + 1 > excepted) return true;
    }
  }
  return false;
}

/** SID prefix match, as the hcnproxyctrl README describes UserSID ("supports prefix matching"). */
export function sidMatches(processSid: string, policySid: string): boolean {
  const p = processSid.toUpperCase();
  const s = policySid.toUpperCase();
  // Component-wise: S-1-5-2 must not match S-1-5-20.
  return p === s || p.startsWith(s + '-');
}
