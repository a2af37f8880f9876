import { describe, expect, it } from 'vitest';
import { useAppSession } from './support/app';

// The Activity panel in the fleet view: one feed for every node (fleet.watch), each row naming its
// node, and the node filter.

const s = useAppSession({ fleet: 2, fleetEndpoints: 4 });

describe('Activity panel, fleet view', () => {
  it('shows a change on a remote node with its node, and filters by node', async () => {
    const { page, harness } = s;
    await page.getByRole('button', { name: /^Node: / }).click();
    await page
      .getByRole('menu')
      .getByRole('menuitem', { name: /All nodes \(fleet view\)/ })
      .click();
    await page.locator('table[aria-label="Fleet endpoints"]').waitFor();
    await page.getByRole('button', { name: /^Activity \(\d+\)$/ }).click();
    const events = page.getByRole('table', { name: 'Activity events' });
    await events.getByText('No change since the app started watching.').waitFor();

    // A change on sim-2, through its own agent (as the fleet's per-node calls go).
    const list = await harness.core.route('nodes.route', {
      node: 'sim-2',
      channel: 'endpoints.list',
      input: {},
    });
    if (!list.ok) throw new Error(list.error.message);
    const target = (list.value as Array<{ id: string; proxyPolicyCount: number }>)[0]!;
    const add = await harness.core.route('nodes.route', {
      node: 'sim-2',
      channel: 'policies.add',
      input: { endpointId: target.id, policy: { inboundProxyPort: 15006, outboundProxyPort: 15001 } },
    });
    if (!add.ok) throw new Error(add.error.message);

    const added = events.locator('tbody tr[data-type="policy-added"]');
    await added.first().waitFor({ timeout: 20_000 });
    expect(await added.count()).toBe(1);
    const cells = await added.first().locator('td').allTextContents();
    expect(cells[1]).toBe('sim-2');
    expect(cells.join(' ')).toContain('this app');

    await page.getByRole('combobox', { name: 'Node' }).click();
    await page.getByRole('option', { name: 'sim-1' }).click();
    await events.getByText('No change matches the filters.').waitFor();
    await page.getByRole('combobox', { name: 'Node' }).click();
    await page.getByRole('option', { name: 'sim-2' }).click();
    await added.first().waitFor();
  });
});
