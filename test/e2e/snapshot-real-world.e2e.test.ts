import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { row, useAppSession } from './support/app';

// Issue 14 through the GUI: real-world files (test/fixtures/real-world/README.md) in the Open
// Snapshot dialog, the inferred/overridden HNS version in the status strip, mesh ownership.

const s = useAppSession();
const REAL = resolve(__dirname, '../fixtures/real-world');

async function openFile(file: string, version?: string) {
  await s.page.getByRole('button', { name: 'Open snapshot' }).click();
  const dlg = s.page.getByRole('dialog', { name: 'Open a snapshot' });
  await dlg.getByTestId('snapshot-file').setInputFiles(resolve(REAL, file));
  if (version) await dlg.getByLabel('HNS version (optional)').fill(version);
  await dlg.getByRole('button', { name: 'Open', exact: true }).click();
  return dlg;
}

async function closeSnapshot() {
  await s.page.getByTestId('offline-banner').getByRole('button', { name: 'Close snapshot' }).click();
  await expect.poll(() => s.page.getByTestId('offline-banner').count()).toBe(0);
}

const body = () => s.page.locator('body').innerText();

describe('real-world snapshots in the GUI', () => {
  it('a capture holding L4WFPPROXY policies is HNS 13.2 "inferred from the snapshot"; both Istio ambient policies show their owner', async () => {
    await openFile('istio-ambient-endpoint-v2.json');
    await s.page.getByTestId('offline-banner').waitFor();
    await expect.poll(body).toContain('HNS 13.2 (inferred from the snapshot) · L4WFPPROXY supported');
    await row(s.page, 'bookinfo-ratings-v1_eth0').click();
    const drawer = s.page.getByRole('dialog', { name: 'bookinfo-ratings-v1_eth0' });
    await drawer.waitFor();
    await expect
      .poll(() => drawer.getByText('Owned by Istio ambient (ztunnel, Windows CNI)?').count())
      .toBe(2);
    await s.page.screenshot({ path: 'test-results/snapshot-istio-ambient.png' });
    await s.page.getByRole('button', { name: 'Close details' }).click();
    await closeSnapshot();
  });

  it('the dialog’s HNS version field overrides what the file implies', async () => {
    await openFile('windows-containers-563-endpoint.json', '15.1');
    await s.page.getByTestId('offline-banner').waitFor();
    await expect.poll(body).toContain('HNS 15.1 (set with the Open Snapshot dialog)');
    await closeSnapshot();
  });

  it('a network dump is refused with what it is and how to export endpoints', async () => {
    const dlg = await openFile('sdn-582-get-hnsnetwork.json');
    await expect
      .poll(() => dlg.innerText())
      .toContain('this is a network list; export endpoints with Get-HnsEndpoint | ConvertTo-Json -Depth 10');
    await s.page.screenshot({ path: 'test-results/snapshot-network-list-refused.png' });
    await dlg.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe('a live node whose HNS version cannot be read', () => {
  // The simulator seeded from a capture without a version stands in for it (GET /globals/version fails).
  const live = useAppSession({ stateFile: resolve(REAL, 'windows-containers-563-endpoint.json') });

  it('stays read-only until the admin confirms; then changes are allowed and say so', async () => {
    const p = live.page;
    await expect
      .poll(() => p.locator('body').innerText())
      .toContain('HNS version unknown · L4WFPPROXY not supported');
    await p.getByRole('button', { name: 'Allow changes anyway…' }).click();
    const dlg = p.getByRole('dialog', { name: 'Change a node whose HNS version is unknown?' });
    await dlg.getByRole('button', { name: 'Allow changes' }).click();
    await expect
      .poll(() => p.locator('body').innerText())
      .toContain('HNS version unknown (not verified: changes allowed by confirmation in the app)');
    await expect.poll(() => p.getByRole('button', { name: 'Allow changes anyway…' }).count()).toBe(0);
  });
});
