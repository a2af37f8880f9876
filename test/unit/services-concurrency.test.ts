import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getArray, type HostComputeEndpoint } from '../../native/hns-json';
import { addPolicy, clearPolicies, removePolicy } from '../../electron/core/services/policies';
import type { ChangeResult } from '../../electron/core/views';
import { tempCore } from '../support/temp-core';

// 200 operations across 10 endpoints at once, with HNS calls that yield at random points: the end
// state must equal what the journal says happened, and the journal must list every operation in the
// order they completed.

describe('per-endpoint serialization under load', () => {
  it('200 concurrent operations on 10 endpoints end consistent, journal complete and in completion order', async () => {
    const { core, journalPath } = await tempCore();
    const net = (await core.ctx.hns.listNetworks())[0]!.ID;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await core.ctx.hns.createEndpoint(net, { Name: `load-${i}` })).ID);
    const hns = core.ctx.hns;
    const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 3));
    for (const m of ['getEndpoint', 'modifyEndpoint'] as const) {
      const orig = hns[m].bind(hns) as (...a: unknown[]) => Promise<unknown>;
      (hns as unknown as Record<string, unknown>)[m] = async (...a: unknown[]) => {
        await jitter();
        const r = await orig(...a);
        await jitter();
        return r;
      };
    }
    const completed: string[] = [];
    const ops: Promise<ChangeResult | Error>[] = [];
    for (let i = 0; i < 200; i++) {
      const ep = ids[i % 10]!;
      const kind = i % 20 < 10 ? 'add' : i % 20 < 16 ? 'remove' : 'clear';
      const op =
        kind === 'add'
          ? addPolicy(core.ctx, ep, {
              inboundProxyPort: 10000 + i,
              outboundProxyPort: 20000 + i,
              userSid: 'S-1-5-18',
              localAddresses: [],
              remoteAddresses: [],
              localPorts: [],
              remotePorts: [],
              protocol: 'TCP',
              inboundExceptions: { ipAddresses: [], ports: [] },
              outboundExceptions: { ipAddresses: [], ports: [] },
            })
          : kind === 'remove'
            ? removePolicy(core.ctx, ep, 0)
            : clearPolicies(core.ctx, ep);
      ops.push(
        op.then(
          (r) => {
            if (r.journalId) completed.push(r.journalId);
            return r;
          },
          (e: Error) => e,
        ),
      );
    }
    const results = await Promise.all(ops);
    await core.ctx.journal.flush();
    const lines = readFileSync(journalPath, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            endpointId: string;
            before: unknown[];
            after: unknown[];
            outcome: string;
          },
      );
    // Every operation that changed HNS is journaled, in the order the callers saw them complete.
    expect(lines.map((l) => l.id)).toEqual(completed);
    // Failures here are only "nothing at index 0" removes; nothing else may fail.
    for (const r of results) if (r instanceof Error) expect(r.message).toMatch(/there is no policy number 0/);
    // Per endpoint: each entry's before is the previous entry's after, and the last after is HNS's state.
    for (const ep of ids) {
      const mine = lines.filter((l) => l.endpointId === ep);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.before).toEqual(mine[i - 1]!.after);
      const now = (await core.ctx.hns.getEndpoint(ep)) as HostComputeEndpoint;
      const proxies = getArray(now, 'Policies');
      expect(mine.at(-1)?.after ?? []).toEqual(proxies);
      expect(mine.every((l) => l.outcome === 'ok')).toBe(true);
    }
    expect(lines.length).toBeGreaterThanOrEqual(100);
  });
});
