import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../../electron/ipc/app-core';
import { Fleet } from '../../../electron/remote/fleet';
import { localSocketPath, serveFleetSocket, simulatedFleet } from '../../harness/fleet';
import type { FigureProducer } from '../figure';
import { describeRuns, repeat, timing } from '../stats';
import { runChild } from './child';

// fleet.list100x100_ms: the fleet view's read of 100 nodes × 100 endpoints, each node its own app core
// behind the agent protocol over in-process pipes with 20 ms added round trip per request
// (connectInProcess roundTripMs), nodes asked in parallel, at most Fleet's default 16 at once.
// Connections are open (the fleet view's refresh); the first read, handshakes and every node's own
// HNS read included, is fleet.list100x100_cold_ms; a new Fleet's first read against those running
// nodes (connections and handshakes anew) is fleet.list100x100_connect_ms. Warm runs: each node answers from its last read
// (harness/fleet.ts reuseReads) — on a real fleet each node reads its HNS on its own CPU, in parallel;
// here 100 simulators share this one, which is not what the figure is about. Each figure is the median
// of RUNS, with min and max: warm reads of one Fleet, new Fleets against the same nodes, and (cold)
// new simulated fleets.

const NODES = 100;
const PER_NODE = 100;
const RTT_MS = 20;
const RUNS = 5;

const round = (x: number) => Math.round(x * 10) / 10;

/** A simulated fleet of NODES, this machine's core and a Fleet over them; `body` runs, then all close. */
async function withFleet<T>(
  body: (fleet: Fleet, once: (f?: Fleet) => Promise<number>, reopen: () => Fleet) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnproxy-bench-fleet-'));
  const sim = simulatedFleet({
    count: NODES,
    endpointsPerNode: PER_NODE,
    roundTripMs: RTT_MS,
    dataDir: dir,
    reuseReads: true,
  });
  const local = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'local.jsonl') });
  const fleet = new Fleet({ local: local.route, nodes: sim.specs });
  const ids = sim.specs.map((s) => s.id);
  const once = async (f: Fleet = fleet) => {
    const t0 = performance.now();
    const r = await f.endpoints(ids);
    const ms = performance.now() - t0;
    const rows = r.nodes.reduce((n, x) => n + (x.ok ? x.value.length : 0), 0);
    if (rows !== NODES * PER_NODE) throw new Error(`expected ${NODES * PER_NODE} endpoints, got ${rows}`);
    return ms;
  };
  try {
    return await body(fleet, once, () => new Fleet({ local: local.route, nodes: sim.specs }));
  } finally {
    await fleet.close();
    await local.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureFleetList(
  log: (line: string) => void = () => {},
): Promise<Record<string, number>> {
  // The very first read of a fleet: every simulator built and read, every handshake.
  const cold = await repeat(RUNS, () => withFleet((_fleet, once) => once()));
  log(`cold (simulators built, handshakes, first read) (ms): ${describeRuns(cold)}`);
  return withFleet(async (_fleet, once, reopen) => {
    await once();
    const runs = await repeat(RUNS, () => once());
    log(`warm runs (ms): ${describeRuns(runs)}`);
    // The fleet view opened afresh against agents that are already running (a DaemonSet's are):
    // every connection and handshake anew, each node's simulator already built.
    const connect = await repeat(RUNS, async () => {
      const reopened = reopen();
      try {
        return await once(reopened);
      } finally {
        await reopened.close();
      }
    });
    log(`new connections to running agents (ms): ${describeRuns(connect)}`);
    return {
      ...timing('fleet.list100x100_ms', runs),
      ...timing('fleet.list100x100_connect_ms', connect),
      ...timing('fleet.list100x100_cold_ms', cold),
    };
  });
}

// fleet.list1000x100_ms: the same read at 1,000 nodes × 100 endpoints (100,000 rows), the app's side
// (a Fleet and this machine's core) in a fresh process of its own (fleet-list.child.ts), the nodes
// served from this one over a local socket with the same 20 ms round trip; warm runs as above,
// median of RUNS with min and max. fleet.rss_mb: that process's resident memory after a full GC,
// holding every connection and the last answer (the goal: the app stays within 400 MB).
const BIG_NODES = 1000;

interface BigFleetResult {
  coldMs: number;
  runsMs: number[];
  rssMb: number;
  baselineRssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
}

export async function measureBigFleetList(
  log: (line: string) => void = () => {},
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnproxy-bench-fleet1000-'));
  const sim = simulatedFleet({
    count: BIG_NODES,
    endpointsPerNode: PER_NODE,
    dataDir: dir,
    reuseReads: true,
  });
  const path = localSocketPath('bench-fleet');
  const server = await serveFleetSocket(sim, path, RTT_MS);
  try {
    const r = await runChild<BigFleetResult>(join(__dirname, 'fleet-list.child.ts'), log, {
      nodeArgs: ['--expose-gc'],
      args: [path, String(BIG_NODES), String(PER_NODE), String(RUNS)],
    });
    log(
      `${BIG_NODES}×${PER_NODE}: cold ${round(r.coldMs)} ms, warm runs (ms) ${r.runsMs.map(round).join(', ')}; ` +
        `app rss ${round(r.rssMb)} MB after GC (empty process ${round(r.baselineRssMb)}, peak ${round(r.peakRssMb)}, JS heap ${round(r.heapUsedMb)})`,
    );
    return {
      ...timing('fleet.list1000x100_ms', r.runsMs),
      'fleet.list1000x100_cold_ms': round(r.coldMs),
      'fleet.rss_mb': round(r.rssMb),
      'fleet.rss_peak_mb': round(r.peakRssMb),
    };
  } finally {
    await server.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const fleetList: FigureProducer = {
  group: 'fleet',
  description: `${NODES} and ${BIG_NODES} simulated nodes × ${PER_NODE} endpoints through the agent protocol over pipes, ${RTT_MS} ms round trip`,
  run: async (log) => ({ ...(await measureFleetList(log)), ...(await measureBigFleetList(log)) }),
};
