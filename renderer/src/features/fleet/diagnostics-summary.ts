import { naturalCompare } from '../../../../electron/base/natural-compare';
import type { FleetDiagnostics } from '../../../../electron/ipc/fleet-schema';

type NodeAnswer = FleetDiagnostics['nodes'][number];
export type DiagnosedNode = Extract<NodeAnswer, { ok: true }>;
export type UndiagnosedNode = Extract<NodeAnswer, { ok: false }>;

/** A fleet's diagnostics as a person with many nodes reads them: what needs attention first. */
export interface FleetDiagnosticsSummary {
  /** Nodes with errors or warnings: most errors first, then most warnings, then by name. */
  withFindings: DiagnosedNode[];
  /** Nodes with neither (info findings at most), by name: one folded line. */
  clean: DiagnosedNode[];
  /** Nodes that did not answer, by name: listed apart, they were not checked. */
  unreachable: UndiagnosedNode[];
}

const byLabel = (a: NodeAnswer, b: NodeAnswer) => naturalCompare(a.label, b.label);

export function summarizeFleetDiagnostics(nodes: readonly NodeAnswer[]): FleetDiagnosticsSummary {
  const withFindings: DiagnosedNode[] = [];
  const clean: DiagnosedNode[] = [];
  const unreachable: UndiagnosedNode[] = [];
  for (const n of nodes) {
    if (!n.ok) unreachable.push(n);
    else if (n.value.counts.error + n.value.counts.warning > 0) withFindings.push(n);
    else clean.push(n);
  }
  withFindings.sort(
    (a, b) =>
      b.value.counts.error - a.value.counts.error ||
      b.value.counts.warning - a.value.counts.warning ||
      byLabel(a, b),
  );
  clean.sort(byLabel);
  unreachable.sort(byLabel);
  return { withFindings, clean, unreachable };
}
