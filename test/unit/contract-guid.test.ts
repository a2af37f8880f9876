// One spelling of a GUID inside the app (canonicalGuid), applied at the two edges: what callers send
// (EndpointIdSchema) and what HNS JSON holds (guidOf / endpointId). Past those, ids compare with ===.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalGuid, endpointId, guidOf } from '../../native/hns-json';
import { buildTopology, summarizeEndpoint } from '../../electron/core/endpoint-summary';
import { EndpointIdSchema } from '../../electron/core/policy/schema';
import { createAppCore } from '../../electron/ipc/app-core';
import type { BulkResult, DiagnosticsReport, EndpointSummary, JournalEntry } from '../../electron/core/views';

const LOWER = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const UPPER_BRACED = `{${LOWER.toUpperCase()}}`;

async function core() {
  const dir = await mkdtemp(join(tmpdir(), 'hcnproxy-guid-'));
  return createAppCore({
    backend: 'simulated',
    validateOutput: true,
    journalPath: join(dir, 'j.jsonl'),
    onError: (ch, e) => console.log(ch, e),
  });
}

function value<T>(r: { ok: boolean; value?: unknown; error?: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('canonical GUIDs', () => {
  it('canonicalGuid: lowercase, no braces; guidOf reads a field of HNS JSON in that form', () => {
    expect(canonicalGuid(UPPER_BRACED)).toBe(LOWER);
    expect(guidOf({ Id: UPPER_BRACED }, 'ID')).toBe(LOWER);
    expect(guidOf({}, 'ID')).toBeUndefined();
    expect(endpointId({ ID: LOWER.toUpperCase() })).toBe(LOWER);
  });

  it('EndpointIdSchema returns the canonical id, and refuses what is not a GUID', () => {
    expect(EndpointIdSchema.parse(UPPER_BRACED)).toBe(LOWER);
    expect(EndpointIdSchema.parse(LOWER.toUpperCase())).toBe(LOWER);
    const bad = EndpointIdSchema.safeParse('web-0');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe(
      'Must be an endpoint GUID such as 5e6f7081-92a3-4b4c-8d5e-6f708192a3b4.',
    );
  });

  it('a summary carries canonical ids even when HNS wrote them uppercase', () => {
    const net = '11111111-2222-4333-8444-555555555555';
    const ep = { ID: UPPER_BRACED, Name: 'x', HostComputeNetwork: net.toUpperCase() };
    const s = summarizeEndpoint(ep, buildTopology([{ ID: `{${net}}`, Name: 'nat' }], []));
    expect(s).toMatchObject({ id: LOWER, networkId: net, networkName: 'nat' });
  });

  it('every channel hands the service the canonical id: a handler sees no braces or capitals', async () => {
    const c = await core();
    const seen: string[] = [];
    const spy = await createAppCore({
      backend: 'simulated',
      overrides: {
        'endpoints.get': async ({ endpointId: id }) => {
          seen.push(id);
          throw new Error('stop');
        },
      },
    });
    await spy.route('endpoints.get', { endpointId: UPPER_BRACED });
    expect(seen).toEqual([LOWER]);
    await spy.close();
    await c.close();
  });

  it('one endpoint named twice in two spellings is changed once; journal and results use one spelling', async () => {
    const c = await core();
    const eps = value<EndpointSummary[]>(await c.route('endpoints.list', {}));
    const target = eps.find((e) => e.proxyPolicyCount === 0) as EndpointSummary;
    const upper = `{${target.id.toUpperCase()}}`;
    const bulk = value<BulkResult>(
      await c.route('policies.applyToMany', {
        endpointIds: [upper, target.id],
        policy: { inboundProxyPort: 15001 },
      }),
    );
    expect(bulk.outcomes.map((o) => [o.endpointId, o.ok])).toEqual([[target.id, true]]);
    const journal = value<{ entries: JournalEntry[] }>(
      await c.route('journal.list', { endpointId: upper }),
    ).entries;
    expect(journal.map((j) => j.endpointId)).toEqual([target.id]);
    const report = value<DiagnosticsReport>(await c.route('diagnostics.endpoint', { endpointId: upper }));
    for (const f of report.findings) if (f.endpointId) expect(f.endpointId).toBe(canonicalGuid(f.endpointId));
    await c.close();
  });
});
