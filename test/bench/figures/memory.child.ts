// Child of memory.ts (bundled, run with --expose-gc): the backend process — koffi + the fake library,
// createAppCore and its services — with 5,000 endpoints loaded through the router (endpoints.list,
// refreshed as a GUI would), then a full GC. argv: <fake library> <state file with 5,000 endpoints>.
// Prints {rssMb, fakeStateMb, ...} as JSON on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../../electron/ipc/app-core';
import { createFakeHns } from '../../support/fake-hns';

const N = 5000;
const REFRESHES = 6;
const MB = 1024 * 1024;
const [libraryPath, stateFile] = process.argv.slice(2) as [string, string];

function rssAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss / MB;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnbench-mem-'));
  const baselineRssMb = rssAfterGc();
  // koffi and the library first, empty; then the fake's HNS state from a file the parent wrote, so
  // the difference is exactly the memory the fake spends holding HNS's data — which real HNS keeps
  // in its own service process, not ours.
  const { hns, controls } = await createFakeHns({ libraryPath });
  await hns.getVersion();
  const beforeSeedMb = rssAfterGc();
  controls.loadState(stateFile);
  const fakeStateMb = rssAfterGc() - beforeSeedMb;
  const core = await createAppCore({
    backend: 'simulated',
    journalPath: join(dir, 'journal.jsonl'),
    wrapHns: () => hns,
  });
  let rows = 0;
  let peakRssMb = 0;
  for (let i = 0; i < REFRESHES; i++) {
    const r = await core.route('endpoints.list', {});
    if (!r.ok) throw new Error(r.error.message);
    rows = (r.value as unknown[]).length;
    peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / MB);
  }
  if (rows !== N) throw new Error(`listed ${rows} endpoints, expected ${N}`);
  const rawRssMb = rssAfterGc();
  const m = process.memoryUsage();
  const out = {
    rssMb: rawRssMb - fakeStateMb,
    rawRssMb,
    fakeStateMb,
    baselineRssMb,
    peakRssMb,
    heapUsedMb: m.heapUsed / MB,
    externalMb: m.external / MB,
    rows,
  };
  await core.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
