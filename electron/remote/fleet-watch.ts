import { randomUUID } from 'node:crypto';
import type { AppError } from '../base/app-error';
import { mapLimit } from '../base/map-limit';
import { toAppError } from '../core/services/errors';
import type { WatchBatch } from '../core/watch/event-schema';
import { WatchFollower, type FollowItem, type WatchAsk } from '../core/watch/follow';
import type { FleetWatchBatch, FleetWatchItem } from '../ipc/fleet-schema';
import type { Router } from '../ipc/router';

// The fleet's watch: one WatchFollower per node, each a long poll on that node's own connection (the
// one every other call to it uses: a watch opens none), merged into one numbered feed the window asks
// with one long poll of its own. Nodes are first read at most `concurrency` at a time.

const BUFFER = 10_000;
/** A node whose watch failed is asked again after this long (its router reconnects if it can). */
const RETRY_MS = 5_000;

interface NodeFollow {
  stopped: boolean;
  error?: AppError;
}

export interface FleetWatchScope {
  routerOf(id: string): Router;
  label(id: string): string;
  concurrency: number;
}

export class FleetWatch {
  readonly id = randomUUID();
  private seq = 0;
  private items: FleetWatchItem[] = [];
  private readonly nodes = new Map<string, NodeFollow>();
  private waiters = new Set<() => void>();

  constructor(
    private readonly scope: FleetWatchScope,
    private readonly intervalMs: number,
  ) {}

  /** Follows exactly these nodes from now: new ones are started, others stopped. */
  async follow(ids: readonly string[]): Promise<void> {
    const want = new Set(ids);
    for (const [id, n] of this.nodes)
      if (!want.has(id)) {
        n.stopped = true;
        this.nodes.delete(id);
      }
    const fresh = ids.filter((id) => !this.nodes.has(id));
    for (const id of fresh) this.nodes.set(id, { stopped: false });
    // Each node's first read: bounded, so 1,000 nodes do not read at once.
    await mapLimit(fresh, this.scope.concurrency, async (id) => {
      const n = this.nodes.get(id);
      if (n) await this.run(id, n);
    });
  }

  /** Starts one node's watch; its loop then runs in the background until stopped. */
  private async run(id: string, n: NodeFollow): Promise<void> {
    const route = this.scope.routerOf(id);
    const ask = async (input: WatchAsk): Promise<WatchBatch> => {
      const r = await route('watch.events', input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error });
      return r.value as WatchBatch;
    };
    const follower = new WatchFollower(ask, this.intervalMs);
    const started = await this.attempt(id, n, () => follower.start());
    if (!started) {
      void this.later(n).then(() => (n.stopped ? undefined : this.run(id, n)));
      return;
    }
    void (async () => {
      while (!n.stopped) {
        const items = await this.attempt(id, n, () => follower.next());
        if (n.stopped) return;
        if (items) for (const i of items) this.push(id, i);
        else await this.later(n);
      }
    })();
  }

  private async attempt<T>(id: string, n: NodeFollow, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const v = await fn();
      if (n.error) {
        delete n.error;
        this.pushNotice(id, { type: 'node-ok' });
      }
      return v;
    } catch (e) {
      const error = (e as { appError?: AppError }).appError ?? toAppError(e);
      // Said once per failure, not once per retry.
      if (n.error?.message !== error.message && !n.stopped)
        this.pushNotice(id, { type: 'node-error', error });
      n.error = error;
      return undefined;
    }
  }

  private later(n: NodeFollow): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(RETRY_MS, this.intervalMs));
      t.unref?.();
      if (n.stopped) resolve();
    });
  }

  private push(id: string, item: FollowItem): void {
    if (item.type === 'watching') return;
    if (item.type === 'event') this.add({ seq: 0, node: id, label: this.labelOf(id), event: item.event });
    else this.pushNotice(id, item);
  }

  private pushNotice(id: string, notice: NonNullable<FleetWatchItem['notice']>): void {
    // Only the fields of the notice (a follower's item carries its node too).
    const n: NonNullable<FleetWatchItem['notice']> =
      notice.type === 'restarted'
        ? { type: 'restarted', resumed: notice.resumed }
        : notice.type === 'missed'
          ? { type: 'missed', count: notice.count, resumed: notice.resumed }
          : notice;
    this.add({ seq: 0, node: id, label: this.labelOf(id), notice: n });
  }

  /** A node removed meanwhile has no label any more: its id says enough. */
  private labelOf(id: string): string {
    try {
      return this.scope.label(id);
    } catch {
      return id;
    }
  }

  private add(item: FleetWatchItem): void {
    item.seq = ++this.seq;
    this.items.push(item);
    if (this.items.length > BUFFER) this.items.splice(0, this.items.length - BUFFER);
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  /** What happened after `since` on the followed nodes, waiting up to waitMs for something. */
  async poll(input: {
    since: number;
    watchId?: string | undefined;
    waitMs: number;
  }): Promise<FleetWatchBatch> {
    const restarted = input.watchId !== undefined && input.watchId !== this.id;
    const since = restarted ? this.seq : Math.min(input.since, this.seq);
    if (!restarted && this.seq <= since && input.waitMs > 0)
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, input.waitMs);
        t.unref?.();
        this.waiters.add(done);
      });
    const first = this.items[0]?.seq ?? this.seq + 1;
    const missed = since + 1 < first && this.seq > since ? first - since - 1 : 0;
    return {
      watchId: this.id,
      next: this.seq,
      items: this.items.filter((i) => i.seq > since),
      ...(restarted ? { restarted: true } : {}),
      ...(missed > 0 ? { missed } : {}),
      nodes: [...this.nodes].map(([node, n]) => ({
        node,
        label: this.labelOf(node),
        ...(n.error ? { error: n.error } : {}),
      })),
    };
  }

  close(): void {
    for (const n of this.nodes.values()) n.stopped = true;
    this.nodes.clear();
    for (const w of this.waiters) w();
  }
}
