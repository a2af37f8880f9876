import { describe, expect, it } from 'vitest';
import { validateProxyPolicy } from '../../electron/core/policy/validate';
import type { Settings } from '../../electron/core/views';
import {
  addPolicyDialog,
  closeDetail,
  drawerFor,
  openDetail,
  useAppSession,
  row,
  seriousA11yViolations,
} from './support/app';

const s = useAppSession({ faultInjection: true });

describe('policy changes through the GUI', () => {
  it('shows the same validation message as main, then adds a policy with the Linkerd preset', async () => {
    await openDetail(s.page, 'api-7f9c_eth0');
    await drawerFor(s.page, 'api-7f9c_eth0').getByRole('button', { name: 'Add policy' }).click();
    const dlg = addPolicyDialog(s.page);
    await dlg.waitFor();
    // The Envoy preset fills the preview with the exact HcnModifyEndpoint request.
    await expect
      .poll(() => dlg.getByTestId('hns-preview').textContent())
      .toContain('"InboundProxyPort": "15006"');

    const inbound = dlg.getByLabel('Inbound proxy port');
    await inbound.fill('70000');
    const expected = validateProxyPolicy({ inboundProxyPort: '70000' });
    const mainMessage = expected.ok
      ? ''
      : expected.issues.find((i) => i.field === 'inboundProxyPort')!.message;
    await expect.poll(() => dlg.getByText(mainMessage, { exact: true }).count()).toBe(1);
    // And main, asked directly, says the very same thing for the very same field.
    const fromMain = await s.harness.core.route('policies.add', {
      endpointId: '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      policy: { inboundProxyPort: '70000' },
    });
    expect(fromMain.ok).toBe(false);
    if (!fromMain.ok) expect(fromMain.error.issues?.map((i) => i.message)).toContain(mainMessage);
    await expect
      .poll(() => dlg.getByTestId('hns-preview').textContent())
      .toContain('Fix the highlighted fields');
    await dlg.getByRole('button', { name: 'Add policy' }).click();
    expect(await dlg.isVisible()).toBe(true);
    expect(await seriousA11yViolations(s.page)).toEqual([]);

    await dlg.getByLabel('Start from').click();
    await s.page.getByRole('option', { name: 'Linkerd proxy' }).click();
    await expect.poll(() => inbound.inputValue()).toBe('4143');
    // The profile table leaves the SID to the writer's config (K2s: Network Configuration Operators).
    await dlg.getByLabel('Proxy user SID (not redirected)').fill('S-1-5-32-556');
    expect(await dlg.getByText('Network Configuration Operators').count()).toBeGreaterThan(0);
    await expect
      .poll(() => dlg.getByTestId('hns-preview').textContent())
      .toContain('"UserSID": "S-1-5-32-556"');
    await dlg.getByRole('button', { name: 'Add policy' }).click();
    await expect.poll(() => addPolicyDialog(s.page).count()).toBe(0);
    await expect.poll(() => s.page.getByText(/Added proxy policy to api-7f9c_eth0/).count()).toBe(1);
    const card = drawerFor(s.page, 'api-7f9c_eth0').getByRole('article', { name: 'Proxy policy 0' });
    await expect.poll(() => card.textContent()).toContain('Inbound → 4143');
    expect(await card.textContent()).toContain('S-1-5-32-556 (Network Configuration Operators)');
    await expect.poll(() => row(s.page, 'api-7f9c_eth0').locator('td.col-proxy').textContent()).toBe('1');
  });

  it('removes one policy, and Undo in the snackbar puts it back', async () => {
    const drawer = drawerFor(s.page, 'api-7f9c_eth0');
    await drawer.getByRole('button', { name: 'Remove proxy policy 0' }).click();
    await expect.poll(() => drawer.getByText(/No L4WFPPROXY policy/).count()).toBe(1);
    await s.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => drawer.getByRole('article', { name: 'Proxy policy 0' }).count()).toBe(1);
    await expect.poll(() => s.page.getByText(/Restored 1 policy/).count()).toBe(1);
  });

  it('clears all with a dialog that lists them and warns about foreign owners, then undoes', async () => {
    await closeDetail(s.page, 'api-7f9c_eth0');
    await openDetail(s.page, 'web-0_eth0');
    const drawer = drawerFor(s.page, 'web-0_eth0');
    await drawer.getByRole('button', { name: 'Clear all' }).click();
    const dlg = s.page.getByRole('dialog', { name: /Clear proxy policies on web-0_eth0/ });
    await dlg.waitFor();
    expect(await dlg.textContent()).toContain('owned by another component');
    expect(await dlg.textContent()).toContain('Istio');
    await dlg.getByLabel('Also remove policies owned by other components').check();
    expect(await dlg.getByRole('list', { name: 'Policies to remove' }).textContent()).toContain(
      'inbound → 15006',
    );
    await dlg.getByRole('button', { name: 'Clear 1' }).click();
    await expect.poll(() => drawer.getByText(/No L4WFPPROXY policy/).count()).toBe(1);
    await expect.poll(() => s.page.getByText(/Cleared 1 proxy policy/).count()).toBe(1);
    await s.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => drawer.getByRole('article', { name: 'Proxy policy 0' }).count()).toBe(1);
    expect(await drawer.getByRole('article', { name: 'Proxy policy 0' }).textContent()).toContain(
      'Inbound → 15006',
    );
  });

  it('restores a removal from the journal', async () => {
    const drawer = drawerFor(s.page, 'web-0_eth0');
    const foreign = (
      (await drawer.getByRole('article', { name: 'Proxy policy 0' }).textContent()) ?? ''
    ).includes('Owned by');
    await drawer.getByRole('button', { name: 'Remove proxy policy 0' }).click();
    // A policy that looks owned by a mesh asks first (once this app restored it, it is its own).
    if (foreign) await s.page.getByRole('button', { name: 'Remove anyway' }).click();
    await expect.poll(() => drawer.getByText(/No L4WFPPROXY policy/).count()).toBe(1);
    await drawer.getByRole('tab', { name: 'Journal' }).click();
    const journal = drawer.getByRole('table', { name: 'Journal entries' });
    await expect.poll(() => journal.getByRole('button', { name: /^Restore remove/ }).count()).toBe(1);
    await journal.getByRole('button', { name: /^Restore remove/ }).click();
    await drawer.getByRole('tab', { name: /Policies/ }).click();
    await expect.poll(() => drawer.getByRole('article', { name: 'Proxy policy 0' }).count()).toBe(1);
    await closeDetail(s.page, 'web-0_eth0');
  });

  it('applies to many selected endpoints and reports the one that failed with its HRESULT name', async () => {
    // db-0 refuses the change: the harness injects E_ACCESSDENIED on its HcnModifyEndpoint.
    s.harness.setFaults({ failModifyFor: ['1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b'], hresult: 0x80070005 });
    for (const name of ['builder_nat', 'db-0_eth0', 'nat-ep'])
      await s.page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await s.page.getByRole('button', { name: 'Add policy to 3' }).click();
    const dlg = addPolicyDialog(s.page);
    await dlg.waitFor();
    // The sidecar preset leaves the proxy's identity to the user (the profile table has none for it).
    await dlg.getByLabel('Proxy user SID (not redirected)').fill('S-1-5-18');
    await dlg.getByRole('button', { name: 'Apply to 3 endpoints' }).click();
    const results = dlg.getByRole('list', { name: 'Per-endpoint results' });
    await results.waitFor();
    expect(await dlg.getByText('Added to 2 endpoints; 1 failed.').count()).toBe(1);
    const failed = results.locator('[data-outcome="failed"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toContain('db-0_eth0');
    expect(await failed.textContent()).toMatch(/E_ACCESSDENIED/);
    expect(await failed.textContent()).not.toMatch(/Error invoking remote method/);
    expect(await results.locator('[data-outcome="ok"]').count()).toBe(2);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await dlg.getByRole('button', { name: 'Done' }).click();
    s.harness.setFaults({});
    await expect.poll(() => row(s.page, 'nat-ep').locator('td.col-proxy').textContent()).toBe('1');
    expect(await row(s.page, 'db-0_eth0').locator('td.col-proxy').textContent()).toBe('0');
  });

  it('marks an endpoint where HNS said yes but nothing changed (hcsshim#2571) as a warning, not a success', async () => {
    s.harness.setFaults({ ignoreModifyFor: ['b7c8d9e0-f1a2-4b3c-9d4e-5f6a7b8c9d0e'] }); // builder_nat
    // The bulk test before leaves its selection in place.
    for (const name of ['builder_nat', 'db-0_eth0', 'nat-ep'])
      await s.page.getByRole('checkbox', { name: `Select ${name}` }).uncheck();
    // db-0 still has no proxy policy here (HNS refused it above), so its add is a plain success.
    for (const name of ['builder_nat', 'db-0_eth0'])
      await s.page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await s.page.getByRole('button', { name: 'Add policy to 2' }).click();
    const dlg = addPolicyDialog(s.page);
    await dlg.waitFor();
    // The sidecar preset leaves the proxy's identity to the user (the profile table has none for it).
    await dlg.getByLabel('Proxy user SID (not redirected)').fill('S-1-5-18');
    await dlg.getByRole('button', { name: 'Apply to 2 endpoints' }).click();
    const results = dlg.getByRole('list', { name: 'Per-endpoint results' });
    await results.waitFor();
    const warned = results.locator('[data-outcome="warning"]');
    expect(await warned.count()).toBe(1);
    expect(await warned.textContent()).toContain('builder_nat');
    expect(await warned.textContent()).toContain('HNS accepted the change but the endpoint does not show it');
    expect(await warned.getByLabel('succeeded with warnings').count()).toBe(1);
    expect(await results.locator('[data-outcome="ok"]').count()).toBe(1);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await dlg.getByRole('button', { name: 'Done' }).click();
    s.harness.setFaults({});
    for (const name of ['builder_nat', 'db-0_eth0'])
      await s.page.getByRole('checkbox', { name: `Select ${name}` }).uncheck();
  });

  it('saves a user template in settings and starts a new policy from it', async () => {
    await openDetail(s.page, 'builder_nat');
    await drawerFor(s.page, 'builder_nat').getByRole('button', { name: 'Add policy' }).click();
    let dlg = addPolicyDialog(s.page);
    await dlg.getByLabel('Inbound proxy port').fill('18000');
    await dlg.getByLabel('Outbound proxy port').fill('18001');
    await dlg.getByRole('button', { name: 'Save as template' }).click();
    await dlg.getByLabel('Template name').fill('edge-proxy');
    await dlg.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => s.page.getByText('Saved template “edge-proxy”.').count()).toBe(1);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
    const settings = await s.harness.core.route('settings.get', {});
    const templates = settings.ok ? (settings.value as Settings).templates : [];
    expect(templates.map((t) => t.name)).toEqual(['edge-proxy']);

    await drawerFor(s.page, 'builder_nat').getByRole('button', { name: 'Add policy' }).click();
    dlg = addPolicyDialog(s.page);
    await dlg.getByLabel('Start from').click();
    await s.page.getByRole('option', { name: 'Template: edge-proxy' }).click();
    await expect.poll(() => dlg.getByLabel('Inbound proxy port').inputValue()).toBe('18000');
    expect(await dlg.getByLabel('Outbound proxy port').inputValue()).toBe('18001');
    await dlg.getByRole('button', { name: 'Cancel' }).click();
    await closeDetail(s.page, 'builder_nat');
  });
});
