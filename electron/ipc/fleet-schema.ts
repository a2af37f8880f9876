import { z } from 'zod';
import { AppErrorSchema } from '../base/app-error';
import { EndpointIdSchema, ProxyPolicyInputSchema } from '../core/policy/schema';
import { BulkResultSchema, DiagnosticsReportSchema, EndpointSummarySchema } from '../core/views';
import { DEFAULT_WATCH_INTERVAL_MS, WatchEventSchema } from '../core/watch/event-schema';

// What the node switcher and the fleet view exchange with the main process (contract nodes.* and
// fleet.*). A node id is how the user named it: "local", "ssh://admin@node1", "k8s://win-1", "sim-3".

export const NodeIdSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9][A-Za-z0-9@:/.[\]_-]*$/, 'Must be a node id as nodes.list reports it.');

export const NodeKindSchema = z.enum(['local', 'ssh', 'k8s', 'simulated']);

export const HostKeyViewSchema = z.object({
  status: z.enum(['known', 'unknown', 'changed', 'revoked']),
  keyType: z.string(),
  /** SHA256:… as `ssh-keygen -lf` prints it: what the user compares before pinning. */
  fingerprint: z.string(),
  knownHostsFile: z.string(),
  knownFingerprint: z.string().optional(),
});

export const NodeInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: NodeKindSchema,
  /** host-key: waiting for the user to confirm the fingerprint in hostKey (nothing was sent yet). */
  status: z.enum(['idle', 'connecting', 'connected', 'unreachable', 'host-key']),
  hostname: z.string().optional(),
  /** "10.0" style, from the agent's handshake (hns.info of that node). */
  hnsVersion: z.string().optional(),
  l4WfpProxySupported: z.boolean().optional(),
  error: AppErrorSchema.optional(),
  hostKey: HostKeyViewSchema.optional(),
});
export type NodeInfo = z.infer<typeof NodeInfoSchema>;

/** One node's answer in a fleet-wide call: its value, or why that node did not answer. */
const perNode = <T extends z.ZodType>(value: T) =>
  z.union([
    z.object({ node: z.string(), label: z.string(), ok: z.literal(true), value }),
    z.object({ node: z.string(), label: z.string(), ok: z.literal(false), error: AppErrorSchema }),
  ]);

export const FleetEndpointsSchema = z.object({ nodes: z.array(perNode(z.array(EndpointSummarySchema))) });
export type FleetEndpoints = z.infer<typeof FleetEndpointsSchema>;
export const FleetDiagnosticsSchema = z.object({ nodes: z.array(perNode(DiagnosticsReportSchema)) });
export type FleetDiagnostics = z.infer<typeof FleetDiagnosticsSchema>;
export const FleetApplySchema = z.object({ nodes: z.array(perNode(BulkResultSchema)) });
export type FleetApply = z.infer<typeof FleetApplySchema>;

const someNodes = z.object({ nodes: z.array(NodeIdSchema).max(10_000).optional() }).strict();

/** One entry of the fleet's watch feed: a node's event, or news about that node's watch. */
export const FleetWatchItemSchema = z.object({
  /** 1, 2, 3… within the fleet watch (each node's own numbers stay inside its event). */
  seq: z.number().int().min(0),
  node: z.string(),
  label: z.string(),
  event: WatchEventSchema.optional(),
  notice: z
    .discriminatedUnion('type', [
      /** The node's agent was replaced: `resumed` changes were found by comparing states. */
      z.object({ type: z.literal('restarted'), resumed: z.number().int() }),
      z.object({ type: z.literal('missed'), count: z.number().int(), resumed: z.number().int() }),
      /** The node's watch failed (unreachable…); it is asked again every few seconds. */
      z.object({ type: z.literal('node-error'), error: AppErrorSchema }),
      z.object({ type: z.literal('node-ok') }),
    ])
    .optional(),
});
export type FleetWatchItem = z.infer<typeof FleetWatchItemSchema>;

export const FleetWatchBatchSchema = z.object({
  watchId: z.string(),
  restarted: z.boolean().optional(),
  next: z.number().int().min(0),
  items: z.array(FleetWatchItemSchema),
  missed: z.number().int().min(1).optional(),
  /** The nodes followed, and the last error of any whose watch is failing. */
  nodes: z.array(z.object({ node: z.string(), label: z.string(), error: AppErrorSchema.optional() })),
});
export type FleetWatchBatch = z.infer<typeof FleetWatchBatchSchema>;
const byNode = z.object({ node: NodeIdSchema }).strict();

/** The contract's entries for node management and fleet-wide calls (spread into contract.ts). */
export const fleetContract = {
  'nodes.list': { input: z.object({}).strict(), output: z.array(NodeInfoSchema) },
  /**
   * Adds the kubeconfig's Windows nodes, unconnected, once the user confirmed (in main's own dialog)
   * using its credentials and the commands they run; each node is confirmed again when connected.
   */
  'nodes.discover': { input: z.object({}).strict(), output: z.array(NodeInfoSchema) },
  /** Adds an SSH target; an unknown or changed host key leaves it at status host-key until pinned. */
  'nodes.add': {
    input: z.object({ target: z.string().min(1).max(300) }).strict(),
    output: NodeInfoSchema,
  },
  'nodes.connect': { input: byNode, output: NodeInfoSchema },
  /** The fingerprint the user confirmed: pinned only if it is still the key the node presents. */
  'nodes.pinHostKey': {
    input: z.object({ node: NodeIdSchema, fingerprint: z.string().min(1).max(200) }).strict(),
    output: NodeInfoSchema,
  },
  /** Any other channel, sent to that node's own agent (its validation, journal and undo). */
  'nodes.route': {
    input: z.object({ node: NodeIdSchema, channel: z.string().min(1).max(100), input: z.unknown() }).strict(),
    output: z.unknown(),
  },
  'fleet.endpoints': { input: someNodes, output: FleetEndpointsSchema },
  'fleet.diagnose': { input: someNodes, output: FleetDiagnosticsSchema },
  /**
   * The chosen nodes' changes after `since` (numbers of this fleet watch), waiting up to waitMs for
   * some: each node is followed on its own connection with its own long poll (watch.events).
   */
  'fleet.watch': {
    input: z
      .object({
        nodes: z.array(NodeIdSchema).max(10_000).optional(),
        since: z.number().int().min(0).default(0),
        watchId: z.string().max(64).optional(),
        waitMs: z.number().int().min(0).max(30_000).default(0),
        intervalMs: z.number().int().min(200).max(600_000).default(DEFAULT_WATCH_INTERVAL_MS),
      })
      .strict(),
    output: FleetWatchBatchSchema,
  },
  'fleet.apply': {
    input: z
      .object({
        targets: z
          .array(z.object({ node: NodeIdSchema, endpointIds: z.array(EndpointIdSchema).min(1).max(10_000) }))
          .min(1)
          .max(1000),
        policy: ProxyPolicyInputSchema,
      })
      .strict(),
    output: FleetApplySchema,
  },
} as const;
export type FleetChannel = keyof typeof fleetContract;
export const FLEET_CHANNELS = Object.keys(fleetContract) as FleetChannel[];
