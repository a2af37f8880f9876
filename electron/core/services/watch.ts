import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { seedState } from '../../../native/backend';
import { canonicalGuid, jsonEqual, type HostComputeEndpoint } from '../../../native/hns-json';
import { SimulatedHns } from '../../../native/simulated-hns';
import { buildTopology, summarizeEndpoint } from '../endpoint-summary';
import { rawPolicyLine } from '../policy/policy-line';
import type { JournalEntry } from '../views';
import { diffStates, type Change, type WatchState, type WatchedEndpoint } from '../watch/diff';
import type { WatchBatch, WatchDrift, WatchEvent } from '../watch/event-schema';
export { DEFAULT_WATCH_INTERVAL_MS } from '../watch/event-schema';
import type { AppContext, Session } from './context';
import { proxyViews, rawProxyPolicies } from './endpoint-detail';

/** Events kept for clients that fall behind; older ones are reported as missed, never replayed wrong. */
const BUFFER = 10_000;
/** A watch nobody has asked for this long gives its HNS notification callback back. */
const IDLE_MS = 60_000;

interface Read {
  state: WatchState;
  endpoints: Map<string, HostComputeEndpoint>;
  at: number;
  /**
   * Equal between two reads only when nothing can have changed: a state file's identity, time and
   * size (writers replace it atomically, so a new write is a new file), else the read's own JSON.
   */
  stamp: string;
}

export interface WatchInput {
  since: number;
  watchId?: string | undefined;
  waitMs: number;
  intervalMs: number;
  withState?: boolean | undefined;
}

/**
 * Follows one session's node: reads the complete state, diffs it against the previous read (so a
 * change made and undone between two reads is the only kind that can go unseen, and none is counted
 * twice), numbers the events and keeps the last BUFFER of them for whoever asks.
 */
class NodeWatcher {
  private last: Read | undefined;
  private seq = 0;
  private events: WatchEvent[] = [];
  private reading: Promise<void> | undefined;
  /** Journal entries already credited to an event: one entry explains one change. */
  private credited = new Set<string>();

