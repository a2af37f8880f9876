import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSummary } from '../../electron/core/views';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import type { FleetWatchBatch, FleetWatchItem } from '../../electron/ipc/fleet-schema';
import { fleetHost } from '../../electron/remote/fleet-handlers';
import { simulatedFleet, type SimulatedFleet } from '../harness/fleet';
import { ok } from '../support/result';

// fleet.watch: one feed for the chosen nodes, each followed over its own agent connection; a change on
// any node arrives once, named by its node; a node that cannot be reached is said, not in the way.

let dir: string;
let sim: SimulatedFleet;
let core: AppCore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-watch-'));
  sim = simulatedFleet({ count: 3, dataDir: dir, endpointsPerNode: 4, unreachable: ['sim-3'] });
  core = await createAppCore({
    backend: 'simulated',
    journalPath: join(dir, 'local.jsonl'),
    validateOutput: true,
    origin: 'window',
    hostHandlers: fleetHost({ nodes: sim.specs, localLabel: 'This machine' }),
  });
});
afterAll(async () => {
  await core.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const watch = async (input: Record<string, unknown>) =>
  ok<FleetWatchBatch>(await core.route('fleet.watch', input));

describe('fleet.watch', () => {
  it('merges the nodes’ changes into one numbered feed; an unreachable node is reported beside them', async () => {
    const nodes = ['sim-1', 'sim-2', 'sim-3'];
    const first = await watch({ nodes, intervalMs: 200 });
    const notices = first.items.filter((i) => i.notice);
    expect(notices.map((i) => [i.node, i.notice?.type])).toEqual([['sim-3', 'node-error']]);
    expect(first.nodes.find((n) => n.node === 'sim-3')?.error?.message).toMatch(/switched off/);

    // A change on sim-2, made through its own agent as another admin would.
    const route2 = await sim.routeOf('sim-2');
    const eps = ok<EndpointSummary[]>(await route2('endpoints.list', {}));
    const target = eps.find((e) => e.proxyPolicyCount === 0) ?? eps[0]!;
    ok(
      await route2('policies.add', {
        endpointId: target.id,
        policy: { inboundProxyPort: 15006, outboundProxyPort: 15001 },
      }),
    );

    const seen: FleetWatchItem[] = [];
    let since = first.next;
    while (!seen.some((i) => i.event)) {
      const b = await watch({ nodes, since, watchId: first.watchId, waitMs: 5000, intervalMs: 200 });
      seen.push(...b.items);
      since = b.next;
    }
    const events = seen.filter((i) => i.event);
    expect(events.map((i) => [i.node, i.event?.type, i.event?.endpoint.id])).toEqual([
      ['sim-2', 'policy-added', target.id],
    ]);
    expect(events[0]!.seq).toBeGreaterThan(first.next);
    // Asked again from there: nothing repeated.
    const again = await watch({ nodes, since, watchId: first.watchId, waitMs: 0, intervalMs: 200 });
    expect(again.items.filter((i) => i.event)).toEqual([]);
  });

  it('a stale watch id is answered with restarted and the current numbers', async () => {
    const b = await watch({ nodes: ['sim-1'], since: 5, watchId: 'not-this-one', intervalMs: 200 });
    expect(b.restarted).toBe(true);
    expect(b.items).toEqual([]);
  });
});
