import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from '../../harness/server';
import { launchChromium } from '../../support/chromium';

const require = createRequire(import.meta.url);

export interface OpenOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
}

/** A fresh page on the harness, waiting until the endpoints table shows rows. */
export async function openApp(browser: Browser, harness: Harness, o: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
    colorScheme: o.colorScheme ?? 'light',
    acceptDownloads: true,
    // axe-core is injected as an inline script, which the renderer's strict CSP (rightly) blocks.
    bypassCSP: true,
  });
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(harness.openUrl);
  await page.locator('table[aria-label="Endpoints"] tbody tr[data-id]').first().waitFor();
  return page;
}

export interface AppSession {
  harness: Harness;
  browser: Browser;
  page: Page;
}

/**
 * A harness, Chromium and an open app page for one test file: started before its tests, closed after.
 * Options may be computed in beforeAll (e.g. a data dir seeded with a journal).
 */
export function useAppSession(
  options: HarnessOptions | (() => HarnessOptions) = {},
  open: OpenOptions = {},
): AppSession {
  const session = {} as AppSession;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    session.harness = await startHarness(typeof options === 'function' ? options() : options);
    session.browser = await launchChromium();
    session.page = await openApp(session.browser, session.harness, open);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.harness?.close();
  });
  return session;
}

/** The endpoint's row by exact name (CSS, not roles: a modal drawer aria-hides the table). */
export function row(page: Page, name: string) {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('table[aria-label="Endpoints"] tbody tr[data-id]')
    .filter({ has: page.locator('td', { hasText: exact }) });
}

/** The endpoint detail drawer, named after the endpoint. */
export const drawerFor = (page: Page, name: string) => page.getByRole('dialog', { name });

export const addPolicyDialog = (page: Page) => page.getByRole('dialog', { name: /Add proxy policy/ });

/** Opens the endpoint's detail drawer by clicking its row. */
export async function openDetail(page: Page, name: string): Promise<void> {
  await row(page, name).click();
  await drawerFor(page, name).waitFor();
}

/** Closes the detail drawer and waits until it is gone. */
export async function closeDetail(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Close details' }).click();
  await expect.poll(() => drawerFor(page, name).count()).toBe(0);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Waits until no finite animation or CSS transition is running or about to start (MUI's fades and
 * slides), two frames after the last render: a condition, not a guessed delay, so a loaded machine
 * only makes it slower. Endless ones (spinners, skeleton pulses) are ignored.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (a) =>
            a.effect?.getComputedTiming().iterations === Infinity ||
            (!a.pending && a.playState !== 'running'),
        ),
    undefined,
    { timeout: 30_000 },
  );
}

/** axe-core in the page; returns serious and critical violations only (the gate in issue 6). */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Mid-fade colours are not the real contrast: let MUI's enter transitions finish.
  await animationsSettled(page);
  const has = await page.evaluate(() => 'axe' in window);
  if (!has) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })),
    }));
}
