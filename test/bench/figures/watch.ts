import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Result } from '../../../electron/base/app-error';
import type { WatchBatch, WatchEvent } from '../../../electron/core/watch/event-schema';
import { createAppCore, type AppCore } from '../../../electron/ipc/app-core';
import type { Router } from '../../../electron/ipc/router';
import { Fleet } from '../../../electron/remote/fleet';
import { connectInProcess } from '../../../electron/remote/in-process';
import { SimulatedHns } from '../../../native/simulated-hns';
import { generateState } from '../../harness/generate';
import type { FigureProducer } from '../figure';
import { describeRuns, repeat, spread, timing } from '../stats';

// watch.latency_ms: from a change (policies.add through the router) to its event reaching a client
// whose long poll was waiting, at the default 2 s interval: the change lands at a random phase of the
// read cycle, so a run measures between ~0 and one interval, plus the read and the answer. Goal:
// ≤ interval + 200 ms. Median of RUNS with min and max.
// watch.cpu_pct: this process's CPU (user + system) while a watch follows 100 endpoints at a 2 s
// interval and nothing changes (a long poll always waiting), as a share of one core over WINDOW_MS;
// median of RUNS windows. Goal ≤ 2 %.
// watch.fleet1000_loop_p99_ms: the event-loop delay p99 of the process that holds a Fleet following
// 1,000 nodes (fleet.watch, 20 ms round trip per request, a long poll per node, one node in ten with a
// change every read) while the window's own long poll of fleet.watch runs. The nodes are stubs
// behind the real agent protocol in this process (each answers watch.events after its 2 s wait): on a
// real fleet each node reads its HNS on its own machine. Goal: p99 ≤ 20 ms. Median of RUNS windows.

const RUNS = 5;
const INTERVAL_MS = 2000;
const WINDOW_MS = 4000;
const FLEET_NODES = 1000;
const RTT_MS = 20;
const API = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

