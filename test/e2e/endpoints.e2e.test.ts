import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness } from '../harness/server';
import { launchChromium } from '../support/chromium';
import { openApp, row, seriousA11yViolations } from './support/app';

let harness: Harness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  browser = await launchChromium();
  page = await openApp(browser, harness);
  mkdirSync('test-results', { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

const table = () => page.getByRole('table', { name: 'Endpoints' });

describe('endpoints list through the harness', () => {
  it('lists the demo endpoints with id, network, IP, MAC and policy counts', async () => {
    await expect.poll(() => row(page, 'web-0_eth0').count()).toBe(1);
    expect(await table().locator('tbody tr[data-id]').count()).toBe(5);
    const web = row(page, 'web-0_eth0');
    for (const text of ['5e6f7081', 'Calico', '10.240.2.7', '00-15-5D-21-02-07', 'OutBoundNAT']) {
      expect(await web.textContent()).toContain(text);
    }
    expect(await web.getByRole('cell').nth(8).textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('backend-chip').textContent()).toContain('Simulated');
    expect(await page.getByText(/L4WFPPROXY supported/).count()).toBe(1);
    expect(await page.getByTestId('last-refresh').textContent()).toMatch(/Last refresh/);
  });

  it('filters as you type and says when nothing matches', async () => {
    const filter = page.getByLabel('Filter endpoints');
    await filter.fill('172.30');
    await expect.poll(() => table().locator('tbody tr[data-id]').count()).toBe(2);
    expect(await page.getByText('2 of 5 endpoints').count()).toBe(1);
    await filter.fill('calico 10.240.2.9');
    await expect.poll(() => table().locator('tbody tr[data-id]').count()).toBe(1);
    await filter.fill('no-such-endpoint');
    await expect.poll(() => page.getByText(/No endpoint matches/).count()).toBe(1);
    await filter.press('Escape');
    await expect.poll(() => table().locator('tbody tr[data-id]').count()).toBe(5);
  });

  it('sorts by a column and hides columns through the chooser', async () => {
    await page.getByRole('button', { name: 'Proxy policies', exact: true }).click();
    await expect.poll(() => table().locator('tbody tr[data-id]').first().getByRole('cell').nth(2).textContent()).toBe('web-0_eth0');
    await page.getByRole('button', { name: 'Name', exact: true }).click();
    await expect.poll(() => table().locator('tbody tr[data-id]').first().getByRole('cell').nth(2).textContent()).toBe('api-7f9c_eth0');
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'MAC' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => table().getByRole('columnheader', { name: 'MAC' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'MAC' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => table().getByRole('columnheader', { name: 'MAC' }).count()).toBe(1);
  });

  it('refreshes on Ctrl+R and F5 without reloading the page', async () => {
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    const before = await page.getByTestId('last-refresh').textContent();
    await page.waitForTimeout(1100);
    await page.keyboard.press('Control+r');
    await expect.poll(() => page.getByTestId('last-refresh').textContent()).not.toBe(before);
    await page.keyboard.press('F5');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
  });

  it('opens the detail drawer from the keyboard with policy cards, SID names and raw JSON', async () => {
    const web = row(page, 'web-0_eth0');
    await web.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.waitFor();
    const card = drawer.getByRole('article', { name: 'Proxy policy 0' });
    await expect.poll(() => card.textContent()).toContain('Inbound → 15006');
    expect(await card.textContent()).toContain('S-1-5-18 (Local System)');
    expect(await card.textContent()).toContain('15090, 15021');
    expect(await card.textContent()).toContain('Owned by Istio');
    expect(await drawer.getByText('OutBoundNAT settings').count()).toBe(1);
    await drawer.getByRole('tab', { name: 'Raw JSON' }).click();
    expect(await drawer.getByLabel('Endpoint JSON from HNS', { exact: true }).textContent()).toContain('"L4WFPPROXY"');
    await drawer.getByRole('tab', { name: 'Journal' }).click();
    await expect.poll(() => drawer.getByText(/No changes recorded/).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });

  it('has no serious or critical axe violations on the main view', async () => {
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('fits 1024×700: no page-level horizontal scroll, toolbar and table visible', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: 'test-results/endpoints-1024.png' });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('button', { name: 'Open snapshot' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Filter endpoints').isVisible()).toBe(true);
    expect(await row(page, 'web-0_eth0').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/endpoints-1024.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
