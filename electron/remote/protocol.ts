import { z } from 'zod';
import { AppErrorSchema } from '../base/app-error';
import { HnsInfoSchema } from '../core/views';
import { MAX_SNAPSHOT_BYTES, type ChannelName } from '../ipc/channels';

// The agent protocol (docs/agent-protocol.md): newline-delimited JSON over any byte stream pair.
// It is the IPC contract's transport, not a copy of it: the envelope is generic, the channel names,
// inputs and outputs are the contract's, and the agent hands every request to the same router the
// window and the CLI use. Only the `agent.*` channels below are the protocol's own.

/** Bumped only for a change an older peer would misread; additive fields do not bump it. */
export const PROTOCOL_VERSION = 1;

/**
 * Longest request line the agent reads. The largest legitimate request is snapshot.open with a
 * base64 file of MAX_SNAPSHOT_BYTES; anything longer is refused without being buffered.
 */
export const MAX_REQUEST_LINE_BYTES = Math.ceil((MAX_SNAPSHOT_BYTES * 4) / 3) + 64 * 1024;
/**
 * Longest answer the client reads, per channel. Each is far above what a real node sends (an endpoint
 * summary is about 400 bytes: a node with 2 000 endpoints answers endpoints.list in 0.8 MB) and small
 * enough that a hostile node cannot exhaust the client; docs/agent-protocol.md lists them. The client
 * reads a line only up to the largest limit of the requests it is waiting for.
 */
export const RESPONSE_LIMIT_BYTES = 8 * 1024 * 1024;
const RESPONSE_LIMITS: Partial<Record<ChannelName | 'agent.requestStatus', number>> = {
  // 10 000 entries (journal.list's largest limit) of a few kB each.
  'journal.list': 48 * 1024 * 1024,
  // The file's text as one JSON string: every quote escaped can double it.
  'snapshot.export': 2 * MAX_SNAPSHOT_BYTES + 1024 * 1024,
  // Up to 1000 recorded results of lost changes, each as large as that change's answer.
  'agent.requestStatus': 48 * 1024 * 1024,
};
/** Before the handshake: the hello line is a few hundred bytes. */
export const HELLO_LIMIT_BYTES = 64 * 1024;

export function responseLimit(channel: string): number {
  return (RESPONSE_LIMITS as Record<string, number>)[channel] ?? RESPONSE_LIMIT_BYTES;
}

/** Request ids: the client's choice, echoed back; also the key of the agent's change ledger. */
export const RequestIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'Must be 1-128 letters, digits, ".", "_", ":" or "-".');

export const RequestEnvelopeSchema = z
  .object({ id: RequestIdSchema, channel: z.string().min(1).max(100), input: z.unknown().optional() })
  .strict();
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: AppErrorSchema }).strict(),
]);

/** `id: null` answers a line whose id could not be read (bad JSON, oversize), as JSON-RPC does. */
export const ResponseEnvelopeSchema = z
  .object({ id: RequestIdSchema.nullable(), result: ResultSchema })
  .strict();
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;

export const HandshakeSchema = z.object({
  protocol: z.number().int(),
  app: z.object({ name: z.string(), version: z.string() }),
  hostname: z.string(),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  /** The node's HNS as hns.info reports it, or why it could not be read. */
  hns: z.union([
    z.object({ ok: z.literal(true), info: HnsInfoSchema }),
    z.object({ ok: z.literal(false), error: AppErrorSchema }),
  ]),
  elevated: z.boolean(),
  limits: z.object({ maxRequestLineBytes: z.number().int(), maxInFlight: z.number().int() }),
  pid: z.number().int(),
});
export type Handshake = z.infer<typeof HandshakeSchema>;
export const HelloLineSchema = z.object({ hello: HandshakeSchema }).strict();

// Which channels change the node (and so go through the request ledger, exactly once) is declared
// per channel in ipc/channels.ts.
export { isChangeChannel } from '../ipc/channels';

/** What the agent knows about one change request id. */
export const RequestStatusSchema = z.discriminatedUnion('state', [
  /** Never started on this node; now fenced, so it can no longer run: the change did not happen. */
  z.object({ id: RequestIdSchema, state: z.literal('not-received') }),
  /** Another agent process on the node is still running it. */
  z.object({ id: RequestIdSchema, state: z.literal('running'), pid: z.number().int() }),
  /** Finished: the router's Result, exactly as the lost response would have carried it. */
  z.object({ id: RequestIdSchema, state: z.literal('done'), result: ResultSchema }),
  /** Started but its agent died before recording the outcome: read the journal and the endpoint. */
  z.object({ id: RequestIdSchema, state: z.literal('interrupted'), channel: z.string().optional() }),
]);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

/**
 * Who the client says it is (the person at the workstation, their machine, the app): recorded beside
 * each change the agent journals as a claim, never trusted for anything else. An agent that predates
 * it answers unknown-channel, which the client ignores.
 */
export const ClientIdentitySchema = z
  .object({
    user: z.string().min(1).max(256),
    host: z.string().min(1).max(256),
    app: z.string().min(1).max(100).optional(),
  })
  .strict();
export type ClientIdentity = z.infer<typeof ClientIdentitySchema>;

/** The protocol's own channels, answered by the agent itself (never by the router). */
export const agentChannels = {
  'agent.requestStatus': {
    input: z.object({ ids: z.array(RequestIdSchema).min(1).max(1000) }).strict(),
    output: z.object({ statuses: z.array(RequestStatusSchema) }),
  },
  /** Sent by the client once, right after the handshake; the answer is empty. */
  'agent.identify': { input: ClientIdentitySchema, output: z.object({}).strict() },
} as const;
export type AgentChannel = keyof typeof agentChannels;
export const isAgentChannel = (c: string): c is AgentChannel => Object.hasOwn(agentChannels, c);
