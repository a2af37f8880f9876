import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPolicy, clearPolicies, removePolicy } from '../../electron/core/services/policies';
import type { ChangeResult, EndpointDetail } from '../../electron/core/views';
import type { AppCore } from '../../electron/ipc/app-core';
import { fakeLibraryPath } from '../support/fake-hns';
import { loadFakeControls, type FakeControls } from '../support/fake-controls';
import { checkFakeLeaksPerTest } from '../support/fake-leaks';
import { DEV_BACKENDS } from '../support/dev-backends';
import { API, tempCore, WEB0 } from '../support/temp-core';
import { ok } from '../support/result';

// The same services over the real koffi binding, loaded against the fake computenetwork library
// (C, compiled on demand): proves the JSON we send survives UTF-16/CoTaskMem round trips and that
// the per-endpoint queue holds with real async FFI calls and injected latency.

let core: AppCore;
let journalPath: string;
let controls: FakeControls;

beforeAll(async () => {
  ({ core, journalPath } = await tempCore({ backend: 'fake', extraBackends: DEV_BACKENDS }));
  controls = await loadFakeControls(await fakeLibraryPath());
});
afterAll(() => core.close());
// Every test here: no handle or CoTaskMem buffer left behind, counted from that test's start.
checkFakeLeaksPerTest(() => controls);

describe('policies services on koffi + fake library', () => {
  it('add → confirmed read-back; remove; clear keeps foreign; restore', async () => {
    controls.configure({});
    const add = ok<ChangeResult>(
      await core.route('policies.add', {
        endpointId: API,
        policy: { proxyPort: 8000, userSid: 'system', remotePorts: '80,443' },
      }),
    );
    expect(add.readBack).toBe('confirmed');
    const d = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: API }));
    expect(d.proxyPolicies[0]?.raw).toEqual(add.policies[0]);
    ok(await core.route('policies.remove', { endpointId: API, index: 0, expected: d.proxyPolicies[0]?.raw }));
    const kept = ok<ChangeResult>(await core.route('policies.clear', { endpointId: WEB0 }));
    expect(kept.count).toBe(0);
    const cleared = ok<ChangeResult>(
      await core.route('policies.clear', { endpointId: WEB0, includeForeign: true }),
    );
    expect(cleared).toMatchObject({ count: 1, readBack: 'confirmed' });
    const restored = ok<ChangeResult>(await core.route('policies.restore', { journalId: cleared.journalId }));
    expect(restored.readBack).toBe('confirmed');
    expect(
      ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: WEB0 })).proxyPolicies,
    ).toHaveLength(1);
  });

  it('an injected HNS failure is journaled as failed and surfaces its HRESULT name', async () => {
    controls.configure({ failFn: 'HcnModifyEndpoint', failHr: 0x803b000d });
    const r = await core.route('policies.add', {
      endpointId: API,
      policy: { proxyPort: 8000, userSid: 'system' },
    });
    controls.configure({});
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'hns', hresult: 0x803b000d, hresultName: 'HCN_E_INVALID_POLICY' },
    });
    const last = readFileSync(journalPath, 'utf8').trim().split('\n').at(-1) as string;
    expect(JSON.parse(last)).toMatchObject({ operation: 'add', outcome: 'failed' });
  });

  it('200 concurrent operations over 5 endpoints with 300 µs latency per call stay consistent; no leaked handles or buffers', async () => {
    controls.configure({ latencyUs: 300 });
    const eps = (await core.ctx.hns.listEndpoints()).map((e) => e.ID);
    const base = {
      localAddresses: [],
      remoteAddresses: [],
      localPorts: [],
      remotePorts: [],
      protocol: 'TCP' as const,
      inboundExceptions: { ipAddresses: [], ports: [] },
      outboundExceptions: { ipAddresses: [], ports: [] },
    };
    const ops = Array.from({ length: 200 }, (_, i) => {
      const ep = eps[i % eps.length] as string;
      const p =
        i % 3 === 0
          ? removePolicy(core.ctx, ep, 0)
          : i % 7 === 0
            ? clearPolicies(core.ctx, ep, true)
            : addPolicy(core.ctx, ep, { ...base, outboundProxyPort: 20000 + i, userSid: 'S-1-5-18' });
      return p.then(
        (r) => r,
        (e: Error) => e,
      );
    });
    const results = await Promise.all(ops);
    controls.configure({});
    await core.ctx.journal.flush();
    for (const r of results) if (r instanceof Error) expect(r.message).toMatch(/no policy number 0/);
    const lines = readFileSync(journalPath, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { endpointId: string; before: unknown[]; after: unknown[]; outcome: string },
      );
    for (const ep of eps) {
      const mine = lines.filter(
        (l) => l.endpointId.toLowerCase() === ep.toLowerCase() && l.outcome !== 'failed',
      );
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.before).toEqual(mine[i - 1]!.after);
    }
    expect(
      results.filter((r) => !(r instanceof Error) && r.readBack !== 'confirmed' && r.readBack !== 'skipped'),
    ).toEqual([]);
  });
});
