// Child of main-loop.ts: hosts the router (createAppCore over koffi + the fake library), warms it
// up, then keeps one HNS call asleep for 3 s in a worker thread while the "GUI" keeps calling the
// router every 50 ms; that window `rounds` times. argv: <fake library> <rounds>. Prints
// {rounds: [{p99Ms, maxMs, ...}, ...]} as JSON on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createAppCore } from '../../../electron/ipc/app-core';
import { demoState } from '../../../native/demo-data';
import { createFakeHns } from '../../support/fake-hns';

const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const RESOLUTION_MS = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Core = Awaited<ReturnType<typeof createAppCore>>;
type Controls = Awaited<ReturnType<typeof createFakeHns>>['controls'];
type Gui = ReadonlyArray<readonly [Parameters<Core['route']>[0], unknown]>;

/** One 3 s HNS call held while the "GUI" keeps calling; the loop's delay over that window. */
async function oneRound(core: Core, controls: Controls, gui: Gui) {
  // Node's histogram records the whole interval between its timer ticks (resolution included), so
  // the delay is the recorded value minus the resolution; 1 ms keeps that floor small.
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  const t0 = performance.now();
  // The fake library reads its latency knob as a call enters: the first HNS call of this request
  // sleeps 3 s on a libuv worker; the knob is reset at once, so every later call is fast.
  controls.configure({ latencyUs: 3_000_000 });
  let slowMs = 0;
  const slow = core.route('endpoints.get', { endpointId: WEB0 }).then((r) => {
    slowMs = performance.now() - t0;
    return r;
  });
  await sleep(5);
  controls.configure({});
  let answered = 0;
  let worstCallMs = 0;
  while (!slowMs) {
    const [c, input] = gui[answered % gui.length]!;
    const t = performance.now();
    const r = await core.route(c, input);
    if (!r.ok) throw new Error(`${c} failed during the slow call: ${r.error.message}`);
    worstCallMs = Math.max(worstCallMs, performance.now() - t);
    answered++;
    await sleep(50);
  }
  h.disable();
  const r = await slow;
  if (!r.ok) throw new Error(`the slow endpoints.get failed: ${r.error.message}`);
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    p99Ms: ms(h.percentile(99)),
    p50Ms: ms(h.percentile(50)),
    maxMs: ms(h.max),
    samples: h.count,
    slowMs,
    answered,
    worstCallMs,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnbench-loop-'));
  const { hns, controls } = await createFakeHns({
    state: demoState(),
    libraryPath: process.argv[2] as string,
  });
  const core = await createAppCore({
    backend: 'simulated',
    journalPath: join(dir, 'journal.jsonl'),
    wrapHns: () => hns,
  });
  const gui = [
    ['endpoints.list', {}],
    ['hns.info', {}],
    ['endpoints.get', { endpointId: WEB0 }],
    ['journal.list', {}],
  ] as const;
  for (let i = 0; i < 20; i++) for (const [c, input] of gui) await core.route(c, input); // warm-up: JIT, libraries, pools

  const rounds: Awaited<ReturnType<typeof oneRound>>[] = [];
  for (let i = 0; i < Number(process.argv[3] ?? 1); i++) rounds.push(await oneRound(core, controls, gui));
  await core.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ rounds }) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
