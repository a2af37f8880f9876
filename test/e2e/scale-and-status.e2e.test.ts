import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startHarness, type Harness } from '../harness/server';
import { launchChromium } from '../support/chromium';
import { openApp, row, seriousA11yViolations } from './support/app';

let browser: Browser;
const harnesses: Harness[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const h of harnesses) await h.close();
});

const dataRows = 'table[aria-label="Endpoints"] tbody tr[data-id]';

describe('5,000 endpoints', () => {
  it('renders a window of rows, scrolls to the end by keyboard, filters and sorts', async () => {
    const harness = await startHarness({ generate: 5000 });
    harnesses.push(harness);
    const page = await openApp(browser, harness, { width: 1024, height: 700 });
    await expect.poll(() => page.getByText('5,000 of 5,000 endpoints').count()).toBe(1);
    // Virtualized: only what fits plus overscan is in the DOM.
    expect(await page.locator(dataRows).count()).toBeLessThan(60);
    expect(await page.locator('table[aria-label="Endpoints"]').getAttribute('aria-rowcount')).toBe('5001');
    await page.locator(dataRows).first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator(`${dataRows}[data-index="4999"]`).count()).toBe(1);
    await page.getByLabel('Filter endpoints').fill('web-1');
    await expect
      .poll(() => page.locator('table[aria-label="Endpoints"]').getAttribute('data-rows'))
      .not.toBe('5000');
    const shown = Number(await page.locator('table[aria-label="Endpoints"]').getAttribute('data-rows'));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(5000);
    await page.getByLabel('Filter endpoints').fill('');
    await page.getByRole('button', { name: 'Proxy policies', exact: true }).click();
    await expect.poll(() => page.locator(dataRows).first().locator('td.col-proxy').textContent()).toBe('1');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('first load: loading and error states', () => {
  it('shows progress while HNS answers slowly, then the rows', async () => {
    const harness = await startHarness();
    harnesses.push(harness);
    const hns = harness.core.ctx.hns as unknown as { listEndpoints: () => Promise<unknown> };
    const listEndpoints = hns.listEndpoints.bind(hns);
    // HNS answers when the test says so: the loading state is there to see however slow the page
    // loads (a fixed 1.5 s delay could run out before the page had rendered).
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    hns.listEndpoints = async () => {
      await gate;
      return listEndpoints();
    };
    const page = await browser.newPage();
    await page.goto(harness.openUrl);
    await page.getByText('Reading endpoints from HNS…').waitFor();
    expect(await page.getByLabel('Loading endpoints').count()).toBe(1);
    expect(await page.locator(dataRows).count()).toBe(0);
    release();
    await page.locator(dataRows).first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('Reading endpoints from HNS…').count()).toBe(0);
    await page.close();
  });

  it('a failing first list names the HNS error (no table to fall back on) and Retry recovers', async () => {
    const harness = await startHarness({ faultInjection: true });
    harnesses.push(harness);
    harness.setFaults({ simulator: { operation: 'HcnEnumerateEndpoints', hresult: 0x80070426 } });
    const page = await browser.newPage();
    await page.goto(harness.openUrl);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not list endpoints' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('ERROR_SERVICE_NOT_ACTIVE');
    expect(await alert.textContent()).not.toContain('Error invoking remote method');
    expect(await page.getByText('Reading endpoints from HNS…').count()).toBe(0);
    harness.setFaults({});
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.locator(dataRows).first().waitFor();
    expect(await alert.count()).toBe(0);
    await page.close();
  });
});

describe('empty node and keyboard selection', () => {
  it('says so when HNS has no endpoints', async () => {
    const harness = await startHarness({ generate: 0 });
    harnesses.push(harness);
    const page = await browser.newPage();
    await page.goto(harness.openUrl);
    await expect.poll(() => page.getByText('This node has no HNS endpoints.').count()).toBe(1);
    expect(await page.getByText('0 of 0 endpoints').count()).toBe(1);
    await page.close();
  });

  it('selects rows with Space and moves with the arrow keys', async () => {
    const harness = await startHarness();
    harnesses.push(harness);
    const page = await openApp(browser, harness);
    await page.locator(dataRows).first().focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('button', { name: 'Add policy to 1' }).count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    // Focus moves on the next frame (after the virtualizer scrolls the row into view).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index')))
      .toBe('1');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('button', { name: 'Add policy to 2' }).count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Close details' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Close details' }).count()).toBe(0);
    await page.close();
  });
});

describe('status and read-only mode', () => {
  it('without administrator rights: banner with Restart as administrator, writes disabled', async () => {
    const harness = await startHarness({ elevated: false });
    harnesses.push(harness);
    const page = await openApp(browser, harness);
    await page.getByRole('button', { name: 'Restart as administrator' }).waitFor();
    expect(await page.getByText('Read-only', { exact: true }).count()).toBe(1);
    await row(page, 'web-0_eth0').click();
    const drawer = page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.getByRole('article').first().waitFor();
    expect(await drawer.getByRole('button', { name: 'Add policy' }).isDisabled()).toBe(true);
    expect(await drawer.getByRole('button', { name: 'Clear all' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.getByRole('button', { name: 'Restart as administrator' }).click();
    // The harness cannot elevate: the answer is shown, not swallowed.
    await expect.poll(() => page.getByText(/did not start an elevated copy|Not available/).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('the read-only banner speaks of this node, so the fleet view does not show it', async () => {
    const harness = await startHarness({ elevated: false, fleet: 1 });
    harnesses.push(harness);
    const page = await openApp(browser, harness);
    const restart = page.getByRole('button', { name: 'Restart as administrator' });
    await restart.waitFor();
    await page.getByRole('button', { name: /^Node: / }).click();
    await page
      .getByRole('menu')
      .getByRole('menuitem', { name: /All nodes \(fleet view\)/ })
      .click();
    await page.locator('table[aria-label="Fleet endpoints"]').waitFor();
    expect(await restart.count()).toBe(0);
    expect(await page.getByText('Read-only', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: /^Node: / }).click();
    await page
      .getByRole('menu')
      .getByRole('menuitem', { name: /This machine/ })
      .click();
    await restart.waitFor();
    await page.close();
  });

  it('auto-refresh picks up changes made elsewhere and highlights the changed row', async () => {
    const harness = await startHarness();
    harnesses.push(harness);
    const page = await openApp(browser, harness);
    await page.getByLabel('Auto-refresh').click();
    await page.getByRole('option', { name: 'Every 5 s' }).click();
    // Someone else (the CLI, a CNI) adds a policy to db-0.
    const r = await harness.core.route('policies.add', {
      endpointId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
      policy: { inboundProxyPort: 4143, outboundProxyPort: 4140 },
    });
    expect(r.ok).toBe(true);
    const db = row(page, 'db-0_eth0');
    // The next 5 s tick picks it up; the timeout is a guard for a loaded machine, not a deadline.
    await expect.poll(() => db.getAttribute('data-changed'), { timeout: 30_000 }).toBe('true');
    expect(await db.locator('td.col-proxy').textContent()).toBe('1');
    await page.getByLabel('Auto-refresh').click();
    await page.getByRole('option', { name: 'Off' }).click();
    await page.close();
  });
});
