import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { istioAmbient, k2sLinkerd } from '../support/mesh-writers';
import { drawerFor, openDetail, useAppSession } from './support/app';

// One pod two meshes configured: Istio ambient's pair (istio/istio experimental-windows-ambient
// cni/pkg/iptables/iptables_windows.go @e245938e) and K2s's Linkerd policy (hnsproxy.go @90769d8a).

const NET = '2a3b4c5d-6e7f-4081-9223-344556677889';
const EP = '4b5c6d7e-8f90-4a1b-8c2d-3e4f5a6b7c8d';

function stateFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hcnproxy-e2e-owner-')), 'two-meshes.json');
  writeFileSync(
    file,
    JSON.stringify({
      networks: [{ ID: NET, Name: 'Calico', Type: 'Overlay' }],
      namespaces: [],
      endpoints: [
        {
          ID: EP,
          Name: 'mixed-0_eth0',
          HostComputeNetwork: NET,
          IpConfigurations: [{ IpAddress: '10.240.2.9', PrefixLength: 24 }],
          Policies: [...istioAmbient(), ...k2sLinkerd()].map((Settings) => ({
            Type: 'L4WFPPROXY',
            Settings,
          })),
        },
      ],
      version: { major: 15, minor: 1 },
    }),
  );
  return file;
}

const s = useAppSession(() => ({ stateFile: stateFile() }));

describe('per-owner clear in the GUI', () => {
  it('removing one policy of Istio’s pair asks first and says it splits the set', async () => {
    await openDetail(s.page, 'mixed-0_eth0');
    const drawer = drawerFor(s.page, 'mixed-0_eth0');
    await drawer.getByRole('button', { name: 'Remove proxy policy 1' }).click();
    const confirm = s.page.getByRole('dialog', { name: /Remove policy #1/ });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      'It is one of 2 policies Istio ambient (ztunnel, Windows CNI) writes together',
    );
    await confirm.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the clear dialog offers one action per owner; Linkerd’s removes exactly its policy', async () => {
    const drawer = drawerFor(s.page, 'mixed-0_eth0');
    await drawer.getByRole('button', { name: 'Clear all' }).click();
    const dlg = s.page.getByRole('dialog', { name: /Clear proxy policies on mixed-0_eth0/ });
    await dlg.waitFor();
    expect(await dlg.getByRole('button', { name: /^Remove only / }).count()).toBe(2);
    await dlg.getByRole('button', { name: 'Remove only Linkerd proxy’s policy' }).click();
    await expect.poll(() => s.page.getByText(/Cleared 1 proxy policy/).count()).toBe(1);
    await expect.poll(() => drawer.getByRole('article', { name: /^Proxy policy \d$/ }).count()).toBe(2);
    expect(await drawer.getByRole('article', { name: 'Proxy policy 1' }).textContent()).toContain('15006');
  });
});