  /** Names this watch: a client resuming with another id (the agent restarted) is told so. */
  readonly id = randomUUID();
  /** Wakes the wait between reads (an HNS notification): the next read happens at once. */
  private readonly wakers = new Set<() => void>();
  private notified: Promise<string> | undefined;
  /** Unregisters the HNS callback; called once no client has asked for a while (IDLE_MS). */
  private release: (() => void) | undefined;
  private polls = 0;
  /** Bumped when the callback is given back: a registration still under way then gives its own back. */
  private generation = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** The latest call's view of the session (the journal may have moved since the watch began). */
    public ctx: AppContext,
    readonly node: string,
  ) {}

  /** Waits up to waitMs for events after `since`, reading the node every intervalMs meanwhile. */
  async poll(input: WatchInput, signal?: AbortSignal): Promise<WatchBatch> {
    this.polls++;
    clearTimeout(this.idle);
    try {
      return await this.pollOnce(input, signal);
    } finally {
      // Nobody watching any more (a closed window, a stopped CLI): give the HNS callback back.
      if (--this.polls === 0) {
        this.idle = setTimeout(() => this.stopNotifications(), IDLE_MS);
        this.idle.unref?.();
      }
    }
  }

  private async pollOnce(input: WatchInput, signal?: AbortSignal): Promise<WatchBatch> {
    const { waitMs, intervalMs } = input;
    const source = await this.notifications(intervalMs);
    if (!this.last) await this.tick();
    // Another watch's numbers mean nothing here: start from now, and say what may have been missed.
    if (input.watchId !== undefined && input.watchId !== this.id)
      return { ...this.batch(this.seq, intervalMs, input.withState), restarted: true };
    const since = Math.min(input.since, this.seq);
    const deadline = Date.now() + waitMs;
    while (this.seq <= since && Date.now() < deadline && !signal?.aborted) {
      await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())), signal, this.wakers);
      await this.tick();
    }
    return { ...this.batch(since, intervalMs, input.withState), source };
  }

  /**
   * On the live Windows node: HNS's service notifications wake the wait (docs/watch.md says which);
   * policies have none, so reads go on at the interval. Registered on the first ask, unregistered
   * once nobody has asked for IDLE_MS.
   */
  private notifications(intervalMs: number): Promise<string> {
    const every = `reads every ${intervalMs / 1000} s`;
    if (this.ctx.origin.kind !== 'live' || process.platform !== 'win32') return Promise.resolve(every);
    this.notified ??= (async () => {
      const generation = this.generation;
      try {
        const { systemLibraryPath } = await import('../../../native/windows/system-paths');
        const { subscribeHcnNotifications } = await import('../../../native/windows/hcn-notifications');
        const sub = await subscribeHcnNotifications(await systemLibraryPath('computenetwork'), () => {
          for (const w of this.wakers) w();
        });
        // Stopped while registering: give it back at once.
        if (this.generation !== generation) sub.close();
        else this.release = () => sub.close();
        return 'at once on HNS network and namespace notifications';
      } catch (e) {
        return `no HNS notifications (${e instanceof Error ? e.message : String(e)})`;
      }
    })();
    return this.notified.then((how) => `${every}; ${how}`);
  }

  private stopNotifications(): void {
    this.generation++;
    this.release?.();
    this.release = undefined;
    this.notified = undefined;
  }

  private batch(since: number, intervalMs: number, withState?: boolean): WatchBatch {
    const first = this.events[0]?.seq ?? this.seq + 1;
    const events = this.events.filter((e) => e.seq > since);
    const missed = since + 1 < first && this.seq > since ? first - since - 1 : 0;
    return {
      watchId: this.id,
      next: this.seq,
      events,
      ...(missed > 0 ? { missed } : {}),
      node: this.node,
      intervalMs,
      source: `reads every ${intervalMs / 1000} s`,
      // The state as of `next`: events are pushed with their read, so the two always agree.
      ...(withState && this.last ? { state: [...this.last.state.values()] } : {}),
    };
  }

  /** One read and diff; concurrent callers share it. */
  tick(): Promise<void> {
    this.reading ??= this.readAndDiff().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readAndDiff(): Promise<void> {
    const since = this.last?.at ?? Date.now();
    const prev = this.last;
    const next = await readState(this.ctx, prev);
    this.last = next;
    // Nothing to compare when nothing can have changed: the cheap path of almost every tick.
    if (!prev || next.stamp === prev.stamp) return;
    const changes = diffStates(prev.state, next.state);
    if (changes.length === 0) return;
    const [entries, added] = await Promise.all([this.ctx.journal.all(), this.ctx.journal.addedPolicies()]);
    const recent = entries.filter((e) => Date.parse(e.time) >= since - 1000 && !this.credited.has(e.id));
    const time = new Date(next.at).toISOString();
    for (const c of changes) {
      const event: WatchEvent = {
        seq: ++this.seq,
        type: c.kind,
        time,
        node: this.node,
        endpoint: {
          id: c.endpoint.id,
          name: c.endpoint.name,
          ...(c.endpoint.pod ? { pod: c.endpoint.pod } : {}),
        },
        ...(c.kind === 'endpoint-deleted' ? {} : { policies: policiesAfter(next, c.endpoint.id) }),
      };
      if (c.kind !== 'endpoint-created' && c.kind !== 'endpoint-deleted') {
        const ep = (c.kind === 'policy-removed' ? prev : next).endpoints.get(c.endpoint.id);
        event.policy = policyRef(ep, c.index, c.policy, added);
        if (c.kind === 'policy-changed') event.before = policyRef(undefined, c.index, c.before, added);
        const by = attribute(c, recent, this.credited);
        event.by = by ? { kind: 'app', journalId: by.id, user: by.user } : { kind: 'external' };
        const drift = by ? undefined : driftOf(c, event.policy.owner, entries);
        if (drift) event.drift = drift;
      }
      this.events.push(event);
    }
    if (this.events.length > BUFFER) this.events.splice(0, this.events.length - BUFFER);
  }
}

/** The endpoint's policies as of this read (removals: what remained), for the event's moment. */
function policiesAfter(read: Read, id: string): unknown[] {
  return read.state.get(id)?.policies ?? [];
}

function policyRef(ep: HostComputeEndpoint | undefined, index: number, raw: unknown, added: unknown[]) {
  const owner = ep ? proxyViews(ep, added)[index]?.owner : undefined;
  return { index, summary: rawPolicyLine(raw), ...(owner ? { owner } : {}), raw };
}

/**
 * How a change someone else made leaves HNS disagreeing with this app's journal: it removed a policy
 * the journal says this app added (the latest such entry), or it added one no profile or entry owns.
 */
