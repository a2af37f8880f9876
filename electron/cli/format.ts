import { sidName } from '../core/policy/model';
import { safeLines, safeText } from '../core/safe-text';
import type { CliIo } from './run';
import type { ProxyPolicy } from '../core/policy/model';
import type { ChangeResult, EndpointSummary, ProxyPolicyView } from '../core/views';

// Human output. --json bypasses all of this and prints the service result through safeJson.

/**
 * What the CLI writes, wrapped: every human-readable line has ESC, CR, C1, bidi and the other controls
 * made visible (safeLines: its own line breaks kept), whatever command or error produced it. Fields
 * are escaped where they are formatted (table, safeText) so an LF inside one cannot forge a line.
 * stdout in --json mode is passed through: safeJson already escaped it.
 */
export function terminalSafeIo(io: CliIo, json: () => boolean): CliIo {
  return {
    stdout: (t) => io.stdout(json() ? t : safeLines(t)),
    stderr: (t) => io.stderr(safeLines(t)),
  };
}

export function table(header: string[], rows: string[][]): string[] {
  rows = rows.map((r) => r.map(safeText));
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
  const out = [`[${v.index}] L4WFPPROXY${v.owner ? `  (looks owned by ${safeText(v.owner)})` : ''}`];
  if (v.policy) out.push(...policyLines(v.policy).map((l) => `    ${l}`));
  else {
    out.push(`    not expressible by this tool; raw: ${JSON.stringify(v.raw)}`);
    for (const i of v.issues ?? []) out.push(`    ${safeText(i.field)}: ${safeText(i.message)}`);
  }
  if (v.legacyPort !== undefined)
    out.push(`    legacy Port field: ${v.legacyPort} (removed from HNS; current HNS ignores it)`);
  if (v.unknownFields.length)
    out.push(`    fields this tool does not model (kept as is): ${safeText(v.unknownFields.join(', '))}`);
  return out;
}

/**
 * The line a change command prints. A what-if (a --state file without --persist) says so on the same
 * line, so nobody reads "Removed 1 policy" as done.
 */
/** One line about a change; it quotes what a node answered (endpoint ids), so it is escaped whole. */
export function changeLine(r: Pick<ChangeResult, 'saved'>, line: string): string {
  return r.saved
    ? safeText(line)
    : `${safeText(line)} (not saved: --state without --persist is a what-if; add --persist to save it)`;
}

export function changeNotes(r: ChangeResult): string[] {
  const notes = r.warnings.map((w) => `warning: ${safeText(w)}`);
  if (r.journalId) notes.push(`journal: ${safeText(r.journalId)}`);
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
  journalPath: '--journal',
  runtimeEndpoint: '--runtimeendpoint',
  docker: '--docker',
};

export function flagFor(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return FLAG_OF_FIELD[field] ?? FLAG_OF_FIELD[field.replace(/^endpointIds\.\d+$/, 'endpointIds')];
}
