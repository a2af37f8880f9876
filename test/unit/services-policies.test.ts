import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { READBACK_WARNING } from '../../electron/core/services/change';
import { AppFailure } from '../../electron/base/app-error';
import type { BulkResult, ChangeResult, EndpointDetail } from '../../electron/core/views';
import { istioAmbient } from '../support/mesh-writers';
import { API, MISSING, NAT_EP, tempCore, WEB0 } from '../support/temp-core';
import { ok } from '../support/result';

describe('policies services through the router', () => {
  it('adds, reads back, journals, and shows the policy in endpoints.get', async () => {
    const { core, journalPath } = await tempCore();
    const add = ok<ChangeResult>(
      await core.route('policies.add', { endpointId: API, policy: { proxyPort: '8000', userSid: 'system' } }),
    );
    expect(add.readBack).toBe('confirmed');
    expect(add.journalId).toMatch(/^j-/);
    const detail = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: API.toUpperCase() }));
    expect(detail.proxyPolicies).toHaveLength(1);
    expect(detail.proxyPolicies[0]).toMatchObject({
      index: 0,
      policy: { inboundProxyPort: 8000, userSid: 'S-1-5-18' },
      flags: [],
    });
    expect(detail.otherPolicies.map((p) => p.type)).toEqual(['OutBoundNAT']);
    const lines = readFileSync(journalPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      operation: 'add',
      endpointId: API,
      outcome: 'ok',
      before: [],
      after: [{ Type: 'L4WFPPROXY' }],
    });
    expect(lines[0].user).toBeTruthy();
    expect(lines[0].machine).toBeTruthy();
  });

  it('rejects bad input with a field code and sends nothing', async () => {
    const { core } = await tempCore();
    const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
    const r = await core.route('policies.add', { endpointId: 'nope', policy: { proxyPort: 1 } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'endpointId', issues: [{ code: 'guid.format' }] },
    });
    const r2 = await core.route('policies.add', {
      endpointId: API,
      policy: { proxyPort: 1, remoteAddresses: 'fd00::1' },
    });
    expect(r2).toMatchObject({
      ok: false,
      error: {
        field: 'policy.remoteAddresses',
        issues: [{ code: 'ip.v6', message: 'HNS L4 proxy supports IPv4 only.' }],
      },
    });
    expect(spy).not.toHaveBeenCalled();
  });

  it('warns distinctly when HNS accepts a change the endpoint does not show (hcsshim#2571)', async () => {
    const { core, journalPath } = await tempCore();
    core.ctx.hns.modifyEndpoint = async () => undefined; // success, but nothing happens
    const add = ok<ChangeResult>(
      await core.route('policies.add', { endpointId: API, policy: { proxyPort: 8000, userSid: 'system' } }),
    );
    expect(add.readBack).toBe('mismatch');
    expect(add.warnings[0]).toBe(READBACK_WARNING);
    expect(JSON.parse(readFileSync(journalPath, 'utf8').trim()).outcome).toBe('mismatch');
  });

  it('removes exactly one policy and refuses when HNS holds something else at that index', async () => {
    const { core } = await tempCore();
    ok(
      await core.route('policies.add', { endpointId: WEB0, policy: { proxyPort: 9000, userSid: 'system' } }),
    );
    const detail = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: WEB0 }));
    expect(detail.proxyPolicies).toHaveLength(2);
    const stale = detail.proxyPolicies[0]?.raw;
    const conflict = await core.route('policies.remove', { endpointId: WEB0, index: 1, expected: stale });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict', field: 'index' } });
    const missing = await core.route('policies.remove', { endpointId: WEB0, index: 5 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const removed = ok<ChangeResult>(
      await core.route('policies.remove', {
        endpointId: WEB0,
        index: 1,
        expected: detail.proxyPolicies[1]?.raw,
      }),
    );
    expect(removed).toMatchObject({ operation: 'remove', count: 1, readBack: 'confirmed' });
    const after = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: WEB0 }));
    expect(after.proxyPolicies.map((p) => p.policy?.outboundProxyPort)).toEqual([15001]);
  });

  it('clear: only L4WFPPROXY, foreign (Istio-looking) kept unless includeForeign, nothing sent when nothing to clear', async () => {
    const { core } = await tempCore();
    const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
    const kept = ok<ChangeResult>(await core.route('policies.clear', { endpointId: WEB0 }));
    expect(kept).toMatchObject({ count: 0, readBack: 'skipped' });
    expect(kept.warnings[0]).toMatch(/Istio/);
    const none = ok<ChangeResult>(await core.route('policies.clear', { endpointId: API }));
    expect(none).toMatchObject({ count: 0, policies: [], readBack: 'skipped', warnings: [] });
    expect(spy).not.toHaveBeenCalled();
    const all = ok<ChangeResult>(
      await core.route('policies.clear', { endpointId: WEB0, includeForeign: true }),
    );
    expect(all).toMatchObject({ count: 1, readBack: 'confirmed' });
    expect(all.detail?.otherPolicies.map((p) => p.type)).toEqual(['OutBoundNAT']);
    expect(all.detail?.proxyPolicies).toEqual([]);
  });

  it('clear removes policies this app added even on mesh ports; restore re-adds them exactly once', async () => {
    const { core } = await tempCore();
    ok(
      await core.route('policies.add', {
        endpointId: API,
        policy: { inboundProxyPort: 4143, outboundProxyPort: 4140, userSid: 'S-1-5-32-556' },
      }),
    );
    const cleared = ok<ChangeResult>(await core.route('policies.clear', { endpointId: API }));
    expect(cleared.count).toBe(1);
    const restored = ok<ChangeResult>(await core.route('policies.restore', { journalId: cleared.journalId }));
    expect(restored).toMatchObject({ operation: 'restore', count: 1, readBack: 'confirmed' });
    expect(restored.policies).toEqual(cleared.policies);
    const again = await core.route('policies.restore', { journalId: cleared.journalId });
    expect(again).toMatchObject({ ok: false, error: { code: 'already-restored' } });
    const notRestorable = await core.route('policies.restore', { journalId: restored.journalId });
    expect(notRestorable).toMatchObject({ ok: false, error: { code: 'not-restorable' } });
    const list = ok<{ entries: Array<{ id: string; restoredBy?: string; operation: string }> }>(
      await core.route('journal.list', { endpointId: API }),
    ).entries;
    expect(list.map((e) => e.operation)).toEqual(['restore', 'clear', 'add']);
    expect(list[1]?.restoredBy).toBe(restored.journalId);
  });

  it('restore re-adds only what is gone: a remove HNS did not apply (read-back mismatch) is not duplicated', async () => {
    const { core } = await tempCore();
    ok(
      await core.route('policies.add', {
        endpointId: API,
        policy: { inboundProxyPort: 4143, outboundProxyPort: 4140, userSid: 'S-1-5-32-556' },
      }),
    );
    ok(await core.route('policies.add', { endpointId: API, policy: { proxyPort: 9000, userSid: 'system' } }));
    const realModify = core.ctx.hns.modifyEndpoint.bind(core.ctx.hns);
    // hcsshim#2571: HNS says yes to the Remove and nothing happens.
    core.ctx.hns.modifyEndpoint = async () => undefined;
    const cleared = ok<ChangeResult>(await core.route('policies.clear', { endpointId: API }));
    expect(cleared).toMatchObject({ count: 2, readBack: 'mismatch' });
    core.ctx.hns.modifyEndpoint = realModify;
    const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
    const refused = await core.route('policies.restore', { journalId: cleared.journalId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-restorable', field: 'journalId' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/still on the endpoint/);
    expect(spy).not.toHaveBeenCalled();
    expect(
      ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: API })).proxyPolicies,
    ).toHaveLength(2);
    // One of the two goes away for real (removed by hand): restore brings back that one only.
    ok(await core.route('policies.remove', { endpointId: API, index: 1 }));
    const restored = ok<ChangeResult>(await core.route('policies.restore', { journalId: cleared.journalId }));
    expect(restored).toMatchObject({ count: 1, readBack: 'confirmed' });
    expect(restored.policies).toEqual([cleared.policies[1]]);
    expect(restored.warnings[0]).toMatch(/1 of the 2 policies .* still on the endpoint/);
    const after = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: API }));
    expect(after.proxyPolicies.map((p) => p.policy?.outboundProxyPort)).toEqual([4140, 9000]);
  });

  it('applyToMany reports every endpoint, failures included', async () => {
    const { core } = await tempCore();
    const r = ok<{
      succeeded: number;
      failed: number;
      outcomes: Array<{ ok: boolean; endpointId: string; error?: { code: string; hresultName?: string } }>;
    }>(
      await core.route('policies.applyToMany', {
        endpointIds: [API, MISSING, NAT_EP],
        policy: { proxyPort: 8000, userSid: 'system' },
      }),
    );
    expect(r.succeeded).toBe(2);
    expect(r.failed).toBe(1);
    expect(r.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(r.outcomes[1]?.error).toMatchObject({ code: 'hns', hresult: 0x80070490 });
  });

  it('a bulk failure is the very AppError policies.add returns for it: errorRecord and all', async () => {
    const { core } = await tempCore();
    const policy = { proxyPort: 8000 };
    const single = await core.route('policies.add', { endpointId: MISSING, policy });
    if (single.ok) throw new Error('adding to a missing endpoint succeeded');
    expect(single.error.errorRecord).toMatch(/"ErrorCode":/);
    const bulk = ok<BulkResult>(
      await core.route('policies.applyToMany', { endpointIds: [MISSING, API], policy }),
    );
    expect(bulk.outcomes[0]?.error).toEqual(single.error);
  });

  it('a bulk failure keeps the field issues of an AppFailure (they were dropped)', async () => {
    const { core } = await tempCore();
    const failure = new AppFailure({
      code: 'not-found',
      message: 'index: no such policy',
      field: 'index',
      issues: [{ field: 'index', code: 'index.range', message: 'no such policy' }],
    });
    vi.spyOn(core.ctx.hns, 'getEndpoint').mockRejectedValueOnce(failure);
    const bulk = ok<BulkResult>(
      await core.route('policies.applyToMany', { endpointIds: [API], policy: { proxyPort: 8000 } }),
    );
    expect(bulk.outcomes[0]?.error).toEqual(failure.error);
  });
});

