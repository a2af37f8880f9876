import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateState } from '../../harness/generate';
import { buildFakeLib } from '../../support/fake-lib';
import type { FigureProducer } from '../figure';
import { runChild } from './child';

// docs/design.md §8 memory.backend_rss_mb (target ≤ 150): resident memory of the backend process with 5,000
// endpoints loaded through koffi + the fake library and the services (router endpoints.list, six
// refreshes), after a full GC, in a fresh process running the bundled code (memory.child.ts).
// The fake library holds HNS's own data (the 5,000 endpoints) inside our process; real HNS keeps it
// in its service. That part is measured separately in the same run and reported as
// memory.fake_hns_state_mb; memory.backend_rss_mb excludes it, memory.backend_rss_raw_mb does not.

interface MemoryResult {
  rssMb: number;
  rawRssMb: number;
  fakeStateMb: number;
  baselineRssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  externalMb: number;
  rows: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

export const memory: FigureProducer = {
  group: 'memory',
  description: 'backend RSS with 5,000 endpoints loaded (fresh process, bundled, koffi + fake library)',
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'hcnbench-mem-'));
    try {
      const stateFile = join(dir, 'state.json');
      writeFileSync(stateFile, JSON.stringify(generateState(5000)));
      const r = await runChild<MemoryResult>(join(__dirname, 'memory.child.ts'), log, {
        nodeArgs: ['--expose-gc'],
        args: [buildFakeLib(), stateFile],
      });
      log(
        `rss ${r.rawRssMb.toFixed(1)} MB after GC, of which the fake's HNS state ${r.fakeStateMb.toFixed(1)} MB → backend ${r.rssMb.toFixed(1)} MB ` +
          `(empty process ${r.baselineRssMb.toFixed(1)}, peak ${r.peakRssMb.toFixed(1)}; JS heap ${r.heapUsedMb.toFixed(1)}, external ${r.externalMb.toFixed(1)}; ${r.rows} endpoints)`,
      );
      return {
        'memory.backend_rss_mb': round(r.rssMb),
        'memory.backend_rss_raw_mb': round(r.rawRssMb),
        'memory.fake_hns_state_mb': round(r.fakeStateMb),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
