import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness } from '../harness/server';
import { launchChromium } from '../support/chromium';
import { animationsSettled, openApp, row, seriousA11yViolations } from './support/app';

// The main views in light and dark, checked with axe in both schemes. Images go to test-results/
// on every run; with UPDATE_SCREENSHOTS=1 they also refresh docs/ (shown in README.md), so a plain
// `npm test` never dirties the work tree.

const OUT = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';
let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  harness = await startHarness();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function shoot(page: Page, name: string) {
  await page.mouse.move(1, 1);
  await animationsSettled(page);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

describe.each(['light', 'dark'] as const)('%s theme', (scheme) => {
  let page: Page;
  beforeAll(async () => {
    page = await openApp(browser, harness, { colorScheme: scheme, width: 1280, height: 760 });
  });
  afterAll(async () => {
    await page?.close();
  });

  it('follows the OS colour scheme', async () => {
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg === 'rgb(255, 255, 255)').toBe(scheme === 'light');
  });

  it('endpoints list', async () => {
    await page.getByRole('checkbox', { name: 'Select db-0_eth0' }).check();
    await page.getByRole('checkbox', { name: 'Select nat-ep' }).check();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, `endpoints-${scheme}`);
    await page.getByRole('button', { name: 'Deselect' }).click();
  });

  it('endpoint detail', async () => {
    await row(page, 'web-0_eth0').click();
    await page.getByRole('dialog', { name: 'web-0_eth0' }).getByRole('article').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, `detail-${scheme}`);
  });

  it('add-policy form with a live HNS preview', async () => {
    await page
      .getByRole('dialog', { name: 'web-0_eth0' })
      .getByRole('button', { name: 'Add policy' })
      .click();
    const dlg = page.getByRole('dialog', { name: /Add proxy policy/ });
    await dlg.getByLabel('Outbound proxy port').fill('0');
    await expect.poll(() => dlg.getByText('Port must be between 1 and 65535.').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, `add-policy-${scheme}`);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
  });

  it('clear dialog', async () => {
    await page.getByRole('dialog', { name: 'web-0_eth0' }).getByRole('button', { name: 'Clear all' }).click();
    await page.getByRole('dialog', { name: /Clear proxy policies/ }).waitFor();
    expect(await page.getByRole('list', { name: 'Policies kept' }).textContent()).toContain(
      'inbound → 15006',
    );
    await page.getByLabel('Also remove policies owned by other components').check();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, `clear-${scheme}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Close details' }).click();
  });
});

// The fleet view for README: a dozen simulated nodes with a realistic mix — findings on some
// (harness fleetFindings: errors on sim-2, sim-6, sim-10; warnings on sim-3, -6, -9, -12), one node
// switched off — its table and its diagnostics summary.
describe('fleet view', () => {
  let fleetHarness: Harness;
  let page: Page;
  beforeAll(async () => {
    fleetHarness = await startHarness({
      fleet: 12,
      fleetEndpoints: 24,
      fleetUnreachable: ['sim-7'],
      fleetFindings: true,
    });
    page = await openApp(browser, fleetHarness, { colorScheme: 'light', width: 1280, height: 760 });
    await page.getByRole('button', { name: /^Node: / }).click();
    await page.getByRole('menuitem', { name: /All nodes \(fleet view\)/ }).click();
    await page.locator('table[aria-label="Fleet endpoints"] tbody tr[data-id]').first().waitFor();
  });
  afterAll(async () => {
    await page?.close();
    await fleetHarness?.close();
  });

  it('fleet table with the unreachable node named', async () => {
    await page.getByText('sim-7 is unreachable').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'fleet-light');
  });

  it('fleet diagnostics summary', async () => {
    await page.getByRole('button', { name: 'Diagnose fleet' }).click();
    const dialog = page.getByRole('dialog', { name: 'Diagnostics of every node' });
    await expect
      .poll(() => dialog.getByTestId('fleet-diag-summary').textContent())
      .toBe('6 nodes with findings · 6 clean · 1 unreachable');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'fleet-diagnostics-light');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
