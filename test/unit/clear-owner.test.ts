import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ChangeResult, EndpointDetail } from '../../electron/core/views';
import { cli, tempDir } from '../support/cli';
import { istioAmbient, k2sLinkerd } from '../support/mesh-writers';
import { ok } from '../support/result';
import { API, tempCore } from '../support/temp-core';

// One pod configured by two meshes: Istio ambient's pair (istio/istio experimental-windows-ambient
// cni/pkg/iptables/iptables_windows.go @e245938e) and K2s's Linkerd policy
// (Siemens-Healthineers/K2s hnsproxy.go @90769d8a). Per-owner clear removes exactly one of them.

const l4 = (Settings: Record<string, unknown>) => ({ Type: 'L4WFPPROXY', Settings });
const bothMeshes = () => [...istioAmbient(), ...k2sLinkerd()].map(l4);

async function podWithTwoMeshes() {
  const t = await tempCore();
  await t.core.ctx.hns.modifyEndpoint(API, {
    ResourceType: 'Policy',
    RequestType: 'Add',
    Settings: { Policies: bothMeshes() },
  });
  const inboundPorts = async () =>
    ok<EndpointDetail>(await t.core.route('endpoints.get', { endpointId: API })).proxyPolicies.map(
      (p) => (p.raw as { Settings: { InboundProxyPort: string } }).Settings.InboundProxyPort,
    );
  return { ...t, inboundPorts };
}

describe('clear --owner: exactly one mesh’s set', () => {
  it('removes Istio ambient’s two policies and keeps Linkerd’s (by profile id or by the owner label)', async () => {
    const { core, inboundPorts } = await podWithTwoMeshes();
    const r = ok<ChangeResult>(
      await core.route('policies.clear', { endpointId: API, owner: 'istio-ambient-windows' }),
    );
    expect(r.count).toBe(2);
    expect(r.policies).toEqual(bothMeshes().slice(0, 2));
    expect(r.warnings).toEqual(['Kept 1 policy (2) not owned by Istio ambient (ztunnel, Windows CNI).']);
    expect(await inboundPorts()).toEqual(['4143']);
    const again = ok<ChangeResult>(
      await core.route('policies.clear', { endpointId: API, owner: 'Linkerd proxy' }),
    );
    expect(again.count).toBe(1);
    expect(await inboundPorts()).toEqual([]);
  });

  it('an owner with nothing here removes nothing and says so; an unknown owner is a field error that sends nothing', async () => {
    const { core, inboundPorts } = await podWithTwoMeshes();
    const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
    const none = ok<ChangeResult>(
      await core.route('policies.clear', { endpointId: API, owner: 'osm-azure-cni' }),
    );
    expect(none.count).toBe(0);
    expect(none.warnings[0]).toBe(
      'No policy on this endpoint looks owned by Open Service Mesh (Envoy) via Azure CNI.',
    );
    const both = await core.route('policies.clear', {
      endpointId: API,
      owner: 'linkerd',
      includeForeign: true,
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'validation', field: 'owner' } });
    const bad = await core.route('policies.clear', { endpointId: API, owner: 'cilium' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', field: 'owner' } });
    expect(JSON.stringify(bad)).toContain('istio-ambient-windows, istio-ambient-windows-2024');
    expect(spy).not.toHaveBeenCalled();
    expect(await inboundPorts()).toEqual(['15008', '15006', '4143']);
  });
});

describe('remove <n> of one policy of a recognised set', () => {
  it('is refused without force (it splits the set) and nothing is sent; with force it goes, with the warning', async () => {
    const { core, inboundPorts } = await podWithTwoMeshes();
    const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
    const refused = await core.route('policies.remove', { endpointId: API, index: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'force' } });
    expect(JSON.stringify(refused)).toContain(
      'Policy 1 is one of 2 policies Istio ambient (ztunnel, Windows CNI) writes together (0, 1); removing it alone splits the set',
    );
    expect(spy).not.toHaveBeenCalled();
    const forced = ok<ChangeResult>(
      await core.route('policies.remove', { endpointId: API, index: 1, force: true }),
    );
    expect(forced.warnings.join(' ')).toContain('removing it alone splits the set');
    expect(await inboundPorts()).toEqual(['15008', '4143']);
  });

  it('a single-policy set (Linkerd) and a repeat of a set’s policy need no force', async () => {
    const { core, inboundPorts } = await podWithTwoMeshes();
    ok(await core.route('policies.remove', { endpointId: API, index: 2 }));
    await core.ctx.hns.modifyEndpoint(API, {
      ResourceType: 'Policy',
      RequestType: 'Add',
      Settings: { Policies: [l4(istioAmbient()[1] as Record<string, unknown>)] },
    });
    expect(await inboundPorts()).toEqual(['15008', '15006', '15006']);
    const dup = ok<ChangeResult>(await core.route('policies.remove', { endpointId: API, index: 2 }));
    expect(dup.warnings.join(' ')).not.toContain('splits the set');
  });
});

describe('the CLI’s clear --owner and remove --force', () => {
  const state = (dir: string) => {
    const file = join(dir, 'node.json');
    writeFileSync(
      file,
      JSON.stringify({
        networks: [{ ID: '2a3b4c5d-6e7f-4081-9223-344556677889', Name: 'Calico', Type: 'Overlay' }],
        namespaces: [],
        endpoints: [
          {
            ID: API,
            Name: 'api-0_eth0',
            HostComputeNetwork: '2a3b4c5d-6e7f-4081-9223-344556677889',
            Policies: bothMeshes(),
          },
        ],
        version: { major: 15, minor: 1 },
      }),
    );
    return file;
  };

  it('clear --owner linkerd removes the one Linkerd policy; --owner with --include-foreign is a usage error', async () => {
    const d = tempDir();
    const file = state(d);
    const r = await cli(['clear', API, '--owner', 'linkerd', '--state', file, '--json'], d);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ count: 1, policies: [bothMeshes()[2]] });
    const both = await cli(['clear', API, '--owner', 'linkerd', '--include-foreign', '--state', file], d);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--owner and --include-foreign exclude each other');
  });

  it('remove of Istio’s HBONE policy needs --force', async () => {
    const d = tempDir();
    const file = state(d);
    const refused = await cli(['remove', API, '0', '--state', file], d);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('splits the set');
    expect((await cli(['remove', API, '0', '--force', '--state', file], d)).stdout).toContain(
      'Removed policy 0',
    );
  });
});
