import { describe, expect, expectTypeOf, it } from 'vitest';
import { HnsError } from '../../native/hns-error';
import { AppErrorSchema, type AppError } from '../../electron/base/app-error';
import { toAppError } from '../../electron/core/services/errors';
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

  it('AppError.code is a closed set: an unknown code fails the schema and the type checker', () => {
    expect(AppErrorSchema.safeParse({ code: 'hns', message: 'm' }).success).toBe(true);
    const r = AppErrorSchema.safeParse({ code: 'not-implemented', message: 'm' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['code']);
    // @ts-expect-error: not a code any more (nothing produced it).
    const bad: AppError = { code: 'not-implemented', message: 'm' };
    void bad;
    expectTypeOf<AppError['code']>().not.toEqualTypeOf<string>();
  });

  it('a thrown HNS failure reaches the caller as toAppError maps it: HRESULT name, sentence, record', async () => {
    const thrown = new HnsError(
      'HcnOpenEndpoint',
      0x80070490,
      '{"Success":false,"Error":"Element not found. "}',
    );
    const core = await createAppCore({
      backend: 'simulated',
      overrides: {
        'endpoints.get': async () => {
          throw thrown;
        },
      },
    });
    const r = await core.route('endpoints.get', { endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4' });
    expect(r).toEqual({ ok: false, error: toAppError(thrown) });
    expect(toAppError(thrown)).toMatchObject({
      code: 'hns',
      hresultName: 'ERROR_NOT_FOUND',
      errorRecord: '{"Success":false,"Error":"Element not found. "}',
    });
    await core.close();
  });
});