async function latency(log: (l: string) => void): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnbench-watch-'));
  const core = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'j.jsonl') });
  try {
    let b = ok<WatchBatch>(await core.route('watch.events', { intervalMs: INTERVAL_MS }));
    const runs = await repeat(RUNS, async (i) => {
      const poll = core.route('watch.events', {
        since: b.next,
        watchId: b.watchId,
        waitMs: 30_000,
        intervalMs: INTERVAL_MS,
      });
      // A random phase of the read cycle, as a change made by someone else would land.
      await new Promise((r) => setTimeout(r, Math.random() * INTERVAL_MS));
      const t0 = performance.now();
      if (i % 2 === 0)
        ok(
          await core.route('policies.add', {
            endpointId: API,
            policy: { inboundProxyPort: 4140, outboundProxyPort: 4141 },
          }),
        );
      else ok(await core.route('policies.remove', { endpointId: API, index: 0, force: true }));
      b = ok<WatchBatch>(await poll);
      if (!b.events.length) throw new Error('the change produced no event');
      return performance.now() - t0;
    });
    log(`change → event at a ${INTERVAL_MS} ms interval (ms): ${describeRuns(runs)}`);
    return runs;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function cpu(log: (l: string) => void): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnbench-watch-cpu-'));
  const core = await createAppCore({
    backend: 'simulated',
    journalPath: join(dir, 'j.jsonl'),
    wrapHns: () => new SimulatedHns(generateState(100)),
  });
  let stop = false;
  try {
    let b = ok<WatchBatch>(await core.route('watch.events', { intervalMs: INTERVAL_MS }));
    const follow = (async () => {
      while (!stop)
        b = ok<WatchBatch>(
          await core.route('watch.events', {
            since: b.next,
            watchId: b.watchId,
            waitMs: 30_000,
            intervalMs: INTERVAL_MS,
          }),
        );
    })();
    const runs = await repeat(RUNS, async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const c = process.cpuUsage(c0);
      return ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100;
    });
    stop = true;
    void follow.catch(() => undefined);
    log(`CPU while watching 100 endpoints every ${INTERVAL_MS} ms (% of one core): ${describeRuns(runs, 2)}`);
    return runs;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A node that answers hns.info like a real one and watch.events after its wait, 1 in 10 with a change. */
function stubNode(info: unknown, k: number): Router {
  let seq = 0;
  const watchId = `stub-${k}`;
  return async (channel, input) => {
    if (channel === 'hns.info') return { ok: true, value: info };
    if (channel !== 'watch.events')
      return { ok: false, error: { code: 'unknown-channel', message: String(channel) } };
    const i = input as { since?: number; waitMs?: number; intervalMs?: number; withState?: boolean };
    const wait = Math.min(i.waitMs ?? 0, i.intervalMs ?? INTERVAL_MS);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const events: WatchEvent[] = [];
    if (wait > 0 && k % 10 === 0)
      events.push({
        seq: ++seq,
        type: 'policy-added',
        time: new Date().toISOString(),
        node: `sim-${k}`,
        endpoint: { id: API, name: 'web-0_eth0', pod: 'shop/web-0' },
        policy: { index: 0, summary: 'inbound → 15006', raw: { Type: 'L4WFPPROXY' } },
        by: { kind: 'external' },
        policies: [{ Type: 'L4WFPPROXY' }],
      });
    const batch: WatchBatch = {
      watchId,
      next: seq,
      events,
      node: `sim-${k}`,
      intervalMs: i.intervalMs ?? INTERVAL_MS,
      source: 'stub',
      ...(i.withState ? { state: [] } : {}),
    };
    return { ok: true, value: batch };
  };
}

async function fleetLoop(log: (l: string) => void): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnbench-watch-fleet-'));
  const local: AppCore = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'j.jsonl') });
  const info = ok(await local.route('hns.info', {}));
  const ids = Array.from({ length: FLEET_NODES }, (_, k) => `sim-${k + 1}`);
  const fleet = new Fleet({
    local: local.route,
    nodes: ids.map((id, k) => ({
      id,
      kind: 'simulated' as const,
      connector: {
        label: id,
        connect: async () =>
          (await connectInProcess(stubNode(info, k + 1), { label: id, roundTripMs: RTT_MS })).connection,
      },
    })),
  });
  let stop = false;
  try {
    const t0 = performance.now();
    let b = await fleet.watch({ nodes: ids, since: 0, waitMs: 0, intervalMs: INTERVAL_MS });
    log(`1,000 nodes followed after ${(performance.now() - t0).toFixed(0)} ms`);
    let items = 0;
    const window = (async () => {
      while (!stop) {
        b = await fleet.watch({
          nodes: ids,
          since: b.next,
          watchId: b.watchId,
          waitMs: 20_000,
          intervalMs: INTERVAL_MS,
        });
        items += b.items.length;
      }
    })();
    const runs = await repeat(RUNS, async () => {
      const h = monitorEventLoopDelay({ resolution: 1 });
      h.enable();
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      h.disable();
      // Node records whole timer intervals: the 1 ms resolution is not delay.
      return Math.max(0, h.percentile(99) / 1e6 - 1);
    });
    stop = true;
    void window.catch(() => undefined);
    log(`fleet feed: ${items} items over the windows; loop delay p99 (ms): ${describeRuns(runs)}`);
    return runs;
  } finally {
    await fleet.close();
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const watch: FigureProducer = {
  group: 'watch',
  description: 'watch: change → event latency, CPU while watching 100 endpoints, a 1,000-node fleet feed',
  async run(log) {
    // The watch's waits do not keep a process alive (a stopped CLI watch must exit): this does.
    const alive = setInterval(() => undefined, 1000);
    let lat: number[], cpuRuns: number[], loop: number[];
    try {
      lat = await latency(log);
      cpuRuns = await cpu(log);
      loop = await fleetLoop(log);
    } finally {
      clearInterval(alive);
    }
    return {
      ...timing('watch.latency_ms', lat),
      ...cpuFigures(cpuRuns),
      ...timing('watch.fleet1000_loop_p99_ms', loop),
    };
  },
};

/** A share, not a time: the median with min and max beside it all the same (stats.ts spread). */
function cpuFigures(runs: number[]): Record<string, number> {
  const s = spread(runs);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { 'watch.cpu_pct': r(s.median), 'watch.cpu_pct_min': r(s.min), 'watch.cpu_pct_max': r(s.max) };
}
