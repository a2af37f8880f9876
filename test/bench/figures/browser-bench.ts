import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness, type HarnessOptions } from '../../harness/server';
import { launchChromium } from '../../support/chromium';

// What the renderer figures (ui.ts, fleet-ui.ts) share: the harness and Chromium around a page, and
// the quick filter's keystroke latency measured the same way for the single-node and fleet tables.

export const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
export const round = (x: number) => Math.round(x * 10) / 10;

/** Runs `body` with a harness (these options) and a 1280×800 Chromium page; closes both after. */
export async function withHarnessPage<T>(
  options: HarnessOptions,
  body: (page: Page, harness: Harness, browser: Browser) => Promise<T>,
): Promise<T> {
  const harness = await startHarness(options);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    return await body(page, harness, browser);
  } finally {
    await browser.close();
    await harness.close();
  }
}

/**
 * Types `keys` into the quick filter one at a time, recording keydown → the table (`table`, a CSS
 * selector) shows that filter (its data-filter attribute) → the next frame. `install`: first call on
 * this page (adds the listeners); later calls reset the record.
 */
async function filterLatencies(
  page: Page,
  table: string,
  keys: string[],
  install: boolean,
): Promise<number[]> {
  await page.getByLabel('Filter endpoints').focus();
  await page.evaluate(
    ({ install, table }) => {
      const w = window as unknown as { __lat: number[] };
      if (!install) {
        w.__lat.length = 0;
        return;
      }
      w.__lat = [];
      const el = document.activeElement as HTMLInputElement;
      const t = document.querySelector(table) as HTMLElement;
      let pending: number | null = null;
      el.addEventListener('keydown', () => (pending = performance.now()), true);
      new MutationObserver(() => {
        if (pending === null || t.dataset.filter !== el.value) return;
        const t0 = pending;
        pending = null;
        requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0), 0));
      }).observe(t, { attributes: true, attributeFilter: ['data-filter'] });
    },
    { install, table },
  );
  for (let i = 0; i < keys.length; i++) {
    await page.keyboard.press(keys[i]!);
    try {
      await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length >= n, i + 1, {
        timeout: 10_000,
      });
    } catch (e) {
      // Say which keystroke never showed up as rows, and what the page held then.
      const seen = await page.evaluate(
        (table) => ({
          input: (document.activeElement as HTMLInputElement | null)?.value,
          focused: document.activeElement?.tagName,
          tableFilter: (document.querySelector(table) as HTMLElement | null)?.dataset.filter,
          tableConnected: !!document.querySelector(table),
          measured: (window as unknown as { __lat: number[] }).__lat.length,
        }),
        table,
      );
      throw new Error(
        `filter key ${i + 1}/${keys.length} (${keys[i]}) not measured: ${JSON.stringify(seen)}`,
        { cause: e },
      );
    }
  }
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

/**
 * `rounds` rounds of `keys`, the filter emptied after each; returns each round's p95 (the figure is
 * their median, with min and max: stats.ts), so one round disturbed by other load on the machine does
 * not decide it.
 */
export async function filterP95(
  page: Page,
  table: string,
  keys: string[],
  rounds: number,
  log: (line: string) => void,
): Promise<number[]> {
  const p95s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const lat = await filterLatencies(page, table, keys, r === 0);
    p95s.push(p95(lat));
    log(
      `filter round ${r + 1} (ms, ${lat.length} keys): ${lat.map(round).join(', ')} → p95 ${round(p95(lat))}`,
    );
    await page.getByLabel('Filter endpoints').fill('');
  }
  return p95s;
}
