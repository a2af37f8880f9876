import { describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../electron/ipc/fleet-schema';
import { fleetSummary } from '../../renderer/src/features/fleet/fleet-summary';

// The status strip's line in the fleet view, from the node states nodes.list reports.

const node = (id: string, status: NodeInfo['status']): NodeInfo => ({
  id,
  label: id,
  kind: 'simulated',
  status,
});

describe('fleetSummary', () => {
  it('counts the nodes, the connected and the unreachable ones, zeros included', () => {
    expect(
      fleetSummary([node('local', 'connected'), node('sim-1', 'connected'), node('sim-3', 'unreachable')]),
    ).toBe('Fleet · 3 nodes · 2 connected · 1 unreachable');
    expect(fleetSummary([node('local', 'connected')])).toBe('Fleet · 1 node · 1 connected · 0 unreachable');
    expect(fleetSummary([])).toBe('Fleet · 0 nodes · 0 connected · 0 unreachable');
  });

  it('adds the rarer states only when some node is in them', () => {
    expect(
      fleetSummary([
        node('local', 'connected'),
        node('sim-1', 'connecting'),
        node('ssh://a@b', 'host-key'),
        node('ssh://c@d', 'host-key'),
        node('k8s://w1', 'idle'),
      ]),
    ).toBe(
      'Fleet · 5 nodes · 1 connected · 0 unreachable · 1 connecting · 2 awaiting host key · 1 not connected yet',
    );
  });
});
