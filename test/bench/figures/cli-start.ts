import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FigureProducer } from '../figure';
import { describeRuns, spread, timing } from '../stats';
import { peakRssMb, timeNode } from './processes';

// How fast the package bin starts, as a script calling it in a loop sees it:
//  cli.cold_start_ms    – `hcnproxyctl --backend simulated endpoints` (node bin/hcnproxyctl.cjs), spawn
//                         to exit, a new process each run; median of RUNS, with min and max
//  cli.node_start_ms    – `node -e 0` in the same run, interleaved with the above (the floor)
//  cli.cold_start_ratio – the two medians' ratio (goal ≤ 3)
//  cli.rss_mb           – the bin's peak resident memory for that command, median of RUNS (goal ≤ 90)
// The bundle is built (or rebuilt, if a source changed) by a first, unmeasured run.

const RUNS = 7;
const COMMAND = ['bin/hcnproxyctl.cjs', '--backend', 'simulated', 'endpoints'];

export const cliStart: FigureProducer = {
  group: 'cli',
  description: 'start-up of the hcnproxyctl bin (simulated endpoints) against node -e 0, and its peak memory',
  async run(log) {
    // The bench runs itself with UV_THREADPOOL_SIZE set; a user's shell does not.
    const env = { ...process.env };
    delete env.UV_THREADPOOL_SIZE;
    timeNode(COMMAND, { env });
    const node: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(timeNode(['-e', '0'], { env }));
      cli.push(timeNode(COMMAND, { env }));
    }
    log(`node -e 0 (ms): ${describeRuns(node, 0)}`);
    log(`hcnproxyctl --backend simulated endpoints (ms): ${describeRuns(cli, 0)}`);
    const scratch = mkdtempSync(join(tmpdir(), 'hcnbench-cli-'));
    let rss: number[];
    try {
      rss = Array.from({ length: RUNS }, () => peakRssMb(COMMAND, scratch, env));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    log(`peak RSS (MB): ${describeRuns(rss)}`);
    return {
      ...timing('cli.cold_start_ms', cli),
      ...timing('cli.node_start_ms', node),
      'cli.cold_start_ratio': Math.round((spread(cli).median / spread(node).median) * 100) / 100,
      'cli.rss_mb': Math.round(spread(rss).median * 10) / 10,
    };
  },
};
