import type { Page } from 'playwright-core';
import { startHarness } from '../../harness/server';
import { launchChromium } from '../../support/chromium';
import type { FigureProducer } from '../figure';

// The fleet view in Chromium through the harness (`--fleet 100`, 100 endpoints each: 10,000 rows plus
// the harness's own node), as ui.ts measures the single-node list:
//  fleet.render10000_ms – "fleet data arrived" (FleetView's mark, after the rows are built) → rows
//                         painted (EndpointsTable's mark: commit + next frame). Median of RUNS refreshes.
//  fleet.filter_p95_ms  – keydown → the fleet table shows the new filter → next frame, debounce included;
//                         the median round's p95 over ROUNDS rounds of one-key edits.
// The renderer must be built (ui.ts builds it first when the whole bench runs).

const NODES = 100;
const PER_NODE = 100;
const RUNS = 5;
const ROUNDS = 3;
const TABLE = 'table[aria-label="Fleet endpoints"]';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const round = (x: number) => Math.round(x * 10) / 10;

/** Waits for the next arrived → painted pair after `since` and returns its duration. */
async function nextRender(page: Page, since: number): Promise<number> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ms = await page.evaluate((since) => {
      const arrived = performance
        .getEntriesByName('hcn:fleet-arrived')
        .find((e) => e.startTime > since && (e as PerformanceMark).detail >= 10_000);
      if (!arrived) return null;
      const painted = performance
        .getEntriesByName('hcn:rows-painted')
        .find(
          (e) =>
            e.startTime >= arrived.startTime &&
            (e as PerformanceMark).detail === (arrived as PerformanceMark).detail,
        );
      return painted ? painted.startTime - arrived.startTime : null;
    }, since);
    if (ms !== null) return ms;
    if (Date.now() > deadline) throw new Error('the fleet table never painted 10,000 rows');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function filterLatencies(page: Page, install: boolean): Promise<number[]> {
  const input = page.getByLabel('Filter endpoints');
  await input.focus();
  await page.evaluate(
    ({ install, sel }) => {
      const w = window as unknown as { __flat: number[] };
      if (!install) {
        w.__flat.length = 0;
        return;
      }
      w.__flat = [];
      const el = document.activeElement as HTMLInputElement;
      const table = document.querySelector(sel) as HTMLElement;
      let pending: number | null = null;
      el.addEventListener('keydown', () => (pending = performance.now()), true);
      new MutationObserver(() => {
        if (pending === null || table.dataset.filter !== el.value) return;
        const t0 = pending;
        pending = null;
        requestAnimationFrame(() => setTimeout(() => w.__flat.push(performance.now() - t0), 0));
      }).observe(table, { attributes: true, attributeFilter: ['data-filter'] });
    },
    { install, sel: TABLE },
  );
  const keys = [
    ...'sim-42',
    ...Array(6).fill('Backspace'),
    ...'data/api',
    ...Array(8).fill('Backspace'),
    ...'14.240.0',
    ...Array(8).fill('Backspace'),
    ...'calico',
  ];
  for (let i = 0; i < keys.length; i++) {
    await page.keyboard.press(keys[i]!);
    await page.waitForFunction((n) => (window as unknown as { __flat: number[] }).__flat.length >= n, i + 1, {
      timeout: 10_000,
    });
  }
  return page.evaluate(() => (window as unknown as { __flat: number[] }).__flat);
}

export async function measureFleetUi(
  log: (line: string) => void = () => {},
): Promise<Record<string, number>> {
  const harness = await startHarness({ fleet: NODES, fleetEndpoints: PER_NODE });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const renders: number[] = [];
    // A page load per run, as ui.ts does: a refresh with equal data re-renders nothing (React Query
    // keeps the old rows when the new ones are structurally equal).
    for (let i = 0; i < RUNS; i++) {
      await page.goto(i === 0 ? harness.openUrl : harness.url);
      await page
        .locator('table[aria-label="Endpoints"] tbody tr[data-id]')
        .first()
        .waitFor({ timeout: 60_000 });
      const since = await page.evaluate(() => performance.now());
      await page.getByRole('button', { name: /^Node: / }).click();
      await page.getByRole('menuitem', { name: /All nodes \(fleet view\)/ }).click();
      renders.push(await nextRender(page, since));
    }
    log(`render10000 runs (ms): ${renders.map(round).join(', ')}`);
    const p95s: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const lat = await filterLatencies(page, r === 0);
      p95s.push(p95(lat));
      log(
        `filter round ${r + 1} (ms, ${lat.length} keys): ${lat.map(round).join(', ')} → p95 ${round(p95(lat))}`,
      );
      await page.getByLabel('Filter endpoints').fill('');
    }
    return { 'fleet.render10000_ms': round(median(renders)), 'fleet.filter_p95_ms': round(median(p95s)) };
  } finally {
    await browser.close();
    await harness.close();
  }
}

export const fleetUi: FigureProducer = {
  group: 'fleet-ui',
  description: `fleet view in Chromium via the harness, ${NODES} nodes × ${PER_NODE} endpoints: render, filter p95`,
  run: measureFleetUi,
};
