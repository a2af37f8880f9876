import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness } from '../harness/server';
import { launchChromium } from '../support/chromium';

let harness: Harness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

describe('endpoints list through the harness', () => {
  it('shows the demo endpoints from the simulated HNS', async () => {
    await page.goto(harness.openUrl);
    await expect.poll(() => page.getByRole('cell', { name: 'web-0_eth0' }).count()).toBe(1);
    const rows = page.getByRole('table', { name: 'Endpoints' }).getByRole('row');
    expect(await rows.count()).toBe(6); // header + 5 demo endpoints
    await expect.poll(() => page.getByText('172.30.16.5').count()).toBeGreaterThan(0);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/endpoints.png' });
  });
});
