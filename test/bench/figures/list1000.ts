import { join } from 'node:path';
import { buildFakeLib } from '../../support/fake-lib';
import type { FigureProducer } from '../figure';
import { describeRuns, spread, timing } from '../stats';
import { runChild } from './child';
import { N } from './list1000-state';

// docs/design.md §8: list 1,000 endpoints × 5 policies through koffi + the fake library, in a fresh process
// running the bundled code (list1000.child.ts), so no earlier producer's heap or JIT state and no
// TypeScript loader is in it. OVERHEAD_RUNS at 0 latency, LATENCY_RUNS of each at 1 ms per call:
//  serial_ms  – the seed's way: open/query/close one endpoint after another (concurrency 1), 1 ms per call;
//  app_ms     – what the app does (WindowsHns default concurrency), 1 ms per call;
//  overhead_us_per_endpoint – the app's path with 0 latency: FFI + UTF-16 decode + JSON.parse + frees,
//               per endpoint. Three koffi async calls per endpoint (open, query, close) make most of it:
//               each hands the call to a libuv worker and back (docs/benchmarks.md).

const OVERHEAD_RUNS = 9;
const LATENCY_RUNS = 5;

interface ListResult {
  overheadMs: number[];
  serialMs: number[];
  appMs: number[];
  concurrency: number;
  leaks: { openHandles: number; unfreedBuffers: number; badFrees: number };
}

export const list1000: FigureProducer = {
  group: 'list1000',
  description: 'list 1,000 endpoints × 5 policies via koffi + fake library (fresh process)',
  async run(log) {
    const r = await runChild<ListResult>(join(__dirname, 'list1000.child.ts'), log, {
      args: [buildFakeLib(), String(OVERHEAD_RUNS), String(LATENCY_RUNS)],
    });
    if (r.leaks.openHandles || r.leaks.unfreedBuffers || r.leaks.badFrees)
      throw new Error(`leaks after the benchmark: ${JSON.stringify(r.leaks)}`);
    const perEndpointUs = r.overheadMs.map((ms) => (ms * 1000) / N);
    log(`0 latency (µs per endpoint): ${describeRuns(perEndpointUs, 0)}`);
    log(`serial (concurrency 1), 1 ms/call (ms): ${describeRuns(r.serialMs, 0)}`);
    log(`app (concurrency ${r.concurrency}), 1 ms/call (ms): ${describeRuns(r.appMs, 0)}`);
    return {
      ...timing('list1000.serial_ms', r.serialMs, 0),
      ...timing('list1000.app_ms', r.appMs, 0),
      'list1000.speedup': Math.round((spread(r.serialMs).median / spread(r.appMs).median) * 10) / 10,
      ...timing('list1000.overhead_us_per_endpoint', perEndpointUs, 0),
      'list1000.concurrency': r.concurrency,
      'list1000.uv_threadpool_size': Number(process.env.UV_THREADPOOL_SIZE) || 4,
    };
  },
};