function driftOf(c: Change, owner: string | undefined, entries: JournalEntry[]): WatchDrift | undefined {
  if (c.kind === 'policy-added') return owner ? undefined : { kind: 'unknown-owner' };
  if (c.kind !== 'policy-removed') return undefined;
  const id = canonicalGuid(c.endpoint.id);
  const added = entries.findLast(
    (e) =>
      (e.operation === 'add' || e.operation === 'restore') &&
      e.outcome !== 'failed' &&
      canonicalGuid(e.endpointId) === id &&
      e.policies.some((p) => jsonEqual(p, c.policy)),
  );
  return added ? { kind: 'removed-elsewhere', journalId: added.id, user: added.user } : undefined;
}

/** The journal entry (not yet credited) that made this change, if this app made it. */
function attribute(c: Change, recent: JournalEntry[], credited: Set<string>): JournalEntry | undefined {
  if (c.kind !== 'policy-added' && c.kind !== 'policy-removed') return undefined;
  const ops = c.kind === 'policy-added' ? ['add', 'restore'] : ['remove', 'clear'];
  const id = canonicalGuid(c.endpoint.id);
  const entry = recent.find(
    (e) =>
      ops.includes(e.operation) &&
      e.outcome !== 'failed' &&
      canonicalGuid(e.endpointId) === id &&
      e.policies.some((p) => jsonEqual(p, c.policy)),
  );
  // A clear removes several policies in one entry: credit it once all of them have been seen.
  if (entry && (entry.operation !== 'clear' || entry.policies.length <= 1)) credited.add(entry.id);
  return entry;
}

/**
 * The node as it is now. A state file saved by other processes (--persist) is read from disk each
 * time, so their changes appear; everything else reads through the session's backend.
 */
async function readState(ctx: AppContext, prev: Read | undefined): Promise<Read> {
  const origin = ctx.origin;
  const fileStamp = origin.kind === 'state-file' && origin.saved ? statStamp(origin.path) : undefined;
  // The file has not been replaced since the last read: skip parsing it again.
  if (prev && fileStamp !== undefined && prev.stamp === fileStamp) return { ...prev, at: Date.now() };
  const hns =
    fileStamp !== undefined
      ? new SimulatedHns(seedState({ stateFile: (origin as { path: string }).path }).state)
      : ctx.hns;
  const { endpoints, networks, namespaces, pods } =
    hns === ctx.hns
      ? await ctx.nodeState.read(hns, { fresh: true })
      : {
          endpoints: await hns.listEndpoints(),
          networks: await hns.listNetworks(),
          namespaces: await hns.listNamespaces(),
          pods: new Map<string, string>(),
        };
  const topo = buildTopology(networks, namespaces, pods);
  const state = new Map<string, WatchedEndpoint>();
  const byId = new Map<string, HostComputeEndpoint>();
  for (const ep of endpoints) {
    const s = summarizeEndpoint(ep, topo);
    state.set(s.id, {
      id: s.id,
      name: s.name,
      ...(s.pod ? { pod: s.pod } : {}),
      policies: rawProxyPolicies(ep),
    });
    byId.set(s.id, ep);
  }
  return { state, endpoints: byId, at: Date.now(), stamp: fileStamp ?? JSON.stringify([...state.values()]) };
}

function statStamp(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `file:${st.ino}:${st.mtimeNs}:${st.size}`;
  } catch {
    // Gone for a moment (between a writer's unlink and rename on some systems): read it to say so.
    return `missing:${Date.now()}`;
  }
}

function sleep(ms: number, signal?: AbortSignal, wakers?: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    // A wait must not keep a process alive that has nothing else to do (a stopped CLI watch).
    t.unref?.();
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      wakers?.delete(done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
    wakers?.add(done);
  });
}

/** The label events carry for the session's node: this machine, or the file it reads. */
export function nodeLabel(ctx: Pick<AppContext, 'origin'>): string {
  const o = ctx.origin;
  return o.kind === 'live'
    ? hostname()
    : o.kind === 'state-file'
      ? `file:${o.path}`
      : `snapshot:${o.fileName}`;
}

// One watcher per session: a new session (a snapshot opened, a node switched) starts a new watch.
const watchers = new WeakMap<Session['hns'], NodeWatcher>();

export function watchEvents(ctx: AppContext, input: WatchInput, signal?: AbortSignal): Promise<WatchBatch> {
  let w = watchers.get(ctx.hns);
  if (!w) watchers.set(ctx.hns, (w = new NodeWatcher(ctx, nodeLabel(ctx))));
  w.ctx = ctx;
  return w.poll(input, signal);
}
