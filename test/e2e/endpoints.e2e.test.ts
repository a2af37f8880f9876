import { describe, expect, it } from 'vitest';
import { animationsSettled, useAppSession, row, seriousA11yViolations } from './support/app';

const s = useAppSession();

const table = () => s.page.getByRole('table', { name: 'Endpoints' });
/** The next answer to the endpoint list request (start waiting before the action that sends it). */
const listRequest = () =>
  s.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/endpoints.list', { timeout: 30_000 });

describe('endpoints list through the harness', () => {
  it('lists the demo endpoints with id, network, IP, MAC and policy counts', async () => {
    await expect.poll(() => row(s.page, 'web-0_eth0').count()).toBe(1);
    expect(await table().locator('tbody tr[data-id]').count()).toBe(5);
    const web = row(s.page, 'web-0_eth0');
    for (const text of ['5e6f7081', 'Calico', '10.240.2.7', '00-15-5D-21-02-07', 'OutBoundNAT']) {
      expect(await web.textContent()).toContain(text);
    }
    expect(await web.locator('td.col-proxy').textContent()).toBe('1');
    await expect.poll(() => s.page.getByTestId('backend-chip').textContent()).toContain('Simulated');
    expect(await s.page.getByText(/L4WFPPROXY supported/).count()).toBe(1);
    expect(await s.page.getByTestId('last-refresh').textContent()).toMatch(/Last refresh/);
  });

  it('filters as you type and says when nothing matches', async () => {
    const filter = s.page.getByLabel('Filter endpoints');
    await filter.fill('172.30');
    await expect.poll(() => table().locator('tbody tr[data-id]').count()).toBe(2);
    expect(await s.page.getByText('2 of 5 endpoints').count()).toBe(1);
    await filter.fill('calico 10.240.2.9');
    await expect.poll(() => table().locator('tbody tr[data-id]').count()).toBe(1);
    await filter.fill('no-such-endpoint');
    await expect.poll(() => s.page.getByText(/No endpoint matches/).count()).toBe(1);
    await filter.press('Escape');
    await expect.poll(() => table().locator('tbody tr[data-id]').count()).toBe(5);
  });

  it('sorts by a column and hides columns through the chooser', async () => {
    await s.page.getByRole('button', { name: 'Proxy policies', exact: true }).click();
    await expect
      .poll(() => table().locator('tbody tr[data-id]').first().getByRole('cell').nth(2).textContent())
      .toBe('web-0_eth0');
    await s.page.getByRole('button', { name: 'Name', exact: true }).click();
    await expect
      .poll(() => table().locator('tbody tr[data-id]').first().getByRole('cell').nth(2).textContent())
      .toBe('api-7f9c_eth0');
    await s.page.getByRole('button', { name: 'Columns' }).click();
    await s.page.getByRole('menuitemcheckbox', { name: 'MAC' }).click();
    await s.page.keyboard.press('Escape');
    await expect.poll(() => table().getByRole('columnheader', { name: 'MAC' }).count()).toBe(0);
    await s.page.getByRole('button', { name: 'Columns' }).click();
    await s.page.getByRole('menuitemcheckbox', { name: 'MAC' }).click();
    await s.page.keyboard.press('Escape');
    await expect.poll(() => table().getByRole('columnheader', { name: 'MAC' }).count()).toBe(1);
  });

  it('refreshes on Ctrl+R and F5 without reloading the page', async () => {
    await s.page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    let navigations = 0;
    const count = () => navigations++;
    s.page.on('framenavigated', count);
    try {
      // Each key must re-read the list (a request seen, not a clock that ticked); a reload would
      // navigate and drop the marker.
      for (const key of ['Control+r', 'F5']) {
        const listed = listRequest();
        await s.page.keyboard.press(key);
        await listed;
      }
      expect(navigations).toBe(0);
      expect(await s.page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
    } finally {
      s.page.off('framenavigated', count);
    }
  });

  it('keeps keyboard focus on the Refresh button while and after it refreshes', async () => {
    const button = s.page.getByRole('button', { name: 'Refresh', exact: true });
    await button.focus();
    const listed = listRequest();
    await s.page.keyboard.press('Enter');
    await listed;
    await expect.poll(() => button.getAttribute('aria-disabled')).toBeNull();
    // A disabled-while-busy button would have dropped focus to <body>.
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await s.page.keyboard.press('Enter');
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('opens the detail drawer from the keyboard with policy cards, SID names and raw JSON', async () => {
    const web = row(s.page, 'web-0_eth0');
    await web.focus();
    await s.page.keyboard.press('Enter');
    const drawer = s.page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.waitFor();
    const card = drawer.getByRole('article', { name: 'Proxy policy 0' });
    await expect.poll(() => card.textContent()).toContain('Inbound → 15006');
    expect(await card.textContent()).toContain('S-1-5-18 (Local System)');
    expect(await card.textContent()).toContain('15090, 15021');
    expect(await card.textContent()).toContain('Owned by Istio');
    expect(await drawer.getByText('OutBoundNAT settings').count()).toBe(1);
    await drawer.getByRole('tab', { name: 'Raw JSON' }).click();
    expect(await drawer.getByLabel('Endpoint JSON from HNS', { exact: true }).textContent()).toContain(
      '"L4WFPPROXY"',
    );
    await drawer.getByRole('tab', { name: 'Journal' }).click();
    await expect.poll(() => drawer.getByText(/No changes recorded/).count()).toBe(1);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await s.page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });

  it('has no serious or critical axe violations on the main view', async () => {
    expect(await seriousA11yViolations(s.page)).toEqual([]);
  });

  it('fits 1024×700: no page-level horizontal scroll, toolbar and table visible', async () => {
    await s.page.setViewportSize({ width: 1024, height: 700 });
    await animationsSettled(s.page);
    const overflow = await s.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await s.page.screenshot({ path: 'test-results/endpoints-1024.png' });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await s.page.getByRole('button', { name: 'Open snapshot' }).isVisible()).toBe(true);
    expect(await s.page.getByLabel('Filter endpoints').isVisible()).toBe(true);
    expect(await row(s.page, 'web-0_eth0').isVisible()).toBe(true);
    // The proxy-policy count, what the app is about, is in view without scrolling the table sideways.
    const inView = await s.page.evaluate(() => {
      const box = document
        .querySelector('table[aria-label="Endpoints"]')!
        .parentElement!.getBoundingClientRect();
      const cell = document
        .querySelector('table[aria-label="Endpoints"] tbody tr[data-id] td.col-proxy')!
        .getBoundingClientRect();
      return cell.left >= box.left && cell.right <= box.right;
    });
    expect(inView).toBe(true);
    await s.page.screenshot({ path: 'test-results/endpoints-1024.png' });
    await s.page.setViewportSize({ width: 1280, height: 800 });
  });
});
