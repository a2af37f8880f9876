import type { RendererApi } from './contract';

// The channel names and their scope/effect, without their schemas: what the preload needs to expose one function per
// channel. Kept free of zod and of the contract's values (type imports only), so the sandboxed
// preload bundle carries these names and nothing else. contract.ts is typed against this list
// (`satisfies`: a channel added to one and not the other does not compile) and
// test/unit/main-preload.test.ts checks the two agree at run time.

/**
 * Where a channel runs and what it does, declared once. `scope`: 'node' channels act on one node's HNS
 * (with a remote node chosen, the window's call goes to that node's agent); 'app' channels act on this
 * app (settings, templates, snapshots opened here, node management) and never leave the machine.
 * `effect`: 'change' channels change what the node's HNS holds (the agent's request ledger makes them
 * exactly-once, the log records them); 'read' channels do not.
 */
export type ChannelScope = 'app' | 'node';
export type ChannelEffect = 'read' | 'change';
export interface ChannelMeta {
  readonly scope: ChannelScope;
  readonly effect: ChannelEffect;
  /**
   * 'stream': a subscription delivered as a long poll (docs/agent-protocol.md, "Streams"). Each call
   * may wait up to its input's `waitMs` before answering, so its deadline is that wait plus the usual one.
   */
  readonly delivery?: 'stream';
}
const nodeRead: ChannelMeta = { scope: 'node', effect: 'read' };
const nodeChange: ChannelMeta = { scope: 'node', effect: 'change' };
const appRead: ChannelMeta = { scope: 'app', effect: 'read' };
/** App-scoped and changes only this app's state (settings, the session), never a node's HNS. */
const appLocal: ChannelMeta = { scope: 'app', effect: 'read' };

export const CHANNEL_META = {
  'endpoints.list': nodeRead,
  'endpoints.get': nodeRead,
  'policies.add': nodeChange,
  'policies.remove': nodeChange,
  'policies.clear': nodeChange,
  'policies.restore': nodeChange,
  'policies.applyToMany': nodeChange,
  'policies.applySet': nodeChange,
  'containers.lookup': nodeRead,
  'diagnostics.endpoint': nodeRead,
  'diagnostics.all': nodeRead,
  'diagnostics.events': nodeRead,
  'flows.explain': nodeRead,
  'hns.info': nodeRead,
  // The node's own write gate: the confirmation belongs to the node whose version cannot be read.
  'hns.allowUnverifiedVersion': nodeRead,
  'journal.list': nodeRead,
  // A stream delivered as a long poll: each call waits for the changes after `since`, so it works over
  // every transport (IPC, the harness's HTTP, the agent protocol) and resumes by sequence number.
  'watch.events': { ...nodeRead, delivery: 'stream' },
  'snapshot.export': nodeRead,
  // A snapshot is opened in this app, whatever node is chosen: it replaces the local session only.
  'snapshot.open': appLocal,
  'snapshot.close': appLocal,
  'settings.get': appRead,
  'settings.set': appLocal,
  'app.restartElevated': appLocal,
  // The GUI's nodes and fleet-wide calls: managed by this app. A fleet call reaches many nodes
  // through their own agents, which apply each node's own rules.
  'nodes.list': appRead,
  'nodes.discover': appLocal,
  'nodes.add': appLocal,
  'nodes.connect': appLocal,
  'nodes.pinHostKey': appLocal,
  'nodes.route': appLocal,
  'fleet.endpoints': appRead,
  'fleet.diagnose': appRead,
  // The fleet's changes as one feed: a long poll like watch.events, answered by this app.
  'fleet.watch': { ...appRead, delivery: 'stream' },
  'fleet.apply': { scope: 'app', effect: 'change' },
} as const satisfies Record<string, ChannelMeta>;

export type ChannelName = keyof typeof CHANNEL_META;
/** In contract order (the router, the preload and the harness iterate it). */
export const CHANNELS = Object.keys(CHANNEL_META) as ChannelName[];

export const channelMeta = (c: ChannelName): ChannelMeta => CHANNEL_META[c];
const isChannelName = (c: string): c is ChannelName => Object.hasOwn(CHANNEL_META, c);
/** Channels a window with a remote node chosen sends to that node (everything else stays here). */
export const isNodeChannel = (c: string): c is ChannelName =>
  isChannelName(c) && CHANNEL_META[c].scope === 'node';
/**
 * How long a stream channel's call may wait before it answers (its input's waitMs), 0 for any other:
 * a deadline on such a call is counted from the end of that wait.
 */
export function streamWaitMs(c: string, input: unknown): number {
  if (!isChannelName(c) || (CHANNEL_META[c] as ChannelMeta).delivery !== 'stream') return 0;
  const w = (input as { waitMs?: unknown } | null)?.waitMs;
  // The contract's default and cap (30 s) when the caller leaves it out or sends nonsense.
  return typeof w === 'number' && Number.isFinite(w) && w >= 0 ? Math.min(w, 30_000) : 30_000;
}

/** Channels that change a node's HNS (the agent's request ledger, the change log). */
export const isChangeChannel = (c: string): c is ChannelName =>
  isChannelName(c) && CHANNEL_META[c].effect === 'change';

/** The largest snapshot file the app opens (the window checks it before reading the file). */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export const IPC_PREFIX = 'hcnproxy:';

export function splitChannel(c: ChannelName): [string, string] {
  const i = c.indexOf('.');
  return [c.slice(0, i), c.slice(i + 1)];
}

/** Builds a RendererApi from any transport (ipcRenderer.invoke in preload, fetch in the harness). */
export function buildApi(invoke: (channel: ChannelName, input: unknown) => Promise<unknown>): RendererApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const c of CHANNELS) {
    const [g, m] = splitChannel(c);
    (api[g] ??= {})[m] = (input: unknown) => invoke(c, input ?? {});
  }
  return api as unknown as RendererApi;
}
