import { describe, expect, it } from 'vitest';
import type { HnsClient } from '../../native/hns-client';
import { HnsError } from '../../native/hns-error';
import type { ModifyEndpointPolicyRequest } from '../../native/hns-json';
import type { ChangeResult, JournalEntry } from '../../electron/core/views';
import { tempCore, WEB0 } from '../support/temp-core';

// Issue 12 item 6 (docs/hcn-api.md §9 question 2): HNS may answer a Remove that matches nothing with
// success or with HCN_E_POLICY_NOT_FOUND. When the policy is gone either way (someone removed it
// between our read and our Remove), both answers end as a removal with a warning, not a failure.

const HCN_E_POLICY_NOT_FOUND = 0x803b0008;

type Modify = (id: string, req: ModifyEndpointPolicyRequest) => Promise<void>;
function withModify(hns: HnsClient, modify: (original: Modify) => Modify): HnsClient {
  const original: Modify = (id, req) => hns.modifyEndpoint(id, req);
  return new Proxy(hns, {
    get(target, key) {
      if (key === 'modifyEndpoint') return modify(original);
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Another actor removes the same policy first; our Remove then matches nothing (the simulator says HCN_E_POLICY_NOT_FOUND). */
const raced = (hns: HnsClient) =>
  withModify(hns, (modify) => async (id, req) => {
    if (req.RequestType === 'Remove') await modify(id, req);
    await modify(id, req);
  });

describe('a Remove HNS answers with HCN_E_POLICY_NOT_FOUND', () => {
  it('is a removal with a warning when the policy is no longer on the endpoint', async () => {
    const { core } = await tempCore({ wrapHns: raced });
    const r = await core.route('policies.remove', { endpointId: WEB0, index: 0 });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const result = (r as { value: ChangeResult }).value;
    expect(result).toMatchObject({ operation: 'remove', count: 1, readBack: 'confirmed' });
    expect(result.warnings).toContain(
      'HNS answered HCN_E_POLICY_NOT_FOUND, and the policy is no longer on the endpoint: removed already (by someone else, or HNS reports a Remove of nothing as this error).',
    );
    const journal = (await core.route('journal.list', {})) as {
      ok: true;
      value: { entries: JournalEntry[] };
    };
    expect(journal.value.entries.at(-1) ?? journal.value.entries[0]).toMatchObject({
      operation: 'remove',
      outcome: 'ok',
    });
    await core.close();
  });

  it('stays a failure when the policy is still there', async () => {
    const { core } = await tempCore({
      wrapHns: (hns) =>
        withModify(hns, (modify) => async (id, req) => {
          if (req.RequestType === 'Remove') throw new HnsError('HcnModifyEndpoint', HCN_E_POLICY_NOT_FOUND);
          await modify(id, req);
        }),
    });
    const r = await core.route('policies.remove', { endpointId: WEB0, index: 0 });
    expect(r).toMatchObject({ ok: false, error: { hresultName: 'HCN_E_POLICY_NOT_FOUND' } });
    await core.close();
  });
});
