// Issue 8 §3: 200 concurrent add/remove/clear operations across 10 endpoints, through the IPC router,
// with HNS calls that yield at random points. Replaying the same operations one by one, in the order
// they completed, on a fresh copy of the same HNS state must give the same outcomes and the same end
// state; the journal must hold every change, in completion order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HnsState } from '../../native/demo-data';
import type { HnsClient } from '../../native/hns-client';
import { getArray, type HostComputeEndpoint } from '../../native/hns-json';
import { SimulatedHns } from '../../native/simulated-hns';
import type { Result } from '../../electron/base/app-error';
import type { ChangeResult } from '../../electron/core/views';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';

const N_OPS = 200;
const N_EP = 10;
const NET = '0f0f0f0f-1111-4222-8333-444444444444';
const IDS = Array.from({ length: N_EP }, (_, i) => `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`);

function seed(): HnsState {
  return {
    networks: [{ ID: NET, Name: 'load', Type: 'NAT' }],
    endpoints: IDS.map((ID, i) => ({
      ID,
      Name: `load-${i}`,
      HostComputeNetwork: NET,
      Policies: [{ Type: 'OutBoundNAT', Settings: {} }],
    })),
    namespaces: [],
    version: { major: 15, minor: 1 },
  };
}

/** Every HNS call waits 0–3 ms before and after, so operations interleave at every await. */
function jittery(inner: HnsClient): HnsClient {
  const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 3));
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || prop === 'close') return v;
      return async (...args: unknown[]) => {
        await jitter();
        const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await jitter();
        return r;
      };
    },
  });
}

const dirs: string[] = [];
const cores: AppCore[] = [];
async function core(wrap: (h: HnsClient) => HnsClient): Promise<AppCore> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnproxy-conc-'));
  dirs.push(dir);
  const sim = new SimulatedHns(seed());
  const c = await createAppCore({
    backend: 'simulated',
    validateOutput: true,
    journalPath: join(dir, 'journal.jsonl'),
    wrapHns: () => wrap(sim),
  });
  cores.push(c);
  return c;
}
afterAll(async () => {
  for (const c of cores) await c.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Op = { channel: 'policies.add' | 'policies.remove' | 'policies.clear'; input: Record<string, unknown> };

function operations(): Op[] {
  return Array.from({ length: N_OPS }, (_, i) => {
    // A third of the calls name the endpoint in upper case: the per-endpoint queue must fold case.
    const id = i % 3 === 0 ? (IDS[i % N_EP] as string).toUpperCase() : (IDS[i % N_EP] as string);
    const k = i % 20;
    if (k < 10) {
      const policy = {
        inboundProxyPort: String(10000 + i),
        outboundProxyPort: String(20000 + i),
        userSid: 'S-1-5-18',
      };
      return { channel: 'policies.add', input: { endpointId: id, policy } };
    }
    if (k < 16) return { channel: 'policies.remove', input: { endpointId: id, index: 0 } };
    return { channel: 'policies.clear', input: { endpointId: id, includeForeign: true } };
  });
}

/** What a caller learns from an answer, minus ids and times. */
function outcome(r: Result<unknown>): string {
  if (!r.ok) return `error:${r.error.code}`;
  const v = r.value as ChangeResult;
  return `ok:${v.operation}:${v.count}:${v.readBack}`;
}

async function endState(c: AppCore): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const id of IDS)
    out[id] = getArray((await c.ctx.hns.getEndpoint(id)) as HostComputeEndpoint, 'Policies');
  return out;
}

describe('200 concurrent operations through the router', () => {
  it('end like the same operations applied one by one in completion order; the journal holds every change in order', async () => {
    const ops = operations();
    const live = await core(jittery);
    const completed: number[] = [];
    const answers: Result<unknown>[] = new Array(N_OPS);
    await Promise.all(
      ops.map((op, i) =>
        live.route(op.channel, op.input).then((r) => {
          answers[i] = r;
          completed.push(i);
        }),
      ),
    );
    expect(completed).toHaveLength(N_OPS);
    // Only "no policy at index 0" removes may fail; nothing else.
    for (const r of answers) if (!r.ok) expect(r.error.code).toBe('not-found');

    // Replay one at a time, in the order the concurrent run completed, on the same starting state.
    const serial = await core((h) => h);
    const replayed: Result<unknown>[] = new Array(N_OPS);
    for (const i of completed) replayed[i] = await serial.route(ops[i]!.channel, ops[i]!.input);
    expect(answers.map(outcome)).toEqual(replayed.map(outcome));
    expect(await endState(live)).toEqual(await endState(serial));

    // Journal: every change, none twice, in completion order, each one's `before` the previous `after`.
    await live.ctx.journal.flush();
    const journal = await live.ctx.journal.all();
    const journalIds = completed
      .map((i) => answers[i])
      .flatMap((r) => (r?.ok && (r.value as ChangeResult).journalId) || []);
    const changed = answers.filter((r) => r.ok && (r.value as ChangeResult).count > 0).length;
    expect(journalIds).toHaveLength(changed);
    expect(journal.map((j) => j.id)).toEqual(journalIds);
    expect(journal.length).toBeGreaterThanOrEqual(100);
    const serialJournal = await serial.ctx.journal.all();
    const shape = (j: (typeof journal)[number]) => [
      j.endpointId.toLowerCase(),
      j.operation,
      j.outcome,
      j.before,
      j.after,
    ];
    expect(journal.map(shape)).toEqual(serialJournal.map(shape));
    const state = await endState(live);
    for (const id of IDS) {
      const mine = journal.filter((j) => j.endpointId.toLowerCase() === id);
      for (let k = 1; k < mine.length; k++) expect(mine[k]!.before).toEqual(mine[k - 1]!.after);
      const proxies = (state[id] ?? []).filter((p) => (p as { Type?: string }).Type === 'L4WFPPROXY');
      expect(mine.at(-1)?.after ?? []).toEqual(proxies);
      expect(mine.every((j) => j.outcome === 'ok')).toBe(true);
    }
  });
});
