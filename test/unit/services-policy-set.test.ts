import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { applySet } from '../../electron/core/services/policy-set';
import { validateProxyPolicy } from '../../electron/core/policy/validate';
import type { ProxyPolicy } from '../../electron/core/policy/model';
import type { EndpointDetail } from '../../electron/core/views';
import { HnsError } from '../../native/hns-error';
import { HR } from '../../electron/base/hresult-table';
import { API, NAT_EP, tempCore } from '../support/temp-core';
import { ok } from '../support/result';

// A policy set (Istio ambient's pair) is applied per endpoint as a unit: all of it, or none of it.

const policy = (input: Record<string, unknown>): ProxyPolicy => {
  const r = validateProxyPolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const HBONE = policy({
  inboundProxyPort: '15008',
  outboundProxyPort: '15001',
  remotePorts: '15008',
  userSid: 'S-1-5-18',
});
const PLAINTEXT = policy({
  inboundProxyPort: '15006',
  outboundProxyPort: '15001',
  userSid: 'S-1-5-18',
  inboundExceptions: { ports: '15008' },
});

async function proxyPorts(route: (c: never, i: unknown) => Promise<unknown>, id: string) {
  const d = ok<EndpointDetail>((await route('endpoints.get' as never, { endpointId: id })) as never);
  return d.proxyPolicies.map((p) => p.policy?.inboundProxyPort);
}

/** HNS refuses the n-th modify request (1-based) of this core; the others go through. */
function failModify(hns: { modifyEndpoint: (...a: never[]) => Promise<void> }, nth: number[]) {
  const original = hns.modifyEndpoint.bind(hns);
  let n = 0;
  return vi
    .spyOn(hns, 'modifyEndpoint')
    .mockImplementation((...args: never[]) =>
      nth.includes(++n)
        ? Promise.reject(new HnsError('HcnModifyEndpoint', HR.HCN_E_REQUEST_UNSUPPORTED))
        : original(...args),
    );
}

describe('applySet', () => {
  it('adds every policy of the set to every endpoint, in order', async () => {
    const { core } = await tempCore();
    const r = await applySet(core.ctx, [API, NAT_EP], [HBONE, PLAINTEXT]);
    expect(r).toMatchObject({ succeeded: 2, failed: 0 });
    expect(r.outcomes.map((o) => o.results.length)).toEqual([2, 2]);
    expect(await proxyPorts(core.route as never, API)).toEqual([15008, 15006]);
    expect(await proxyPorts(core.route as never, NAT_EP)).toEqual([15008, 15006]);
  });

  it('when the second policy fails, removes the first again and says so on that endpoint only', async () => {
    const { core, journalPath } = await tempCore();
    // Requests in order: API HBONE (1), API plaintext (2, refused), API rollback (3), ... with
    // concurrency 1 so the numbering is the endpoints' order.
    failModify(core.ctx.hns as never, [2]);
    const r = await applySet(core.ctx, [API, NAT_EP], [HBONE, PLAINTEXT], 1);
    expect(r).toMatchObject({ succeeded: 1, failed: 1 });
    const bad = r.outcomes.find((o) => o.endpointId === API)!;
    expect(bad).toMatchObject({
      ok: false,
      failedPolicy: 1,
      results: [],
      error: { hresultName: 'HCN_E_REQUEST_UNSUPPORTED' },
    });
    expect(bad.rolledBack).toHaveLength(1);
    expect(bad.rolledBack![0]).toMatchObject({ operation: 'remove', readBack: 'confirmed' });
    expect(bad.rollbackError).toBeUndefined();
    expect(await proxyPorts(core.route as never, API)).toEqual([]);
    expect(await proxyPorts(core.route as never, NAT_EP)).toEqual([15008, 15006]);
    // The journal tells the whole story of the failed endpoint: added, refused, removed again.
    const ops = readFileSync(journalPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { endpointId: string; operation: string; outcome: string })
      .filter((e) => e.endpointId === API)
      .map((e) => `${e.operation}:${e.outcome}`);
    expect(ops[0]).toBe('add:ok');
    expect(ops.at(-1)).toBe('remove:ok');
  });

  it('reports a removal that fails during the rollback instead of hiding it', async () => {
    const { core } = await tempCore();
    failModify(core.ctx.hns as never, [2, 3]);
    const r = await applySet(core.ctx, [API], [HBONE, PLAINTEXT]);
    expect(r.outcomes[0]).toMatchObject({
      ok: false,
      failedPolicy: 1,
      rolledBack: [],
      rollbackError: { hresultName: 'HCN_E_REQUEST_UNSUPPORTED' },
    });
    expect(await proxyPorts(core.route as never, API)).toEqual([15008]);
  });

  it('a first policy that fails leaves nothing to roll back', async () => {
    const { core } = await tempCore();
    failModify(core.ctx.hns as never, [1]);
    const r = await applySet(core.ctx, [API], [HBONE, PLAINTEXT]);
    expect(r.outcomes[0]).toMatchObject({ ok: false, failedPolicy: 0, results: [] });
    expect(r.outcomes[0]!.rolledBack).toBeUndefined();
    expect(await proxyPorts(core.route as never, API)).toEqual([]);
  });
});
