import { rawPolicyLine } from '../policy/policy-line';
import { diffStates, type Change, type WatchedEndpoint } from './diff';
import type { WatchBatch, WatchEvent } from './event-schema';

// The client side of a watch (the CLI, the fleet, the GUI's main process): asks watch.events again and
// again, each time from the last sequence number it has, and keeps the node's state from the events.
// That state is what makes a resume honest when the node's watch is not the one it was (an agent
// replaced after a dropped connection) or dropped events: the client compares it with the new watch's
// first read, so a change in the gap is reported once, and nothing is reported twice.

export interface WatchAsk {
  since: number;
  watchId?: string;
  waitMs: number;
  intervalMs: number;
  withState?: boolean;
}

export type FollowItem =
  | { type: 'watching'; node: string; intervalMs: number; source: string; watchId: string }
  | { type: 'event'; event: WatchEvent }
  /** The node's watch is a new one: `resumed` events follow, found by comparing states. */
  | { type: 'restarted'; node: string; resumed: number }
  /** Events dropped from the node's buffer before they were read: `resumed` events follow. */
  | { type: 'missed'; node: string; count: number; resumed: number };

/** Long-poll wait: well under any transport's idle limits, and the contract's 30 s cap. */
export const FOLLOW_WAIT_MS = 25_000;

export class WatchFollower {
  private since = 0;
  private watchId: string | undefined;
  private readonly model = new Map<string, WatchedEndpoint>();

  constructor(
    private readonly ask: (input: WatchAsk) => Promise<WatchBatch>,
    private readonly intervalMs: number,
    /** How long each long poll may wait (a caller may shorten it between polls). */
    public waitMs = FOLLOW_WAIT_MS,
  ) {}

  /** The starting state; resolves once the node is being watched. */
  async start(): Promise<FollowItem> {
    const b = await this.ask({ since: 0, waitMs: 0, intervalMs: this.intervalMs, withState: true });
    this.adopt(b);
    return { type: 'watching', node: b.node, intervalMs: b.intervalMs, source: b.source, watchId: b.watchId };
  }

  /** The node's state as this client knows it (after the events handed out so far). */
  get state(): ReadonlyMap<string, WatchedEndpoint> {
    return this.model;
  }

  /** Waits for the next changes (one long poll, plus one read of the state after a gap). */
  async next(): Promise<FollowItem[]> {
    const b = await this.ask({
      since: this.since,
      ...(this.watchId ? { watchId: this.watchId } : {}),
      waitMs: this.waitMs,
      intervalMs: this.intervalMs,
    });
    if (b.restarted || b.missed) {
      const resumed = await this.resync(b);
      const head: FollowItem = b.restarted
        ? { type: 'restarted', node: b.node, resumed: resumed.length }
        : { type: 'missed', node: b.node, count: b.missed ?? 0, resumed: resumed.length };
      return [head, ...resumed.map((event) => ({ type: 'event' as const, event }))];
    }
    const items: FollowItem[] = [];
    for (const e of b.events) {
      // A retried request can answer what an earlier one already did: never hand an event out twice.
      if (e.seq <= this.since) continue;
      this.apply(e);
      items.push({ type: 'event', event: e });
    }
    this.since = Math.max(this.since, b.next);
    this.watchId = b.watchId;
    return items;
  }

  /** The state as the node's watch has it now, compared with ours: each difference once. */
  private async resync(b: WatchBatch): Promise<WatchEvent[]> {
    // From b.next: whatever the new watch numbers after it is covered by the state read with it.
    const fresh = await this.ask({
      since: b.next,
      watchId: b.watchId,
      waitMs: 0,
      intervalMs: this.intervalMs,
      withState: true,
    });
    const next = new Map((fresh.state ?? []).map((e) => [e.id, e]));
    const time = new Date().toISOString();
    const events = diffStates(this.model, next).map((c) => resumedEvent(c, fresh.node, time, next));
    this.adopt(fresh);
    return events;
  }

  private adopt(b: WatchBatch): void {
    this.model.clear();
    for (const e of b.state ?? []) this.model.set(e.id, e);
    this.since = b.next;
    this.watchId = b.watchId;
  }

  private apply(e: WatchEvent): void {
    if (e.type === 'endpoint-deleted') {
      this.model.delete(e.endpoint.id);
      return;
    }
    const had = this.model.get(e.endpoint.id);
    this.model.set(e.endpoint.id, {
      ...e.endpoint,
      policies: e.policies ?? had?.policies ?? [],
    });
  }
}

function resumedEvent(
  c: Change,
  node: string,
  time: string,
  next: ReadonlyMap<string, WatchedEndpoint>,
): WatchEvent {
  const ref = (index: number, raw: unknown) => ({ index, summary: rawPolicyLine(raw), raw });
  const ep = c.endpoint;
  return {
    seq: 0,
    type: c.kind,
    time,
    node,
    endpoint: { id: ep.id, name: ep.name, ...(ep.pod ? { pod: ep.pod } : {}) },
    ...(c.kind === 'endpoint-created' || c.kind === 'endpoint-deleted'
      ? {}
      : { policy: ref(c.index, c.policy) }),
    ...(c.kind === 'policy-changed' ? { before: ref(c.index, c.before) } : {}),
    ...(next.has(ep.id) ? { policies: next.get(ep.id)!.policies } : {}),
    resumed: true,
  };
}
