import { naturalCompare } from '../../../../electron/base/natural-compare';
import type { FleetRow } from './fleet-columns';
import type { UnreachableNode } from './useFleetEndpoints';

// The fleet view's export: every endpoint of every node that answered, each row naming its node and
// pod, nodes in natural order. Cell text comes from the nodes (names, pods): data, never formulas.

const CSV_COLUMNS: [header: string, cell: (r: FleetRow) => string][] = [
  ['node', (r) => r.nodeLabel],
  ['pod', (r) => r.pod ?? ''],
  ['name', (r) => r.name],
  ['endpoint_id', (r) => r.id],
  ['network', (r) => r.networkName],
  ['ip_addresses', (r) => r.ipAddresses.join(' ')],
  ['mac_address', (r) => r.macAddress],
  ['namespace_id', (r) => r.namespaceId],
  ['container_ids', (r) => r.containerIds.join(' ')],
  ['proxy_policies', (r) => String(r.proxyPolicyCount)],
  ['other_policies', (r) => r.otherPolicyTypes.join(' ')],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a spreadsheet
 * would run as a formula (= + - @, tab, CR first) gets a leading apostrophe (OWASP CSV injection).
 */
export function csvField(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows by node (natural order), then as the node listed them. */
export function exportOrder(rows: readonly FleetRow[]): FleetRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => naturalCompare(a.r.nodeLabel, b.r.nodeLabel) || a.i - b.i)
    .map((x) => x.r);
}

export function fleetCsv(rows: readonly FleetRow[]): string {
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const r of exportOrder(rows)) lines.push(CSV_COLUMNS.map(([, cell]) => csvField(cell(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** JSON: every row with its node id and label, and the nodes that did not answer (so it is clear what is missing). */
export function fleetJson(
  rows: readonly FleetRow[],
  unreachable: readonly UnreachableNode[],
  now = new Date(),
): string {
  return JSON.stringify(
    {
      exportedAt: now.toISOString(),
      endpoints: exportOrder(rows).map(({ rowKey: _k, ...r }) => r),
      unreachable: [...unreachable]
        .sort((a, b) => naturalCompare(a.label, b.label))
        .map((n) => ({ node: n.node, label: n.label, error: n.error.message })),
    },
    null,
    2,
  );
}
