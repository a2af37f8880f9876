import type { Page } from 'playwright-core';
import type { FigureProducer } from '../figure';
import { timing } from '../stats';
import { filterP95, round, withHarnessPage } from './browser-bench';

// The fleet view in Chromium through the harness (`--fleet 1000`, 100 endpoints each: 100,000 rows
// plus the harness's own node), as ui.ts measures the single-node list:
//  fleet.render100k_ms      – "fleet data arrived" (FleetView's mark, after the rows are built) → rows
//                             painted (EndpointsTable's mark: commit + next frame). Median of RUNS page loads, min, max.
//  fleet.filter100k_p95_ms  – keydown → the fleet table shows the new filter → next frame;
//                             each round's p95 over ROUNDS rounds of one-key edits: their median, min, max.
// The renderer must be built (ui.ts builds it first when the whole bench runs).

const NODES = 1000;
const PER_NODE = 100;
const RUNS = 5;
const ROUNDS = 5;
const TABLE = 'table[aria-label="Fleet endpoints"]';

/** Waits for the next arrived → painted pair after `since` and returns its duration. */
async function nextRender(page: Page, since: number, rows: number): Promise<number> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const ms = await page.evaluate(
      ({ since, rows }) => {
        const arrived = performance
          .getEntriesByName('hcn:fleet-arrived')
          .find((e) => e.startTime > since && (e as PerformanceMark).detail >= rows);
        if (!arrived) return null;
        const painted = performance
          .getEntriesByName('hcn:rows-painted')
          .find(
            (e) =>
              e.startTime >= arrived.startTime &&
              (e as PerformanceMark).detail === (arrived as PerformanceMark).detail,
          );
        return painted ? painted.startTime - arrived.startTime : null;
      },
      { since, rows },
    );
    if (ms !== null) return ms;
    if (Date.now() > deadline) throw new Error(`the fleet table never painted ${rows} rows`);
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
      // The harness serves 1,000 simulated nodes from one process: a reload can wait on its last fleet read.
      await page.goto(i === 0 ? harness.openUrl : harness.url, { timeout: 300_000 });
      await page
        .locator('table[aria-label="Endpoints"] tbody tr[data-id]')
        .first()
        .waitFor({ timeout: 300_000 });
      const since = await page.evaluate(() => performance.now());
      // The switcher lists every node: with 1,000 of them opening it and choosing takes long (not measured).
      await page.getByRole('button', { name: /^Node: / }).click({ timeout: 300_000 });
      await page.getByRole('menuitem', { name: /All nodes \(fleet view\)/ }).click({ timeout: 300_000 });
      renders.push(await nextRender(page, since, NODES * PER_NODE));
    }
    log(`render100k runs (ms): ${renders.map(round).join(', ')}`);
    const filterP95s = await filterP95(page, TABLE, FILTER_KEYS, ROUNDS, log);
    return {
      ...timing('fleet.render100k_ms', renders),
      ...timing('fleet.filter100k_p95_ms', filterP95s),
    };
  });
}

export const fleetUi: FigureProducer = {
  group: 'fleet-ui',
  description: `fleet view in Chromium via the harness, ${NODES} nodes × ${PER_NODE} endpoints: render, filter p95`,
  run: measureFleetUi,
};
