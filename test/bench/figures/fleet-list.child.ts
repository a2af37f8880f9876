// Child of fleet-list.ts (bundled, run with --expose-gc): the app's side of a fleet read — a Fleet
// and this machine's app core, as the GUI's main process holds them — against simulated nodes served
// by the parent over one local socket (harness/fleet.ts serveFleetSocket, 20 ms added round trip), so
// this process's memory is the app's and nothing of the nodes'.
// argv: <socket path> <nodes> <endpoints per node> <runs>. Prints the result as JSON on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../../electron/ipc/app-core';
import { Fleet } from '../../../electron/remote/fleet';
import { socketConnector } from '../../harness/fleet';

const MB = 1024 * 1024;
const [path, nodesArg, perNodeArg, runsArg] = process.argv.slice(2) as [string, string, string, string];
const NODES = Number(nodesArg);
const PER_NODE = Number(perNodeArg);
const RUNS = Number(runsArg);

function rssAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss / MB;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnbench-fleet-'));
  const baselineRssMb = rssAfterGc();
  const local = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'local.jsonl') });
  const ids = Array.from({ length: NODES }, (_, i) => `sim-${i + 1}`);
  const fleet = new Fleet({
    local: local.route,
    nodes: ids.map((id) => ({ id, kind: 'simulated', connector: socketConnector(path, id) })),
  });
  let peakRssMb = 0;
  let held: unknown;
  const once = async () => {
    const t0 = performance.now();
    const r = await fleet.endpoints(ids);
    const ms = performance.now() - t0;
    peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / MB);
    const failed = r.nodes.filter((x) => !x.ok);
    if (failed.length) throw new Error(`${failed.length} nodes failed, e.g. ${JSON.stringify(failed[0])}`);
    const rows = r.nodes.reduce((n, x) => n + (x.ok ? x.value.length : 0), 0);
    if (rows !== NODES * PER_NODE) throw new Error(`expected ${NODES * PER_NODE} endpoints, got ${rows}`);
    held = r;
    return ms;
  };
  try {
    const coldMs = await once();
    const runsMs: number[] = [];
    for (let i = 0; i < RUNS; i++) runsMs.push(await once());
    // The app holding the fleet's last answer (every connection open, 100,000 rows read).
    const rssMb = rssAfterGc();
    const heapUsedMb = process.memoryUsage().heapUsed / MB;
    process.stdout.write(
      `${JSON.stringify({ coldMs, runsMs, rssMb, baselineRssMb, peakRssMb, heapUsedMb, held: !!held })}\n`,
    );
  } finally {
    await fleet.close();
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
