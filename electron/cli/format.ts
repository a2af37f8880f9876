import { sidName } from '../core/policy/model';
import type { ProxyPolicy } from '../core/policy/model';
import type { ChangeResult, EndpointSummary, ProxyPolicyView } from '../core/views';

// Human output. --json bypasses all of this and prints the service result as is.

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function endpointRows(eps: EndpointSummary[]): string[] {
  return table(
    ['ID', 'NAME', 'NETWORK', 'IP', 'PROXY', 'OTHER POLICIES', 'POD', 'CONTAINERS'],
    eps.map((e) => [
      e.id,
      e.name || '-',
      e.networkName || e.networkId || '-',
      e.ipAddresses.join(',') || '-',
      String(e.proxyPolicyCount),
      e.otherPolicyTypes.join(',') || '-',
      e.pod ?? '-',
      e.containerIds.map((c) => c.slice(0, 13)).join(',') || '-',
    ]),
  );
}

const any = (xs: readonly (string | number)[]) => (xs.length ? xs.join(', ') : 'any');
const sid = (s: string | undefined) => (s ? `${s}${sidName(s) ? ` (${sidName(s)})` : ''}` : 'none');

export function policyLines(p: ProxyPolicy): string[] {
  const exc = (e: ProxyPolicy['inboundExceptions']) =>
    e.ipAddresses.length || e.ports.length
      ? `addresses ${e.ipAddresses.join(', ') || '-'}; ports ${e.ports.join(', ') || '-'}`
      : 'none';
  return [
    `inbound proxy port:   ${p.inboundProxyPort ?? '-'}`,
    `outbound proxy port:  ${p.outboundProxyPort ?? '-'}`,
    `user SID (exempt):    ${sid(p.userSid)}`,
    `protocol:             ${p.protocol}`,
    `local addresses:      ${any(p.localAddresses)}`,
    `remote addresses:     ${any(p.remoteAddresses)}`,
    `local ports:          ${any(p.localPorts)}`,
    `remote ports:         ${any(p.remotePorts)}`,
    `priority:             ${p.priority ?? 0}`,
    `inbound exceptions:   ${exc(p.inboundExceptions)}`,
    `outbound exceptions:  ${exc(p.outboundExceptions)}`,
  ];
}

export function policyViewLines(v: ProxyPolicyView): string[] {
  const out = [`[${v.index}] L4WFPPROXY${v.owner ? `  (looks owned by ${v.owner})` : ''}`];
  if (v.policy) out.push(...policyLines(v.policy).map((l) => `    ${l}`));
  else {
    out.push(`    not expressible by this tool; raw: ${JSON.stringify(v.raw)}`);
    for (const i of v.issues ?? []) out.push(`    ${i.field}: ${i.message}`);
  }
  if (v.legacyPort !== undefined)
    out.push(`    legacy Port field: ${v.legacyPort} (removed from HNS; current HNS ignores it)`);
  if (v.unknownFields.length)
    out.push(`    fields this tool does not model (kept as is): ${v.unknownFields.join(', ')}`);
  return out;
}

export function changeNotes(r: ChangeResult): string[] {
  const notes = r.warnings.map((w) => `warning: ${w}`);
  if (r.journalId) notes.push(`journal: ${r.journalId}`);
  return notes;
}

/** Service field paths → the CLI flag a user typed, so messages name what they can fix. */
export const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  'policy.proxyPort': '--port',
  'policy.inboundProxyPort': '--inbound-port',
  'policy.outboundProxyPort': '--outbound-port',
  'policy.userSid': '--usersid',
  'policy.localAddresses': '--localaddr',
  'policy.remoteAddresses': '--remoteaddr',
  'policy.localPorts': '--localports',
  'policy.remotePorts': '--remoteports',
  'policy.priority': '--priority',
  'policy.protocol': '--protocol',
  'policy.inboundExceptions.ipAddresses': '--inbound-exceptions',
  'policy.inboundExceptions.ports': '--inbound-exceptions',
  'policy.outboundExceptions.ipAddresses': '--outbound-exceptions',
  'policy.outboundExceptions.ports': '--outbound-exceptions',
  endpointId: '<endpoint>',
  endpointIds: '<endpoint>',
  index: '<n>',
  journalId: '<journal-id>',
  containerId: '<container>',
  runtimeEndpoint: '--runtimeendpoint',
  journalPath: '--journal',
  docker: '--docker',
};

export function flagFor(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return FLAG_OF_FIELD[field] ?? FLAG_OF_FIELD[field.replace(/^endpointIds\.\d+$/, 'endpointIds')];
}
