import type { Page } from 'playwright-core';
import type { FigureProducer } from '../figure';
import { timing } from '../stats';
import { filterP95, round, withHarnessPage } from './browser-bench';

// The fleet view in Chromium through the harness (`--fleet 100`, 100 endpoints each: 10,000 rows plus
// the harness's own node), as ui.ts measures the single-node list:
//  fleet.render10000_ms – "fleet data arrived" (FleetView's mark, after the rows are built) → rows
//                         painted (EndpointsTable's mark: commit + next frame). Median of RUNS refreshes, min, max.
//  fleet.filter_p95_ms  – keydown → the fleet table shows the new filter → next frame;
//                         each round's p95 over ROUNDS rounds of one-key edits: their median, min, max.
// The renderer must be built (ui.ts builds it first when the whole bench runs).

const NODES = 100;
const PER_NODE = 100;
const RUNS = 5;
const ROUNDS = 5;
const TABLE = 'table[aria-label="Fleet endpoints"]';

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

const FILTER_KEYS = [
  ...'sim-42',
  ...Array(6).fill('Backspace'),
  ...'data/api',
  ...Array(8).fill('Backspace'),
  ...'14.240.0',
  ...Array(8).fill('Backspace'),
  ...'calico',
];

export async function measureFleetUi(
  log: (line: string) => void = () => {},
): Promise<Record<string, number>> {
  return withHarnessPage({ fleet: NODES, fleetEndpoints: PER_NODE }, async (page, harness) => {
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
    const filterP95s = await filterP95(page, TABLE, FILTER_KEYS, ROUNDS, log);
    return { ...timing('fleet.render10000_ms', renders), ...timing('fleet.filter_p95_ms', filterP95s) };
  });
}

export const fleetUi: FigureProducer = {
  group: 'fleet-ui',
  description: `fleet view in Chromium via the harness, ${NODES} nodes × ${PER_NODE} endpoints: render, filter p95`,
  run: measureFleetUi,
};
