import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../electron/ipc/app-core';
import { streamWaitMs } from '../../electron/ipc/channels';
import type { WatchBatch, WatchEvent } from '../../electron/core/watch/event-schema';
import { WatchFollower, type FollowItem, type WatchAsk } from '../../electron/core/watch/follow';
import { connectInProcess, type InProcessAgent } from '../../electron/remote/in-process';
import { RemoteRouter } from '../../electron/remote/remote-router';
import { ok } from '../support/result';
import { API, tempCore } from '../support/temp-core';

// A watch over the agent protocol: the long poll's deadline counts from the end of its wait; a
// connection cut under a long poll resumes from the last sequence number (nothing lost, nothing twice);
// a watch that restarted (a new agent) or dropped events is made whole by comparing states.

const ISTIO = { inboundProxyPort: 15006, outboundProxyPort: 15001 };
const events = (items: FollowItem[]): WatchEvent[] =>
  items.flatMap((i) => (i.type === 'event' ? [i.event] : []));

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function remoteWatch(core: AppCore, options: { requestTimeoutMs?: number } = {}) {
  const agents: InProcessAgent[] = [];
  const router = new RemoteRouter({
    label: 'in-process',
    connect: async () => {
      const a = await connectInProcess(core.route, options);
      agents.push(a);
      return a.connection;
    },
  });
  cleanup.push(() => router.close());
  const ask = async (input: WatchAsk) => ok<WatchBatch>(await router.route('watch.events', input));
  return { router, agents, ask };
}

describe('watch over the agent protocol', () => {
  it('declares watch.events a stream whose calls may wait their waitMs (capped at the contract’s 30 s)', () => {
    expect(streamWaitMs('watch.events', { waitMs: 1234 })).toBe(1234);
    expect(streamWaitMs('watch.events', {})).toBe(30_000);
    expect(streamWaitMs('watch.events', { waitMs: 1e9 })).toBe(30_000);
    expect(streamWaitMs('endpoints.list', { waitMs: 1234 })).toBe(0);
  });

  it('a long poll longer than the request deadline is not cut off: its deadline starts after its wait', async () => {
    const { core } = await tempCore();
    cleanup.push(() => core.close());
    const { ask } = await remoteWatch(core, { requestTimeoutMs: 100 });
    const first = await ask({ since: 0, waitMs: 0, intervalMs: 200 });
    // Nothing changes: the agent answers only when the 600 ms wait is over, past the 100 ms deadline.
    const b = await ask({ since: first.next, watchId: first.watchId, waitMs: 600, intervalMs: 200 });
    expect(b).toMatchObject({ watchId: first.watchId, next: first.next, events: [] });
  });

  it('a connection cut under a long poll resumes from the last sequence number: the next change once, no restart', async () => {
    const { core } = await tempCore();
    cleanup.push(() => core.close());
    const { agents, ask } = await remoteWatch(core);
    const follower = new WatchFollower(ask, 200, 10_000);
    expect(await follower.start()).toMatchObject({ type: 'watching' });
    ok(await core.route('policies.add', { endpointId: API, policy: ISTIO }));
    const one = await follower.next();
    expect(events(one).map((e) => [e.seq, e.type])).toEqual([[1, 'policy-added']]);

    const pending = follower.next();
    // The long poll is in flight on the first connection: drop it as a dead network would.
    agents[0]!.cut();
    ok(await core.route('policies.remove', { endpointId: API, index: 0, force: true }));
    const two = await pending;
    expect(agents).toHaveLength(2);
    expect(two.map((i) => i.type)).toEqual(['event']);
    expect(events(two).map((e) => [e.seq, e.type, e.endpoint.id])).toEqual([[2, 'policy-removed', API]]);
    // The event carries the endpoint as of that moment: its policies after the removal.
    expect(events(two)[0]!.policies).toEqual([]);
    expect(follower.state.get(API)?.policies).toEqual([]);
  });
});

describe('WatchFollower', () => {
  const ep = (id: string, policies: unknown[]) => ({ id, name: `ep-${id}`, policies });
  const P1 = { Type: 'L4WFPPROXY', Settings: { InboundProxyPort: 15006 } };
  const P2 = { Type: 'L4WFPPROXY', Settings: { OutboundProxyPort: 15001 } };
  const batch = (b: Partial<WatchBatch>): WatchBatch => ({
    watchId: 'w1',
    next: 0,
    events: [],
    node: 'n1',
    intervalMs: 200,
    source: 'reads every 0.2 s',
    ...b,
  });

  it('after a restart, reports each change made in the gap once (compared states), then follows the new watch', async () => {
    const answers: WatchBatch[] = [
      batch({ next: 3, state: [ep('a', [P1]), ep('b', [])] }),
      // A new agent: its watch has other numbers, and b got P2 while nobody was watching.
      batch({ watchId: 'w2', next: 0, restarted: true }),
      batch({ watchId: 'w2', next: 0, state: [ep('a', [P1]), ep('b', [P2])] }),
    ];
    const asked: WatchAsk[] = [];
    const f = new WatchFollower(async (input) => (asked.push(input), answers.shift()!), 200, 1000);
    await f.start();
    const items = await f.next();
    expect(items[0]).toEqual({ type: 'restarted', node: 'n1', resumed: 1 });
    expect(events(items)).toEqual([
      expect.objectContaining({
        seq: 0,
        type: 'policy-added',
        resumed: true,
        endpoint: { id: 'b', name: 'ep-b' },
        policy: { index: 0, summary: 'outbound → 15001', raw: P2 },
      }),
    ]);
    expect(asked[1]).toMatchObject({ since: 3, watchId: 'w1' });
    expect(asked[2]).toMatchObject({ since: 0, watchId: 'w2', waitMs: 0, withState: true });
    expect(f.state.get('b')?.policies).toEqual([P2]);
  });

  it('after events were dropped from the buffer, compares states instead of skipping them', async () => {
    const answers: WatchBatch[] = [
      batch({ next: 0, state: [ep('a', [P1])] }),
      batch({ next: 20_000, missed: 10_000, events: [] }),
      batch({ next: 20_000, state: [] }),
    ];
    const f = new WatchFollower(async () => answers.shift()!, 200, 1000);
    await f.start();
    const items = await f.next();
    expect(items[0]).toEqual({ type: 'missed', node: 'n1', count: 10_000, resumed: 2 });
    expect(events(items).map((e) => e.type)).toEqual(['policy-removed', 'endpoint-deleted']);
  });

  it('an answer repeating events already handed out (a retried request) hands out none twice', async () => {
    const e = (seq: number): WatchEvent => ({
      seq,
      type: 'endpoint-created',
      time: '2026-01-01T00:00:00.000Z',
      node: 'n1',
      endpoint: { id: `e${seq}`, name: `e${seq}` },
      policies: [],
    });
    const answers: WatchBatch[] = [
      batch({ next: 0, state: [] }),
      batch({ next: 2, events: [e(1), e(2)] }),
      batch({ next: 3, events: [e(2), e(3)] }),
    ];
    const f = new WatchFollower(async () => answers.shift()!, 200, 1000);
    await f.start();
    expect(events(await f.next()).map((x) => x.seq)).toEqual([1, 2]);
    expect(events(await f.next()).map((x) => x.seq)).toEqual([3]);
    expect([...f.state.keys()]).toEqual(['e1', 'e2', 'e3']);
  });
});
