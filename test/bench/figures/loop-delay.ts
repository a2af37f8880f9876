import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createAppCore } from '../../../electron/ipc/app-core';
import { createFakeHns } from '../../../native/windows/fake-hns';
import { demoState } from '../../../native/demo-data';
import { buildFakeLib } from '../../support/fake-lib';
import type { FigureProducer } from '../figure';

// DESIGN §8 main.loop_delay_p99_ms: event-loop delay p99 of the process hosting the router while a
// 3 s HNS call is in flight. The router runs over the fake library with 3 s injected latency on every
// HNS call; we sample while `endpoints.get` waits on its first calls, then drop the latency.

export const loopDelay: FigureProducer = {
  group: 'main',
  description: 'event-loop delay while a 3 s HNS call is in flight (router over koffi + fake library)',
  async run(log) {
    const libraryPath = buildFakeLib();
    const { controls, hns } = await createFakeHns({ state: demoState(), libraryPath });
    const core = await createAppCore({
      backend: 'simulated',
      journalPath: join(mkdtempSync(join(tmpdir(), 'hcnbench-')), 'journal.jsonl'),
      wrapHns: () => hns,
    });
    controls.configure({ latencyUs: 3_000_000 });
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const call = core.route('endpoints.get', { endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4' });
    await new Promise((r) => setTimeout(r, 3000));
    h.disable();
    controls.configure({});
    const r = await call; // calls already asleep finish their 3 s; later ones are fast
    if (!r.ok) throw new Error(`endpoints.get failed: ${r.error.message}`);
    const p99 = h.percentile(99) / 1e6;
    log(`p99 ${p99.toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms over ${h.count} samples`);
    return { 'main.loop_delay_p99_ms': Math.round(p99 * 10) / 10 };
  },
};
