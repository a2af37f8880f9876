import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useAppSession, row, seriousA11yViolations } from './support/app';

const s = useAppSession();

const dataRows = () => s.page.locator('table[aria-label="Endpoints"] tbody tr[data-id]');

describe('container lookup and snapshots', () => {
  it('looks up a container by id prefix and jumps to its endpoint', async () => {
    await s.page.getByRole('button', { name: 'Find container' }).click();
    const dlg = s.page.getByRole('dialog', { name: /Find a container/ });
    await dlg.getByLabel('Container ID or unique prefix').fill('db-0000');
    // The button sits level with the field, on one line (it used to wrap to "LOOK / UP" and stretch).
    const field = await dlg.getByLabel('Container ID or unique prefix').boundingBox();
    const button = await dlg.getByRole('button', { name: 'Look up' }).boundingBox();
    expect(Math.abs(button!.height - field!.height)).toBeLessThanOrEqual(4);
    expect(Math.abs(button!.y + button!.height / 2 - (field!.y + field!.height / 2))).toBeLessThanOrEqual(4);
    await dlg.getByRole('button', { name: 'Look up' }).click();
    const match = dlg.getByRole('button', { name: /db-0_eth0 — open/ });
    await match.waitFor();
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await match.click();
    await s.page.getByRole('dialog', { name: 'db-0_eth0' }).waitFor();
    await s.page.getByRole('button', { name: 'Close details' }).click();
  });

  let exported = '';
  it('exports the selected endpoints as a snapshot file', async () => {
    await s.page.getByRole('checkbox', { name: 'Select web-0_eth0' }).check();
    await s.page.getByRole('checkbox', { name: 'Select nat-ep' }).check();
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.getByRole('button', { name: 'Export 2' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    exported = (await download.path()) ?? '';
    const snap = JSON.parse(readFileSync(exported, 'utf8')) as { endpoints?: { Name?: string }[] };
    const names = JSON.stringify(snap);
    expect(names).toContain('web-0_eth0');
    expect(names).toContain('nat-ep');
    expect(names).not.toContain('db-0_eth0');
    await expect.poll(() => s.page.getByText(/Exported 2 endpoints/).count()).toBe(1);
    await s.page.getByRole('button', { name: 'Deselect' }).click();
  });

  it('opens the snapshot as a labelled, read-only offline view and closes back to live', async () => {
    await s.page.getByRole('button', { name: 'Open snapshot' }).click();
    const dlg = s.page.getByRole('dialog', { name: 'Open a snapshot' });
    await dlg.getByTestId('snapshot-file').setInputFiles(exported);
    await dlg.getByRole('button', { name: 'Open', exact: true }).click();
    const banner = s.page.getByTestId('offline-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Offline view of snapshot .*read-only/);
    await expect.poll(() => dataRows().count()).toBe(2);
    await row(s.page, 'web-0_eth0').click();
    const drawer = s.page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.waitFor();
    expect(await drawer.getByRole('button', { name: 'Add policy' }).isDisabled()).toBe(true);
    expect(await drawer.getByRole('button', { name: 'Remove proxy policy 0' }).isDisabled()).toBe(true);
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await s.page.getByRole('button', { name: 'Close details' }).click();
    await banner.getByRole('button', { name: 'Close snapshot' }).click();
    await expect.poll(() => s.page.getByTestId('offline-banner').count()).toBe(0);
    await expect.poll(() => dataRows().count()).toBe(5);
  });

  it('edits a copy of a snapshot only when the user opts in', async () => {
    await s.page.getByRole('button', { name: 'Open snapshot' }).click();
    const dlg = s.page.getByRole('dialog', { name: 'Open a snapshot' });
    await dlg.getByTestId('snapshot-file').setInputFiles(exported);
    await dlg.getByLabel(/Edit a copy/).check();
    await dlg.getByRole('button', { name: 'Open', exact: true }).click();
    const banner = s.page.getByTestId('offline-banner');
    await expect.poll(() => banner.textContent()).toMatch(/editing a copy/);
    await row(s.page, 'nat-ep').click();
    const drawer = s.page.getByRole('dialog', { name: 'nat-ep' });
    await expect.poll(() => drawer.getByRole('button', { name: 'Add policy' }).isEnabled()).toBe(true);
    await s.page.getByRole('button', { name: 'Close details' }).click();
    await banner.getByRole('button', { name: 'Close snapshot' }).click();
    await expect.poll(() => dataRows().count()).toBe(5);
  });
});