describe('write gates', () => {
  it('refuses writes below HNS 13.2 naming both versions; reads still work', async () => {
    const { core } = await tempCore();
    core.ctx.hns.getVersion = async () => ({ major: 12, minor: 1 });
    const r = await core.route('policies.add', { endpointId: API, policy: { proxyPort: 8000 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'hns-version' } });
    if (!r.ok) expect(r.error.message).toMatch(/HNS 12\.1.*13\.2/);
    expect((await core.route('endpoints.get', { endpointId: API })).ok).toBe(true);
    const info = ok<{ l4WfpProxySupported: boolean; readOnly: boolean }>(await core.route('hns.info', {}));
    expect(info).toMatchObject({ l4WfpProxySupported: false, readOnly: true });
  });

  it('is read-only when not elevated', async () => {
    const { core } = await tempCore({ elevated: false });
    const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
    for (const [channel, input] of [
      ['policies.add', { endpointId: API, policy: { proxyPort: 8000 } }],
      ['policies.clear', { endpointId: WEB0, includeForeign: true }],
      ['policies.remove', { endpointId: WEB0, index: 0 }],
    ] as const) {
      const r = await core.route(channel, input);
      expect(r).toMatchObject({ ok: false, error: { code: 'read-only' } });
      if (!r.ok) expect(r.error.message).toMatch(/administrator/);
    }
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('ownership and unparseable policies', () => {
  it('flags Linkerd/Istio port pairs as foreign unless the journal shows we added them, and explains unparseable ones', async () => {
    const { core } = await tempCore();
    const raw = [
      {
        Type: 'L4WFPPROXY',
        Settings: {
          InboundProxyPort: '4143',
          OutboundProxyPort: '4140',
          UserSID: 'S-1-5-32-556',
          FilterTuple: { Protocols: '6' },
        },
      },
      { Type: 'L4WFPPROXY', Settings: { OutboundProxyPort: '15001', UserSID: 'S-1-5-18' } },
      { Type: 'L4WFPPROXY', Settings: { Port: '8000', FilterTuple: { Protocols: '17' }, Extra: 1 } },
    ];
    await core.ctx.hns.modifyEndpoint(API, {
      ResourceType: 'Policy',
      RequestType: 'Add',
      Settings: { Policies: raw },
    });
    const d = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: API }));
    // Owners come from the profile table: 4143/4140 is Linkerd's (K2s, hcsshim#2571); no known writer
    // adds an outbound-only 15001 policy, nor a UDP Port-only one.
    expect(d.proxyPolicies.map((p) => p.owner)).toEqual(['Linkerd proxy', undefined, undefined]);
    expect(d.proxyPolicies[2]).toMatchObject({
      policy: null,
      legacyPort: '8000',
      unknownFields: ['Settings.Extra'],
      flags: ['legacy-port', 'unknown-fields', 'unparseable'],
      issues: [{ code: 'protocol.unsupported' }],
    });
    const cleared = ok<ChangeResult>(await core.route('policies.clear', { endpointId: API }));
    expect(cleared.count).toBe(2);
    // Removed exactly as HNS returned them (legacy Port and unknown field included).
    expect(cleared.policies).toEqual([raw[1], raw[2]]);
  });
});

describe('the detail a change returns', () => {
  it('is what endpoints.get then shows, and counts the policy it just added as ours (not the mesh it looks like)', async () => {
    const { core } = await tempCore();
    // Linkerd's port pair (4143/4140): flagged foreign when someone else adds it, ours when we do.
    const policy = { inboundProxyPort: 4143, outboundProxyPort: 4140, userSid: 'S-1-5-32-556' };
    const r = ok<ChangeResult>(await core.route('policies.add', { endpointId: API, policy }));
    expect(r.detail?.proxyPolicies.map((p) => [p.owner, p.flags])).toEqual([[undefined, []]]);
    // The window puts r.detail in its cache instead of reading the endpoint again: it must be the same.
    const got = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: API }));
    expect(r.detail).toEqual(got);
  });
});

describe('clear on a recognised mesh set (issue 14)', () => {
  it('keeps both Istio ambient policies (HBONE and plaintext) unless includeForeign; removes both with it', async () => {
    const { core } = await tempCore();
    const raw = istioAmbient().map((Settings) => ({ Type: 'L4WFPPROXY', Settings }));
    await core.ctx.hns.modifyEndpoint(API, {
      ResourceType: 'Policy',
      RequestType: 'Add',
      Settings: { Policies: raw },
    });
    const kept = ok<ChangeResult>(await core.route('policies.clear', { endpointId: API }));
    expect(kept.count).toBe(0);
    expect(kept.warnings).toEqual([
      'Kept policy 0: it looks owned by Istio ambient (ztunnel, Windows CNI). Clear with includeForeign (CLI: --include-foreign) to remove it too.',
      'Kept policy 1: it looks owned by Istio ambient (ztunnel, Windows CNI). Clear with includeForeign (CLI: --include-foreign) to remove it too.',
    ]);
    const all = ok<ChangeResult>(
      await core.route('policies.clear', { endpointId: API, includeForeign: true }),
    );
    expect(all.count).toBe(2);
  });
});
