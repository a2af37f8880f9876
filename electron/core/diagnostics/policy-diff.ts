import { toPort } from '../flow/match';
import type { ProxySettingsRaw } from './proxy-settings';

// What differs between a policy and the one it repeats, and what the difference does. "Repeats a
// policy" is only true when nothing differs; two policies in the same role of a set that differ in
// UserSID or exceptions redirect different traffic, and the message says which.

const show = (l: string[]) => (l.length ? l.join(', ') : 'none');

function lacking(a: string[], b: string[], port: boolean): string[] {
  const key = (x: string) => (port ? String(toPort(x) ?? x) : x);
  const have = new Set(b.map(key));
  return a.filter((x) => !have.has(key(x)));
}

/** Compare b (the later policy) with a (the earlier one in the same role). */
export function describeDifferences(
  a: ProxySettingsRaw,
  b: ProxySettingsRaw,
  role?: string,
): { text: string; differs: string[] } {
  const notes: string[] = [];
  const differs: string[] = [];
  if ((a.userSid ?? '').toUpperCase() !== (b.userSid ?? '').toUpperCase()) {
    differs.push('UserSID');
    notes.push(
      b.userSid
        ? `UserSID ${b.userSid} instead of ${a.userSid ?? 'none'}: if the proxy runs as ${a.userSid ?? 'another identity'}, its own connections match #${b.index} and are redirected back into it (a loop)`
        : `no UserSID (#${a.index} has ${a.userSid}): the proxy’s own connections match #${b.index} and are redirected back into it (a loop)`,
    );
  }
  for (const [name, ea, eb] of [
    ['InboundExceptions', a.inboundExceptions, b.inboundExceptions],
    ['OutboundExceptions', a.outboundExceptions, b.outboundExceptions],
  ] as const) {
    const dir = name === 'InboundExceptions' ? 'inbound' : 'outbound';
    const ports = lacking(ea.ports, eb.ports, true);
    const ips = lacking(ea.ipAddresses, eb.ipAddresses, false);
    if (ports.length) {
      differs.push(`${name}.PortExceptions`);
      notes.push(
        `${name}.PortExceptions lacks ${ports.join(', ')}: ${dir} connections to ${ports.length === 1 ? 'that port' : 'those ports'} (admin and probe ports are what writers except) are redirected by #${b.index}`,
      );
    }
    if (ips.length) {
      differs.push(`${name}.IpAddressExceptions`);
      notes.push(
        `${name}.IpAddressExceptions lacks ${ips.join(', ')}: ${dir} traffic with ${ips.length === 1 ? 'that peer' : 'those peers'} (such as kubelet probes from the host) is redirected by #${b.index}`,
      );
    }
    const extraPorts = lacking(eb.ports, ea.ports, true);
    const extraIps = lacking(eb.ipAddresses, ea.ipAddresses, false);
    if (extraPorts.length || extraIps.length) {
      differs.push(name);
      notes.push(`${name} also excepts ${show([...extraIps, ...extraPorts])}, which #${a.index} redirects`);
    }
  }
  const tuple: [string, string, string][] = [
    ['Protocols', a.protocols ?? '6', b.protocols ?? '6'],
    ['LocalAddresses', show(a.localAddresses), show(b.localAddresses)],
    ['RemoteAddresses', show(a.remoteAddresses), show(b.remoteAddresses)],
    ['LocalPorts', show(a.localPorts), show(b.localPorts)],
    ['RemotePorts', show(a.remotePorts), show(b.remotePorts)],
    ['Priority', String(a.priority ?? 'none'), String(b.priority ?? 'none')],
  ];
  for (const [field, va, vb] of tuple) {
    if (va === vb) continue;
    differs.push(`FilterTuple.${field}`);
    notes.push(`FilterTuple.${field} ${vb} instead of ${va}`);
  }
  const what = role ? ` (${role})` : '';
  if (notes.length === 0) return { text: `#${b.index} repeats #${a.index}${what} exactly`, differs };
  return {
    text: `#${b.index} fills the same role as #${a.index}${what} but differs: ${notes.join('; ')}`,
    differs,
  };
}
