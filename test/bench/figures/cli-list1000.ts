import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FigureProducer } from '../figure';
import { describeRuns, spread, timing } from '../stats';
import { state } from './list1000-state';

// Issue 12 item 7: list 1,000 endpoints at 1 ms per HNS call through the real CLI process
// (`npm run cli`'s command line: bin/tsx-launch.cjs, fake backend), at the app's concurrency and at
// concurrency 1 (HCNPROXY_HNS_CONCURRENCY=1), same process otherwise. The time is the span the fake
// library saw, first call in to last call out (HCNFAKE_REPORT), so process start-up is not in it.
// RUNS processes of each, alternating:
//  cli.list1000.serial_ms / app_ms (medians, with min and max) / speedup (of the medians, goal ≥ 10)
//  / max_in_flight (the fewest any app run reached).

const ROOT = join(__dirname, '..', '..', '..');
const N = 1000;
const RUNS = 5;

interface Report {
  maxInFlight: number;
  spanUs: number;
  openHandles: number;
  unfreedBuffers: number;
  badFrees: number;
}

function listThroughCli(stateFile: string, dir: string, env: Record<string, string>): Report {
  const report = join(dir, `report-${Object.keys(env).join('-') || 'app'}.json`);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HCNFAKE_LATENCY_US: '1000',
    HCNFAKE_REPORT: report,
    ...env,
  };
  // The bench re-runs itself with UV_THREADPOOL_SIZE set; the CLI must size its own pool.
  delete childEnv.UV_THREADPOOL_SIZE;
  const r = spawnSync(
    process.execPath,
    [
      'bin/tsx-launch.cjs',
      'scripts/cli-source.ts',
      '--backend',
      'fake',
      '--state',
      stateFile,
      'endpoints',
      '--json',
    ],
    { cwd: ROOT, env: childEnv, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 },
  );
  if (r.status !== 0) throw new Error(`the CLI exited with ${r.status}: ${r.stderr || r.error?.message}`);
  const listed = (JSON.parse(r.stdout) as unknown[]).length;
  if (listed !== N) throw new Error(`the CLI listed ${listed} endpoints, expected ${N}`);
  const counters = JSON.parse(readFileSync(report, 'utf8')) as Report;
  if (counters.openHandles || counters.unfreedBuffers || counters.badFrees)
    throw new Error(`leaks after the CLI list: ${JSON.stringify(counters)}`);
  return counters;
}

export const cliList1000: FigureProducer = {
  group: 'cli.list1000',
  description: 'list 1,000 endpoints at 1 ms per call through the real CLI process vs concurrency 1',
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'hcn-bench-cli-'));
    try {
      const stateFile = join(dir, 'state.json');
      writeFileSync(stateFile, JSON.stringify(state()));
      const serial: number[] = [];
      const app: Report[] = [];
      for (let i = 0; i < RUNS; i++) {
        serial.push(listThroughCli(stateFile, dir, { HCNPROXY_HNS_CONCURRENCY: '1' }).spanUs / 1000);
        app.push(listThroughCli(stateFile, dir, {}));
      }
      const appMs = app.map((r) => r.spanUs / 1000);
      const inFlight = Math.min(...app.map((r) => r.maxInFlight));
      log(`concurrency 1 (ms of HNS work): ${describeRuns(serial, 0)}`);
      log(
        `app (ms of HNS work): ${describeRuns(appMs, 0)}; at least ${inFlight} calls in flight in every run`,
      );
      return {
        ...timing('cli.list1000.serial_ms', serial, 0),
        ...timing('cli.list1000.app_ms', appMs, 0),
        'cli.list1000.speedup': Math.round((spread(serial).median / spread(appMs).median) * 10) / 10,
        'cli.list1000.max_in_flight': inFlight,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
