import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildFakeDlls } from '../../../scripts/build-fake-dll.mjs';
import type { FigureProducer } from '../figure';
import { describeRuns, timing } from '../stats';
// @ts-expect-error -- plain ESM helpers without type declarations
import * as wine from '../../wine/wine.mjs';
import { state } from './list1000-state';

// Issue 12 item 7: the Windows code path at scale. win32 node.exe under Wine runs the product CLI
// bundle with its default backend (windows), which loads computenetwork.dll / vmcompute.dll from
// the prefix's System32 (the MinGW fakes) and frees through Wine's real ole32; it lists 1,000
// endpoints at 1 ms per call.
//  wine.list1000.ok            1 when all 1,000 were listed and nothing leaked, else 0 and
//  wine.list1000.reason        why not (Wine or MinGW missing, exit status, count, leak counters)
//  wine.list1000.ms            the HNS work's span as the fake DLL saw it (start-up excluded), median of
//                              RUNS processes, with min and max
//  wine.list1000.max_in_flight HNS calls in flight at most (the thread pool in a Windows process; the
//                              fewest any run reached)

const ROOT = join(__dirname, '..', '..', '..');
const N = 1000;
const RUNS = 5;

interface Prefix {
  driveC: string;
  installSystemDll(src: string): string;
  dispose(): void;
}

export const wineList1000: FigureProducer = {
  group: 'wine.list1000',
  description: 'list 1,000 endpoints through System32 DLLs in win32 node.exe under Wine',
  async run(log) {
    const work = mkdtempSync(join(ROOT, 'test/fixtures/build/bench-wine-'));
    let prefix: Prefix | undefined;
    const failed = (reason: string) => {
      log(`not ok: ${reason}`);
      return { 'wine.list1000.ok': 0, 'wine.list1000.reason': reason };
    };
    try {
      let dlls: { computenetwork: string; vmcompute: string };
      try {
        dlls = buildFakeDlls() as typeof dlls;
        prefix = wine.createPrefix({ parent: work }) as Prefix;
      } catch (e) {
        return failed(e instanceof Error ? e.message : String(e));
      }
      prefix.installSystemDll(dlls.computenetwork);
      prefix.installSystemDll(dlls.vmcompute);
      const bundle = join(work, 'hcnproxyctl.cjs');
      await wine.bundleForWindows(join(ROOT, 'electron/cli/main.ts'), bundle);
      wine.stageKoffi(work);
      mkdirSync(join(prefix.driveC, 'hcnbench'), { recursive: true });
      writeFileSync(join(prefix.driveC, 'hcnbench', 'seed.json'), JSON.stringify(state()));
      const spans: number[] = [];
      const inFlight: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const r = wine.runWindowsNode(prefix, [wine.toWindowsPath(bundle), 'endpoints', '--json'], {
          cwd: work,
          env: {
            HCNFAKE_STATE: 'C:\\hcnbench\\seed.json',
            HCNFAKE_REPORT: 'C:\\hcnbench\\report.json',
            HCNFAKE_LATENCY_US: '1000',
            // The bench runs itself with this set; the Windows CLI must get its pool on its own.
            UV_THREADPOOL_SIZE: undefined,
          },
        }) as { status: number | null; stdout: string; stderr: string; ms: number };
        if (r.status !== 0)
          return failed(`node.exe exited with ${r.status}: ${r.stderr.trim().slice(0, 300)}`);
        let listed: number;
        try {
          listed = (JSON.parse(r.stdout) as unknown[]).length;
        } catch {
          return failed(`the CLI printed no JSON list: ${r.stdout.slice(0, 200)}`);
        }
        const c = JSON.parse(readFileSync(join(prefix.driveC, 'hcnbench', 'report.json'), 'utf8')) as Record<
          string,
          number
        >;
        if (listed !== N) return failed(`listed ${listed} endpoints, expected ${N}`);
        if (c.openHandles || c.unfreedBuffers || c.badFrees) return failed(`leaks: ${JSON.stringify(c)}`);
        spans.push((c.spanUs ?? 0) / 1000);
        inFlight.push(c.maxInFlight ?? 0);
        log(
          `run ${run + 1}: listed ${listed} in ${r.ms} ms (process), HNS span ${spans[run]!.toFixed(0)} ms`,
        );
      }
      log(`HNS span (ms): ${describeRuns(spans, 0)}`);
      return {
        'wine.list1000.ok': 1,
        ...timing('wine.list1000.ms', spans, 0),
        'wine.list1000.max_in_flight': Math.min(...inFlight),
      };
    } finally {
      prefix?.dispose();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
