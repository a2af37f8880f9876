import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousA11yViolations, useAppSession } from './support/app';

// The node switcher and the fleet view in Chromium through the harness: this machine plus three
// simulated nodes behind the real agent protocol over in-process pipes (sim-3 switched off at first;
// sim-2 with a diagnostics error planted).

/** Generated endpoint i of simulated node k (test/harness/fleet.ts nodeState). */
const epId = (k: number, i: number) =>
  `${i.toString(16).padStart(8, '0')}-00e0-4000-8000-${k.toString(16).padStart(12, '0')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-e2e-'));
const s = useAppSession({
  fleet: 3,
  fleetEndpoints: 12,
  fleetUnreachable: ['sim-3'],
  // sim-2 has an error planted (harness/fleet.ts plantFindings); sim-3, switched off, warnings.
  fleetFindings: true,
  // HNS refuses the second change to endpoint 5 of sim-2: the second policy of a set.
  fleetFaults: { 'sim-2': { id: epId(2, 5), operation: 'HcnModifyEndpoint', failNth: 2 } },
  dataDir,
});

const fleetTable = (page: Page) => page.locator('table[aria-label="Fleet endpoints"]');
const fleetRow = (page: Page, k: number, i: number) => page.locator(`tr[data-id="sim-${k}|${epId(k, i)}"]`);

const statusStrip = (page: Page) => page.getByRole('region', { name: 'Status' });
/** What the strip must not show in the fleet view: any one node's name or backend. */
const SINGLE_NODE = /sim-\d|This machine|Simulated HNS|HNS \d+\.\d+/;

async function openSwitcher(page: Page) {
  await page.getByRole('button', { name: /^Node: / }).click();
  return page.getByRole('menu');
}

/** Rows of this machine in the fleet table (the harness's own simulated node). */
async function localRowCount(page: Page): Promise<string> {
  await filter(page, 'This machine');
  const n = (await fleetTable(page).getAttribute('data-rows')) ?? '0';
  await filter(page, '');
  return n;
}

async function filter(page: Page, text: string) {
  await page.getByLabel('Filter endpoints').fill(text);
  await fleetTable(page)
    .and(page.locator(`[data-filter="${text}"]`))
    .waitFor();
}

const journalLines = (node: string) =>
  readFileSync(join(dataDir, 'nodes', node, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);

describe('node switcher', () => {
  it('lists this machine and the nodes with their state; switching shows that node with pods', async () => {
    const { page } = s;
    const menu = await openSwitcher(page);
    await expect
      .poll(() => menu.locator('[data-node="sim-1"]').getAttribute('data-status'))
      .toBe('connected');
    await expect(menu.locator('[data-node="local"]').textContent()).resolves.toContain(
      'This machine (harness)',
    );
    const down = menu.locator('[data-node="sim-3"]');
    await expect
      .poll(() => down.textContent())
      .toContain(
        'unreachable: sim-3: connect ETIMEDOUT (simulated: this node is switched off in the harness).',
      );
    await expect(menu.locator('[data-node="sim-1"]').textContent()).resolves.toMatch(
      /connected · HNS \d+\.\d+/,
    );
    await menu.locator('[data-node="sim-1"]').click();
    await page.getByRole('button', { name: 'Node: sim-1' }).waitFor();
    await page.getByText('12 of 12 endpoints').waitFor();
    const cell = page.locator(`table[aria-label="Endpoints"] tr[data-id="${epId(1, 0)}"] td.col-pod`);
    await expect(cell.textContent()).resolves.toBe('shop/web-0');
  });
});

describe('fleet view', () => {
  it('shows every reachable node in one table with Node and Pod columns, and the unreachable one', async () => {
    const { page } = s;
    const menu = await openSwitcher(page);
    await menu.getByRole('menuitem', { name: /All nodes \(fleet view\)/ }).click();
    const table = fleetTable(page);
    await table.waitFor();
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['Node', 'Pod']));
    await page.getByText('sim-3 is unreachable: sim-3: connect ETIMEDOUT').waitFor();
    await expect(fleetRow(page, 2, 5).locator('td.col-node').textContent()).resolves.toBe('sim-2');
  });

  it('the status strip describes the fleet, not the node shown last (sim-1)', async () => {
    const { page } = s;
    await expect
      .poll(() => statusStrip(page).getByTestId('fleet-summary').textContent())
      .toBe('Fleet · 4 nodes · 3 connected · 1 unreachable');
    expect(await statusStrip(page).textContent()).not.toMatch(SINGLE_NODE);
    expect(await statusStrip(page).getByTestId('backend-chip').count()).toBe(0);
  });

  it('filters by node and by pod', async () => {
    const { page } = s;
    await filter(page, 'sim-2');
    expect(await fleetTable(page).getAttribute('data-rows')).toBe('12');
    await filter(page, 'data/api-1');
    const nodes = await fleetTable(page).locator('tbody tr[data-id] td.col-node').allTextContents();
    expect(nodes.sort()).toEqual(['sim-1', 'sim-2']);
    await filter(page, '');
  });

  it('select-all selects the rows the filter shows, not those of an earlier filter', async () => {
    const { page } = s;
    await filter(page, 'sim-1');
    await fleetTable(page).getByLabel('Select all shown endpoints').check();
    await page.getByRole('button', { name: 'Add policy to 12 on 1 node' }).waitFor();
    await page.getByRole('button', { name: 'Deselect' }).click();
    await filter(page, '');
  });

  it('a new filter starts the list at its top', async () => {
    const { page } = s;
    const scroller = fleetTable(page).locator('xpath=..');
    await fleetTable(page).locator('tbody tr[data-id]').first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    // Still more rows than fit (24 of the simulated nodes), so the browser alone would not scroll up.
    await filter(page, 'sim-');
    expect(Number(await fleetTable(page).getAttribute('data-rows'))).toBeGreaterThan(20);
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
    await filter(page, '');
  });

  it('diagnostics open on a summary: nodes with findings first, clean ones folded, unreachable apart', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Diagnose fleet' }).click();
    const dialog = page.getByRole('dialog', { name: 'Diagnostics of every node' });
    await expect
      .poll(() => dialog.getByTestId('fleet-diag-summary').textContent())
      .toBe('1 node with findings · 2 clean · 1 unreachable');
    const findings = dialog.getByRole('region', { name: 'Nodes with findings' });
    await expect(
      findings.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))),
    ).resolves.toEqual(['sim-2']);
    await expect(
      findings.getByRole('button', { name: /sim-2 — 1 error, 0 warnings/ }).getAttribute('aria-expanded'),
    ).resolves.toBe('false');
    await expect(dialog.getByTestId('fleet-diag-clean').textContent()).resolves.toBe(
      'No errors or warnings on 2 nodes: sim-1, This machine (harness)',
    );
    const down = dialog.getByRole('region', { name: 'Not diagnosed: unreachable' });
    await expect(down.textContent()).resolves.toContain('sim-3sim-3: connect ETIMEDOUT');
  });

  it("a finding's endpoint opens in place: its detail names the node, the fleet view stays behind", async () => {
    const { page } = s;
    const dialog = page.getByRole('dialog', { name: 'Diagnostics of every node' });
    await dialog.getByRole('button', { name: /sim-2 — 1 error, 0 warnings/ }).click();
    const finding = dialog.locator('[data-testid="finding"][data-finding-id="proxy.no-user-sid"]');
    await finding.getByRole('button', { name: 'web-0_eth0 (shop/web-0)' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const drawer = page.getByRole('dialog', { name: 'web-0_eth0' });
    await expect(drawer.getByTestId('detail-node').textContent()).resolves.toBe('on sim-2');
    await page.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => drawer.count()).toBe(0);
    await expect(fleetTable(page).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /^Node: / }).textContent()).resolves.toContain('All nodes');
  });

  it('a row opens its detail over the fleet view and keeps filter, selection and scroll position', async () => {
    const { page } = s;
    await filter(page, 'sim-');
    const scroller = fleetTable(page).locator('xpath=..');
    await fleetRow(page, 1, 3).locator('input[type="checkbox"]').check();
    await fleetTable(page).locator('tbody tr[data-id]').first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const scrolled = await scroller.evaluate((el) => el.scrollTop);
    const name = (await fleetRow(page, 2, 11).locator('td.col-name').textContent()) ?? '';
    await fleetRow(page, 2, 11).click();
    const drawer = page.getByRole('dialog', { name });
    await expect(drawer.getByTestId('detail-node').textContent()).resolves.toBe('on sim-2');
    await page.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => drawer.count()).toBe(0);
    await expect(page.getByLabel('Filter endpoints').inputValue()).resolves.toBe('sim-');
    await expect(fleetTable(page).getAttribute('data-filter')).resolves.toBe('sim-');
    await expect(scroller.evaluate((el) => el.scrollTop)).resolves.toBe(scrolled);
    await page.getByRole('button', { name: 'Add policy to 1 on 1 node' }).waitFor();
    await page.getByRole('button', { name: 'Deselect' }).click();
    await filter(page, '');
  });

  it('exports every endpoint of the fleet as CSV and JSON, each row with its node and pod', async () => {
    const { page } = s;
    const save = async (item: string) => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: item }).click(),
      ]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
    };
    const csv = await save('Every endpoint as CSV');
    expect(csv.name).toMatch(/^fleet-endpoints-.*\.csv$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('node,pod,name,endpoint_id')).toBe(true);
    expect(lines).toHaveLength(1 + 24 + Number(await localRowCount(page)));
    expect(lines).toContainEqual(expect.stringMatching(/^sim-2,data\/api-1,api-1_eth0,/));
    const nodesInOrder = [...new Set(lines.slice(1).map((l) => l.split(',')[0]))];
    expect(nodesInOrder).toEqual(['sim-1', 'sim-2', 'This machine (harness)']);
    const json = JSON.parse((await save('Every endpoint as JSON')).text) as {
      endpoints: Array<{ node: string; pod?: string; id: string }>;
      unreachable: Array<{ node: string }>;
    };
    expect(json.endpoints).toHaveLength(lines.length - 1);
    expect(json.endpoints.find((e) => e.id === epId(2, 1))).toMatchObject({
      node: 'sim-2',
      pod: 'data/api-1',
    });
    expect(json.unreachable.map((n) => n.node)).toEqual(['sim-3']);
  });

  it('applies one policy across two nodes with per-node results; undo on one node only', async () => {
    const { page } = s;
    await filter(page, 'api-1');
    await fleetRow(page, 1, 1).locator('input[type="checkbox"]').check();
    await fleetRow(page, 2, 1).locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Add policy to 2 on 2 nodes' }).click();
    const dialog = page.getByRole('dialog', { name: /Add a proxy policy to 2 endpoints on 2 nodes/ });
    await dialog.getByRole('button', { name: 'Apply to 2 nodes' }).click();
    for (const n of ['sim-1', 'sim-2'])
      await expect
        .poll(() => dialog.getByRole('region', { name: `Results on ${n}` }).textContent())
        .toContain('Added to 1 endpoint; 0 failed.');
    // Each node journalled its own change.
    expect(journalLines('sim-1').map((l) => (JSON.parse(l) as { operation: string }).operation)).toEqual([
      'add',
    ]);
    expect(journalLines('sim-2').map((l) => (JSON.parse(l) as { operation: string }).operation)).toEqual([
      'add',
    ]);

    await dialog.getByRole('button', { name: 'Undo on sim-1' }).click();
    await dialog.getByText('Undone on sim-1: removed 1 policy.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(journalLines('sim-1').map((l) => (JSON.parse(l) as { operation: string }).operation)).toEqual([
      'add',
      'remove',
    ]);
    expect(journalLines('sim-2')).toHaveLength(1);
    await expect.poll(() => fleetRow(page, 1, 1).locator('td.col-proxy').textContent()).toBe('0');
    await expect.poll(() => fleetRow(page, 2, 1).locator('td.col-proxy').textContent()).toBe('1');
    await page.getByRole('button', { name: 'Deselect' }).click();
    await filter(page, '');
  });

  it("applies Istio ambient's pair with the single-node form; a failed second policy is rolled back and retried", async () => {
    const { page } = s;
    await filter(page, '00000005-00e0');
    await fleetRow(page, 1, 5).locator('input[type="checkbox"]').check();
    await fleetRow(page, 2, 5).locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Add policy to 2 on 2 nodes' }).click();
    const dialog = page.getByRole('dialog', { name: /Add a proxy policy to 2 endpoints on 2 nodes/ });
    // The same form as the single-node add: presets from the profile table, exceptions, priority, HNS JSON.
    await dialog.getByLabel('Start from').click();
    await page
      .getByRole('option', { name: /Istio ambient \(ztunnel, Windows CNI\): ambient \(2 policies\)/ })
      .click();
    for (const label of ['Priority', 'Inbound: ports', 'Outbound: IPs'])
      await dialog.getByLabel(label).waitFor();
    const tabs = dialog.getByRole('tablist', { name: 'Policies of the set' });
    await expect(tabs.getByRole('tab').allTextContents()).resolves.toEqual(['1. HBONE', '2. plaintext']);
    await expect
      .poll(() => dialog.getByTestId('hns-preview').textContent())
      .toContain('"InboundProxyPort": "15008"');
    await tabs.getByRole('tab', { name: '2. plaintext' }).click();
    await expect
      .poll(() => dialog.getByTestId('hns-preview').textContent())
      .toContain('"InboundProxyPort": "15006"');
    expect(await dialog.getByLabel('Inbound: ports').inputValue()).toBe('15008');
    // The same validation: a bad field on policy 2 keeps the dialog open with main's message.
    await dialog.getByLabel('Priority').fill('70000');
    await dialog.getByRole('button', { name: 'Apply to 2 nodes' }).click();
    await dialog.getByText('Some fields need fixing before the policies can be sent.').waitFor();
    await dialog.getByLabel('Priority').fill('');
    await dialog.getByRole('button', { name: 'Apply to 2 nodes' }).click();

    const sim1 = dialog.getByRole('region', { name: 'Results on sim-1' });
    const sim2 = dialog.getByRole('region', { name: 'Results on sim-2' });
    await expect.poll(() => sim1.textContent()).toContain('Added to 1 endpoint; 0 failed.');
    expect(await sim1.textContent()).toContain('Added 2 policies');
    await expect.poll(() => sim2.textContent()).toContain('Added to 0 endpoints; 1 failed.');
    expect(await sim2.locator('[data-outcome="failed"]').textContent()).toMatch(
      /Policy 2 \(plaintext\) failed: .*The first policy was removed again; the endpoint is as before\./,
    );
    const ops = (node: string, k: number) =>
      journalLines(node)
        .map((l) => JSON.parse(l) as { operation: string; endpointId: string; outcome: string })
        .filter((e) => e.endpointId === epId(k, 5))
        .map((e) => `${e.operation}:${e.outcome}`);
    expect(ops('sim-1', 1)).toEqual(['add:ok', 'add:ok']);
    expect(ops('sim-2', 2)[0]).toBe('add:ok');
    expect(ops('sim-2', 2).at(-1)).toBe('remove:ok');
    await expect.poll(() => fleetRow(page, 2, 5).locator('td.col-proxy').textContent()).toBe('0');

    await sim2.getByRole('button', { name: 'Retry failed on sim-2' }).click();
    await expect.poll(() => sim2.textContent()).toContain('Added to 1 endpoint; 0 failed.');
    await expect.poll(() => fleetRow(page, 2, 5).locator('td.col-proxy').textContent()).toBe('2');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Deselect' }).click();
    await filter(page, '');
  });

  it('an unreachable node comes back with Retry', async () => {
    const { page, harness } = s;
    harness.setNodeReachable('sim-3', true);
    const alert = page.locator('[role="alert"][data-node="sim-3"]');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await alert.waitFor({ state: 'detached' });
    await filter(page, 'sim-3');
    expect(await fleetTable(page).getAttribute('data-rows')).toBe('12');
    await expect
      .poll(() => statusStrip(page).getByTestId('fleet-summary').textContent())
      .toBe('Fleet · 4 nodes · 4 connected · 0 unreachable');
    await filter(page, '');
  });

  it('the status strip names the node again once the user leaves the fleet view', async () => {
    const { page } = s;
    const menu = await openSwitcher(page);
    await menu.locator('[data-node="sim-2"]').click();
    await page.getByRole('button', { name: 'Node: sim-2' }).waitFor();
    await expect
      .poll(() => statusStrip(page).getByTestId('backend-chip').textContent())
      .toBe('Simulated HNS (sim-2)');
    expect(await statusStrip(page).getByTestId('fleet-summary').count()).toBe(0);
  });
});

describe('adding an SSH node', () => {
  it('shows the host key fingerprint and connects only after the user trusts it', async () => {
    const { page } = s;
    const menu = await openSwitcher(page);
    await menu.getByRole('menuitem', { name: 'Add SSH node…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add SSH node' });
    await dialog.getByLabel('SSH target').fill('ssh://admin@win-node-7');
    await dialog.getByRole('button', { name: 'Add' }).click();
    const fp = dialog.getByTestId('host-key-fingerprint');
    await expect(fp.textContent()).resolves.toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await expect(dialog.textContent()).resolves.toContain('does not know yet');
    expect(() => readFileSync(join(dataDir, 'known_hosts'), 'utf8')).toThrow();
    await dialog.getByRole('button', { name: 'Trust this key and connect' }).click();
    await dialog.getByText(/ssh:\/\/admin@win-node-7: connected · HNS/).waitFor();
    expect(readFileSync(join(dataDir, 'known_hosts'), 'utf8')).toMatch(/^win-node-7 ssh-ed25519 /);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});

describe('fleet view accessibility', () => {
  // The README's fleet screenshots come from screenshots.e2e.test.ts (a larger fleet).
  it('has no serious accessibility violations with rows selected', async () => {
    const { page } = s;
    const menu = await openSwitcher(page);
    await menu.getByRole('menuitem', { name: /All nodes \(fleet view\)/ }).click();
    await fleetTable(page).waitFor();
    await fleetRow(page, 1, 2).locator('input[type="checkbox"]').check();
    await fleetRow(page, 2, 2).locator('input[type="checkbox"]').check();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
