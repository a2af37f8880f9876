import { z } from 'zod';

// What `watch` reports: one change of a node's proxy policies (or endpoints), numbered per watch.

const JsonValue = z.unknown();

/** How often a watch reads the node when nothing notifies it sooner. */
export const DEFAULT_WATCH_INTERVAL_MS = 2_000;

export const WatchEndpointRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  pod: z.string().optional(),
});

export const WatchPolicyRefSchema = z.object({
  /** Position among the endpoint's L4WFPPROXY policies when seen (as `remove <ep> <n>` counts). */
  index: z.number().int(),
  summary: z.string(),
  /** The mesh or CNI whose profile the policy matches (docs/mesh-profiles.md); absent: none known. */
  owner: z.string().optional(),
  raw: JsonValue,
});

/** Who made the change: this app (the journal entry that records it) or someone else. */
export const WatchActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app'), journalId: z.string(), user: z.string() }),
  z.object({ kind: z.literal('external') }),
]);

/** One endpoint as a watch compares it: its complete L4WFPPROXY policies, in HNS's order. */
export const WatchedEndpointSchema = z.object({
  id: z.string(),
  name: z.string(),
  pod: z.string().optional(),
  policies: z.array(JsonValue),
});

export const WATCH_EVENT_TYPES = [
  'endpoint-created',
  'endpoint-deleted',
  'policy-added',
  'policy-removed',
  'policy-changed',
] as const;
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

export const WatchDriftSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('removed-elsewhere'),
    /** The journal entry that added it. */
    journalId: z.string(),
    user: z.string(),
  }),
  z.object({ kind: z.literal('unknown-owner') }),
]);
export type WatchDrift = z.infer<typeof WatchDriftSchema>;

export const WatchEventSchema = z.object({
  /**
   * 1, 2, 3… within one watch: a client that lost the connection asks again from its last. 0 only on
   * a change the client found itself by comparing states across a restart (`resumed`).
   */
  seq: z.number().int().min(0),
  type: z.enum(WATCH_EVENT_TYPES),
  /** When the read that saw it finished (ISO): the change happened between the previous read and this. */
  time: z.string(),
  node: z.string(),
  endpoint: WatchEndpointRefSchema,
  policy: WatchPolicyRefSchema.optional(),
  before: WatchPolicyRefSchema.optional(),
  by: WatchActorSchema.optional(),
  /**
   * The endpoint's complete L4WFPPROXY policies as of this event's read (absent once it is deleted):
   * what the endpoint looked like at that moment, and what lets a client keep the node's state.
   */
  policies: z.array(JsonValue).optional(),
  /**
   * HNS now disagrees with this app's journal because of this change: a policy the journal says this
   * app added was removed by someone else, or a policy of no known owner (no mesh profile, not this
   * app's) appeared.
   */
  drift: WatchDriftSchema.optional(),
  /**
   * Seen by the client, not the node: after the node's watch restarted (agent replaced), the client
   * compared the state it last knew with the new watch's first read. Who made it is not known.
   */
  resumed: z.literal(true).optional(),
});
export type WatchEvent = z.infer<typeof WatchEventSchema>;

export const WatchBatchSchema = z.object({
  /** This watch; pass it back with `since` so a restarted server can say the numbers changed. */
  watchId: z.string(),
  /** Set when `watchId` named another watch (the agent restarted): changes since your last event may be missed. */
  restarted: z.boolean().optional(),
  /** Ask again with `since: next` for what follows. */
  next: z.number().int().min(0),
  events: z.array(WatchEventSchema),
  /** Set when events after `since` were dropped from the server's buffer before being asked for. */
  missed: z.number().int().min(1).optional(),
  node: z.string(),
  intervalMs: z.number().int(),
  /** How changes are noticed: reads every intervalMs, sooner when HNS notifies (Windows). */
  source: z.string(),
  /** Asked with `withState`: every endpoint as of `next` (a client's starting point, or after a restart). */
  state: z.array(WatchedEndpointSchema).optional(),
});
export type WatchBatch = z.infer<typeof WatchBatchSchema>;
