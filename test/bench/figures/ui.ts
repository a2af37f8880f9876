import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness } from '../../harness/server';
import { launchChromium } from '../../support/chromium';
import type { FigureProducer } from '../figure';

// DESIGN §8 / issue 6 item 10, in Chromium through the harness with 5,000 generated endpoints:
//  ui.render5000_ms        – performance marks the renderer sets: list data arrived (after JSON
//                            parse) → rows painted (commit + next frame). Median of RUNS page loads.
//  ui.filter_p95_ms        – p95 over one-key edits of the quick filter: keydown → table shows the
//                            new filter (data-filter attribute) → next frame. Debounce included.
//                            ROUNDS rounds of 43 keys; the median round's p95 is reported, so one
//                            round disturbed by other load on the machine does not decide it.
//  memory.renderer_heap_mb – JS heap used after a forced GC, 5,000 endpoints loaded and filtered.
//  bundle.renderer_kb      – bytes of the built renderer (out/renderer: html, js, css) / 1024.

const N = 5000;
const RUNS = 5;
const ROUNDS = 3;
const ROOT = join(__dirname, '..', '..', '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const round = (x: number) => Math.round(x * 10) / 10;

function buildRenderer(): void {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = spawnSync(npx, ['vite', 'build', '--config', 'renderer/vite.config.mts', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
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

/** Types and deletes, one key at a time, recording keydown → filtered rows on screen. */
async function filterLatencies(page: Page, install: boolean): Promise<number[]> {
  const input = page.getByLabel('Filter endpoints');
  await input.focus();
  await page.evaluate((install) => {
    if (!install) {
      (window as unknown as { __lat: number[] }).__lat.length = 0;
      return;
    }
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    const el = document.activeElement as HTMLInputElement;
    const table = document.querySelector('table[aria-label="Endpoints"]') as HTMLElement;
    let pending: number | null = null;
    el.addEventListener('keydown', () => (pending = performance.now()), true);
    new MutationObserver(() => {
      if (pending === null || table.dataset.filter !== el.value) return;
      const t0 = pending;
      pending = null;
      requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0), 0));
    }).observe(table, { attributes: true, attributeFilter: ['data-filter'] });
  }, install);
  const keys = [
    ...'web-1',
    'Backspace',
    'Backspace',
    'Backspace',
    'Backspace',
    'Backspace',
    ...'10.240.1',
    ...Array(8).fill('Backspace'),
    ...'calico',
    ...Array(6).fill('Backspace'),
    ...'00-15',
  ];
  for (let i = 0; i < keys.length; i++) {
    await page.keyboard.press(keys[i]!);
    try {
      await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length >= n, i + 1, {
        timeout: 10_000,
      });
    } catch (e) {
      // Say which keystroke never showed up as rows, and what the page held then.
      const seen = await page.evaluate(() => ({
        input: (document.activeElement as HTMLInputElement | null)?.value,
        focused: document.activeElement?.tagName,
        tableFilter: (document.querySelector('table[aria-label="Endpoints"]') as HTMLElement | null)?.dataset
          .filter,
        tableConnected: !!document.querySelector('table[aria-label="Endpoints"]'),
        measured: (window as unknown as { __lat: number[] }).__lat.length,
      }));
      throw new Error(
        `filter key ${i + 1}/${keys.length} (${keys[i]}) not measured: ${JSON.stringify(seen)}`,
        { cause: e },
      );
    }
  }
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

export async function measureUi(log: (line: string) => void = () => {}): Promise<Record<string, number>> {
  buildRenderer();
  const bundleKb = rendererBundleKb();
  log(`bundle ${bundleKb} kB`);
  const harness = await startHarness({ generate: N });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const renders: number[] = [];
    for (let i = 0; i < RUNS; i++)
      renders.push(await renderOnce(page, i === 0 ? harness.openUrl : harness.url));
    log(`render5000 runs (ms): ${renders.map(round).join(', ')}`);
    const p95s: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const lat = await filterLatencies(page, r === 0);
      p95s.push(p95(lat));
      log(
        `filter round ${r + 1} latencies (ms, ${lat.length} keys): ${lat.map(round).join(', ')} → p95 ${round(p95(lat))}`,
      );
      await page.getByLabel('Filter endpoints').fill('');
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return {
      'ui.render5000_ms': round(median(renders)),
      'ui.filter_p95_ms': round(median(p95s)),
      'memory.renderer_heap_mb': round(heap.usedSize / 1024 / 1024),
      'bundle.renderer_kb': bundleKb,
    };
  } finally {
    await browser.close();
    await harness.close();
  }
}

export const ui: FigureProducer = {
  group: 'ui',
  description: `renderer in Chromium via the harness, ${N} endpoints: render, filter p95, heap after GC; built bundle size`,
  run: measureUi,
};
