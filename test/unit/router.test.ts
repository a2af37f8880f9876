import { describe, expect, it } from 'vitest';
import { createAppCore } from '../../electron/ipc/app-core';

describe('router', () => {
  it('lists the demo endpoints as a typed result', async () => {
    const core = await createAppCore({ backend: 'simulated', validateOutput: true });
    const r = await core.route('endpoints.list', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const eps = r.value as Array<{ name: string; networkName: string; proxyPolicyCount: number }>;
    expect(eps.map((e) => e.name)).toContain('web-0_eth0');
    expect(new Set(eps.map((e) => e.networkName))).toEqual(new Set(['nat', 'Calico']));
    expect(eps.find((e) => e.name === 'web-0_eth0')?.proxyPolicyCount).toBe(1);
  });

  it('rejects unknown channels and extra input fields with typed errors', async () => {
    const core = await createAppCore({ backend: 'simulated' });
    expect(await core.route('endpoints.nuke', {})).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'Unknown operation.' },
    });
    const r = await core.route('endpoints.list', { evil: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation');
  });

  it('names the bad field with its stable code', async () => {
    const core = await createAppCore({ backend: 'simulated' });
    const r = await core.route('policies.add', {
      endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
      policy: { inboundProxyPort: '70000' },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'policy.inboundProxyPort', issues: [{ code: 'port.range' }] },
    });
  });
});
