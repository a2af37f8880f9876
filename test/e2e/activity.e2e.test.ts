import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { animationsSettled, closeDetail, row, seriousA11yViolations, useAppSession } from './support/app';

// The Activity panel: a change someone else made straight to HNS appears live with who made it and a
// drift badge; the endpoint's row flashes; the kind filter hides it; the event opens the endpoint's
// policies as they were at that moment, and from there the endpoint as it is now.

const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const s = useAppSession();

describe('Activity panel', () => {
  it('shows a change made by someone else live, with drift, a flashing row, filters and the moment’s state', async () => {
    const { page, harness } = s;
    await page.getByRole('button', { name: /^Activity \(\d+\)$/ }).click();
    const events = page.getByRole('table', { name: 'Activity events' });
    await events.getByText('No change since the app started watching.').waitFor();

    // Someone else: straight to the simulated HNS, no journal entry.
    const odd = { Type: 'L4WFPPROXY', Settings: { InboundProxyPort: 7777, OutboundProxyPort: 7778 } };
    await harness.core.ctx.hns.modifyEndpoint(WEB0, {
      ResourceType: 'Policy',
      RequestType: 'Add',
      Settings: { Policies: [odd as never] },
    });
    const added = events.locator('tbody tr[data-type="policy-added"]');
    await added.first().waitFor({ timeout: 20_000 });
    expect(await added.count()).toBe(1);
    const text = await added.first().textContent();
    expect(text).toContain('policy added: inbound → 7777, outbound → 7778');
    expect(text).toContain('web-0_eth0');
    expect(text).toContain('someone else');
    expect(text).toContain('drift');
    await expect.poll(() => page.getByTestId('activity-drift-count').textContent()).toBe('drift: 1');
    expect(await page.getByRole('list', { name: 'Drift' }).textContent()).toMatch(/first seen/);
    // The event refreshed the table: web-0's row is marked changed (the highlight).
    await expect.poll(() => row(page, 'web-0_eth0').getAttribute('data-changed')).toBe('true');

    // Kind filter: only removals → nothing matches.
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'policy-removed' }).click();
    await events.getByText('No change matches the filters.').waitFor();
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Any kind' }).click();

    // The event at its moment: the policies right after the change.
    await added.first().getByRole('button').click();
    const dialog = page.getByRole('dialog', { name: /^web-0_eth0 at / });
    await dialog.waitFor();
    const policies = JSON.parse(
      (await dialog.getByTestId('activity-event-policies').textContent()) ?? '[]',
    ) as unknown[];
    expect(policies).toContainEqual(odd);
    expect(await dialog.getByTestId('activity-event-drift').textContent()).toMatch(/no known owner/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Open endpoint as it is now' }).click();
    await page.getByRole('dialog', { name: 'web-0_eth0' }).waitFor();
  });

  it('pods enrolled by the harness’s mesh CNI (--churn) appear with their owner (README screenshot)', async () => {
    const { page, harness } = s;
    await closeDetail(page, 'web-0_eth0');
    for (let i = 0; i < 4; i++) await harness.churn.step();
    const events = page.getByRole('table', { name: 'Activity events' });
    await events.locator('tbody tr[data-type="endpoint-created"]').first().waitFor({ timeout: 20_000 });
    const created = await events.locator('tbody tr[data-type="endpoint-created"]').allTextContents();
    expect(created.some((t) => /churn-\w+_eth0/.test(t) && t.includes('someone else') === false)).toBe(true);
    const owned = await events.locator('tbody tr[data-type="policy-added"]').allTextContents();
    expect(
      owned.some((t) => /churn-\w+_eth0/.test(t) && /Istio|Linkerd|Cilium|Consul|Kuma|Calico/i.test(t)),
    ).toBe(true);
    // Images go to test-results/; with UPDATE_SCREENSHOTS=1 to docs/ (shown in README.md).
    const out = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';
    mkdirSync(out, { recursive: true });
    await page.mouse.move(1, 1);
    await animationsSettled(page);
    await page.screenshot({ path: join(out, 'activity-light.png') });
  });
});
