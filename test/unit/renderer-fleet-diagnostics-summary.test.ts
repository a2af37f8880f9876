import { describe, expect, it } from 'vitest';
import type { FleetDiagnostics } from '../../electron/ipc/fleet-schema';
import { summarizeFleetDiagnostics } from '../../renderer/src/features/fleet/diagnostics-summary';

// The fleet diagnostics dialog's order: nodes needing attention first, clean ones folded, the
// unreachable apart; names in natural order.

type Answer = FleetDiagnostics['nodes'][number];
const node = (label: string, error: number, warning: number, info = 0): Answer => ({
  node: label,
  label,
  ok: true,
  value: { findings: [], counts: { error, warning, info }, endpointsChecked: 10 },
});
const down = (label: string): Answer => ({
  node: label,
  label,
  ok: false,
  error: { code: 'remote-unreachable', message: `${label}: connect ETIMEDOUT` },
});
const labels = (xs: { label: string }[]) => xs.map((x) => x.label);

describe('summarizeFleetDiagnostics', () => {
  const s = summarizeFleetDiagnostics([
    node('sim-1', 0, 0),
    node('sim-10', 0, 2),
    node('sim-2', 1, 0),
    down('sim-11'),
    node('sim-3', 0, 0, 4),
    node('sim-9', 1, 3),
    node('sim-20', 0, 2),
    down('sim-4'),
  ]);

  it('puts nodes with errors first, then by warnings, ties by natural name order', () => {
    expect(labels(s.withFindings)).toEqual(['sim-9', 'sim-2', 'sim-10', 'sim-20']);
  });

  it('folds nodes without errors or warnings (info only counts as clean) into one group', () => {
    expect(labels(s.clean)).toEqual(['sim-1', 'sim-3']);
  });

  it('lists the nodes that did not answer apart, in natural order', () => {
    expect(labels(s.unreachable)).toEqual(['sim-4', 'sim-11']);
  });
});
