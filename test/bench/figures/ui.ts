import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FigureProducer } from '../figure';
import { binCommand, spawnCommandSync } from '../../support/spawn';
import { timing } from '../stats';
import { filterP95, round, withHarnessPage } from './browser-bench';

// docs/design.md §8 / issue 6 item 10, in Chromium through the harness with 5,000 generated endpoints:
//  ui.render5000_ms        – performance marks the renderer sets: list data arrived (after JSON
//                            parse) → rows painted (commit + next frame). Median of RUNS page loads, min, max.
//  ui.filter_p95_ms        – p95 over one-key edits of the quick filter: keydown → table shows the
//                            new filter (data-filter attribute) → next frame (browser-bench.ts).
//                            ROUNDS rounds of 43 keys; the rounds' p95s give median, min and max, so one
//                            round disturbed by other load on the machine does not decide it.
//  memory.renderer_heap_mb – JS heap used after a forced GC, 5,000 endpoints loaded and filtered.
//  bundle.renderer_kb      – bytes of the built renderer (out/renderer: html, js, css) / 1024.

const N = 5000;
const RUNS = 5;
const ROUNDS = 5;
const ROOT = join(__dirname, '..', '..', '..');

function buildRenderer(): void {
  const vite = binCommand('vite', ['build', '--config', 'renderer/vite.config.mts', '--logLevel', 'error']);
  const r = spawnCommandSync(vite, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('renderer build failed');
}

export function rendererBundleKb(dir = join(ROOT, 'out', 'renderer')): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(f)) bytes += statSync(p).size;
    }
  };
  walk(dir);
  return round(bytes / 1024);
}

/** Loads the page and returns arrived → painted for the 5,000-row list, from the renderer's marks. */
async function renderOnce(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    (n) => performance.getEntriesByName('hcn:rows-painted').some((e) => (e as PerformanceMark).detail === n),
    N,
    { timeout: 60_000 },
  );
  return page.evaluate((n) => {
    const arrived = performance
      .getEntriesByName('hcn:endpoints-arrived')
      .find((e) => (e as PerformanceMark).detail === n)!;
    const painted = performance
      .getEntriesByName('hcn:rows-painted')
      .find((e) => (e as PerformanceMark).detail === n && e.startTime >= arrived.startTime)!;
    return painted.startTime - arrived.startTime;
  }, N);
}

const FILTER_KEYS = [
  ...'web-1',
  ...Array(5).fill('Backspace'),
  ...'10.240.1',
  ...Array(8).fill('Backspace'),
  ...'calico',
  ...Array(6).fill('Backspace'),
  ...'00-15',
];

export async function measureUi(log: (line: string) => void = () => {}): Promise<Record<string, number>> {
  buildRenderer();
  const bundleKb = rendererBundleKb();
  log(`bundle ${bundleKb} kB`);
  return withHarnessPage({ generate: N }, async (page, harness) => {
    const renders: number[] = [];
    for (let i = 0; i < RUNS; i++)
      renders.push(await renderOnce(page, i === 0 ? harness.openUrl : harness.url));
    log(`render5000 runs (ms): ${renders.map(round).join(', ')}`);
    const filterP95s = await filterP95(page, 'table[aria-label="Endpoints"]', FILTER_KEYS, ROUNDS, log);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return {
      ...timing('ui.render5000_ms', renders),
      ...timing('ui.filter_p95_ms', filterP95s),
      'memory.renderer_heap_mb': round(heap.usedSize / 1024 / 1024),
      'bundle.renderer_kb': bundleKb,
    };
  });
}

export const ui: FigureProducer = {
  group: 'ui',
  description: `renderer in Chromium via the harness, ${N} endpoints: render, filter p95, heap after GC; built bundle size`,
  run: measureUi,
};
