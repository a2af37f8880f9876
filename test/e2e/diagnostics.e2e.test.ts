import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MISCONFIGURED, SEEDED } from '../support/diagnostics-input';
import { useAppSession, row, seriousA11yViolations } from './support/app';

// Issue 7 item 6: the seeded snapshot with six known misconfigurations shows exactly those six in
// the GUI (node health dialog), the topology badges them, and a node opens its endpoint.

const s = useAppSession({ stateFile: MISCONFIGURED });

const healthDialog = () => s.page.getByRole('dialog', { name: 'Node health' });

/** [rule id, endpoint attribute] of every finding shown in scope. */
async function findingsIn(
  scope: ReturnType<Page['locator']>,
  endpointAttr = 'data-endpoint-id',
): Promise<string[][]> {
  return scope
    .locator('[data-testid="finding"]')
    .evaluateAll(
      (els, attr) => els.map((e) => [e.getAttribute('data-finding-id') ?? '', e.getAttribute(attr) ?? '']),
      endpointAttr,
    );
}

describe('diagnostics in the GUI (misconfigured-node.json)', () => {
  it('the health chip counts and the node health dialog lists exactly the six seeded findings', async () => {
    const chip = s.page.getByTestId('health-chip');
    await expect.poll(() => chip.textContent()).toBe('3 errors · 3 warnings');
    await chip.click();
    const dlg = healthDialog();
    await dlg.getByTestId('node-health').waitFor();
    const shown = (await findingsIn(dlg.locator('section'), 'data-endpoint-name')).sort();
    expect(shown).toEqual(SEEDED);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await s.page.screenshot({ path: 'test-results/diagnostics-node-health.png' });
  });

  it('draws the topology with a badge on each misconfigured endpoint, and a node opens its detail', async () => {
    const dlg = healthDialog();
    await dlg.getByRole('tab', { name: 'Topology' }).click();
    const svg = dlg.getByRole('group', { name: 'Network topology' });
    await svg.waitFor();
    await expect.poll(() => svg.locator('[data-testid="topo-endpoint"]').count()).toBe(8);
    expect(await svg.locator('[data-testid="topo-network"]').count()).toBe(2);
    const badged = await svg.locator('[data-testid="topo-endpoint"]:not([data-severity="none"])').count();
    expect(badged).toBe(6);
    // Ports appear once details load: the healthy endpoint shows its inbound and outbound port.
    await expect
      .poll(() => svg.locator('[data-testid="topo-leaf"][data-kind="inbound"]').count())
      .toBeGreaterThan(3);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await s.page.screenshot({ path: 'test-results/diagnostics-topology.png' });
    await svg
      .locator('[data-testid="topo-endpoint"][data-endpoint-id="22222222-2222-4222-8222-222222222201"]')
      .click();
    const drawer = s.page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.waitFor();
    await drawer.getByRole('tab', { name: 'Diagnostics' }).click();
    const panel = drawer.getByTestId('endpoint-diagnostics');
    await expect.poll(async () => (await findingsIn(panel)).map(([id]) => id)).toEqual(['proxy.no-user-sid']);
    // Item 3, "for one endpoint": the panel's own picture holds this endpoint only, badged with its
    // finding, under its network, with its proxy ports drawn.
    const own = panel.getByRole('group', { name: 'Endpoint topology' });
    await own.waitFor();
    const ownEndpoints = own.locator('[data-testid="topo-endpoint"]');
    await expect
      .poll(() => ownEndpoints.evaluateAll((els) => els.map((e) => e.getAttribute('data-endpoint-id'))))
      .toEqual(['22222222-2222-4222-8222-222222222201']);
    expect(await ownEndpoints.first().getAttribute('data-severity')).toBe('error');
    expect(await own.locator('[data-testid="topo-network"]').count()).toBe(1);
    await expect.poll(() => own.locator('[data-testid="topo-leaf"][data-kind="outbound"]').count()).toBe(1);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await s.page.screenshot({ path: 'test-results/diagnostics-endpoint.png' });
  });

  it('explains a flow from the endpoint panel', async () => {
    const drawer = s.page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.getByLabel('Remote ip:port').fill('10.0.5.9:8080');
    await drawer.getByRole('button', { name: 'Explain' }).click();
    const x = drawer.getByTestId('flow-explanation');
    await expect
      .poll(() => x.getByRole('alert').first().textContent())
      .toBe('Redirected to port 15001 by policy #0.');
    await s.page.screenshot({ path: 'test-results/diagnostics-flow.png' });
    await s.page.getByRole('button', { name: 'Close details' }).click();
  });

  it('a healthy endpoint’s panel says so', async () => {
    await row(s.page, 'healthy-0_eth0').click();
    const drawer = s.page.getByRole('dialog', { name: 'healthy-0_eth0' });
    await drawer.getByRole('tab', { name: 'Diagnostics' }).click();
    await drawer.getByText('No problems found in this endpoint’s proxy setup.').waitFor();
  });
});
