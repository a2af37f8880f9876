// Child of list1000.ts (bundled, fresh process): lists the 1,000 endpoints of list1000-state.ts
// through the real WindowsHns over koffi + the fake library.
// argv: <fake library> <runs at 0 latency> <runs of each at 1 ms per call>.
// Prints {overheadMs[], serialMs[], appMs[], concurrency, leaks} as JSON on stdout.
import { createFakeHns } from '../../support/fake-hns';
import { N, state } from './list1000-state';

async function timeList(list: () => Promise<unknown[]>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const eps = await list();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (eps.length !== N) throw new Error(`listed ${eps.length} endpoints, expected ${N}`);
  return ms;
}

async function main(): Promise<void> {
  const libraryPath = process.argv[2]!;
  const overheadRuns = Number(process.argv[3]);
  const latencyRuns = Number(process.argv[4]);
  const { hns: app, controls } = await createFakeHns({ state: state(), libraryPath });
  const { hns: serial } = await createFakeHns({ state: state(), libraryPath, concurrency: 1 });

  controls.configure({ latencyUs: 0 });
  await timeList(() => app.listEndpoints()); // warm-up: JIT, koffi async pools, thread pool
  const overheadMs: number[] = [];
  for (let i = 0; i < overheadRuns; i++) overheadMs.push(await timeList(() => app.listEndpoints()));

  controls.configure({ latencyUs: 1000 });
  const serialMs: number[] = [];
  const appMs: number[] = [];
  // Alternating, so a burst of load on the machine falls on both sides of the ratio.
  for (let i = 0; i < latencyRuns; i++) {
    serialMs.push(await timeList(() => serial.listEndpoints()));
    appMs.push(await timeList(() => app.listEndpoints()));
  }
  controls.configure({});
  const leaks = controls.counters();
  process.stdout.write(
    JSON.stringify({ overheadMs, serialMs, appMs, concurrency: app.concurrency, leaks }) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
