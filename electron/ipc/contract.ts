import { z } from 'zod';
import { EndpointIdSchema, ProxyPolicyInputSchema } from '../core/policy/schema';
import { AppFailure, type Result } from '../base/app-error';
import { parseRuntimeAddress } from '../core/containers/addresses';
import { MAX_SNAPSHOT_BYTES, type ChannelName } from './channels';
import {
  BulkResultSchema,
  SetApplyResultSchema,
  ChangeResultSchema,
  DiagnosticsReportSchema,
  EndpointDetailSchema,
  EndpointSummarySchema,
  FlowExplanationSchema,
  FlowSchema,
  HnsEventsResultSchema,
  HnsInfoSchema,
  JournalEntrySchema,
  LookupResultSchema,
  SettingsSchema,
  SnapshotExportSchema,
  SnapshotOpenResultSchema,
} from '../core/views';
import { DEFAULT_WATCH_INTERVAL_MS, WatchBatchSchema } from '../core/watch/event-schema';
import { fleetContract } from './fleet-schema';

// The single source of every IPC channel: its name, input schema and output schema.
// main validates with it, preload exposes one function per entry, the renderer's API type is
// derived from it (see RendererApi below; test/unit/contract-types.test.ts guards the derivation).

const none = z.object({}).strict();
const byEndpoint = z.object({ endpointId: EndpointIdSchema }).strict();

// A local named pipe (host "." only) or an absolute unix socket path with one leading slash and no
// "."/".." segment. Anything naming a host (//host/pipe/x, unix:////host/…, \\host\pipe\x,
// npipe://host/pipe/x) is a UNC path on Windows: the elevated process would open an SMB session to that
// host with the administrator's credentials. The dial site (core/containers/addresses.ts) checks again.
const LOCAL_RUNTIME_ADDRESS =
  /^(?:\\\\\.\\pipe\\|npipe:\/\/(?:\/\/)?\.\/pipe\/)(?!\.+$)[A-Za-z0-9._-]{1,256}$|^(?:unix:\/\/)?(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+)+$/;
const LocalRuntimeAddress = z
  .string()
  .max(512)
  .regex(
    LOCAL_RUNTIME_ADDRESS,
    'Must be a local runtime socket on this machine: \\\\.\\pipe\\<name>, npipe:////./pipe/<name> or unix:///path/to.sock (no host, no tcp).',
  );

/**
 * From the CLI (run by the administrator): whatever the dial site accepts, which adds tcp to loopback
 * (core/containers/addresses.ts, the one parser), checked here so a bad address is a validation error
 * naming the field before anything is read.
 */
const CliRuntimeAddress = z
  .string()
  .max(512)
  .superRefine((v, ctx) => {
    try {
      parseRuntimeAddress(v, 'address');
    } catch (e) {
      const issue = e instanceof AppFailure ? e.error.issues?.[0] : undefined;
      ctx.addIssue({
        code: 'custom',
        message: issue?.message ?? String(e),
        params: { code: issue?.code ?? 'address.format' },
      });
    }
  });

const lookupInput = (address: z.ZodType<string>) =>
  z
    .object({
      // A container id (or unique prefix), or a pod as `namespace/name` (DNS-1123 names, as kubectl).
      containerId: z
        .string()
        .min(3)
        .max(320)
        .regex(
          /^(?:[0-9a-zA-Z][0-9a-zA-Z_.-]{0,127}|[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?)$/,
          'Must be a container id, a unique prefix of one, or a pod as namespace/name.',
        ),
      runtimeEndpoint: address.optional(),
      docker: z.union([z.boolean(), address]).optional(),
    })
    .strict();

/**
 * Who is calling. The window (Electron's renderer, and the browser harness, which must exercise the
 * very same rules) is the least trusted caller of an elevated process: where a channel has a
 * `windowInput`, that schema applies to it instead of `input`. The CLI is run by the administrator.
 */
export type Origin = 'window' | 'cli' | 'harness';

/** A field the window may not send at all (any value but undefined), with the sentence saying why. */
const notFromWindow = (why: string) =>
  z.custom<never>((v) => v === undefined, { message: why, params: { code: 'origin.window' } }).optional();

const SettingsPatch = SettingsSchema.partial().strict();

export const contract = {
  'endpoints.list': { input: none, output: z.array(EndpointSummarySchema) },
  'endpoints.get': { input: byEndpoint, output: EndpointDetailSchema },
  'policies.add': {
    input: z.object({ endpointId: EndpointIdSchema, policy: ProxyPolicyInputSchema }).strict(),
    output: ChangeResultSchema,
  },
  'policies.remove': {
    input: z
      .object({
        endpointId: EndpointIdSchema,
        index: z.number().int().min(0).max(10_000),
        /** The raw policy the user saw: refuses to remove if HNS now holds something else there. */
        expected: z.unknown().optional(),
        /** Remove it even though it is one policy of a recognised writer's set (splits the set). */
        force: z.boolean().optional(),
      })
      .strict(),
    output: ChangeResultSchema,
  },
  'policies.clear': {
    input: z
      .object({
        endpointId: EndpointIdSchema,
        includeForeign: z.boolean().default(false),
        /** Only this writer's set (a profile id from docs/mesh-profiles.md, or its owner label). */
        owner: z.string().min(1).max(100).optional(),
      })
      .strict(),
    output: ChangeResultSchema,
  },
  'policies.restore': {
    input: z.object({ journalId: z.string().min(1).max(100) }).strict(),
    output: ChangeResultSchema,
  },
  'policies.applyToMany': {
    input: z
      .object({ endpointIds: z.array(EndpointIdSchema).min(1).max(10_000), policy: ProxyPolicyInputSchema })
      .strict(),
    output: BulkResultSchema,
  },
  // A writer's policy set (e.g. Istio ambient's pair) on each endpoint as a unit: all added, or
  // none (services/policy-set.ts removes the ones added before a failure).
  'policies.applySet': {
    input: z
      .object({
        endpointIds: z.array(EndpointIdSchema).min(1).max(10_000),
        policies: z.array(ProxyPolicyInputSchema).min(1).max(8),
      })
      .strict(),
    output: SetApplyResultSchema,
  },
  'containers.lookup': {
    // The elevated process dials this address: from the window, only local sockets (named pipes,
    // unix sockets), never tcp; the CLI may also dial tcp to loopback.
    input: lookupInput(CliRuntimeAddress),
    windowInput: lookupInput(LocalRuntimeAddress),
    output: LookupResultSchema,
  },
  'diagnostics.endpoint': { input: byEndpoint, output: DiagnosticsReportSchema },
  'diagnostics.all': { input: none, output: DiagnosticsReportSchema },
  /** Recent Host Network Service events naming the endpoint (Windows HNS only; hcsshim#2571). */
  'diagnostics.events': {
    /** minutes: how far back (default 60; the CLI's diagnose looks back 24 h). */
    input: z
      .object({ endpointId: EndpointIdSchema, minutes: z.number().int().min(1).max(1440).optional() })
      .strict(),
    output: HnsEventsResultSchema,
  },
  'flows.explain': {
    input: z.object({ endpointId: EndpointIdSchema, flow: FlowSchema }).strict(),
    output: FlowExplanationSchema,
  },
  'hns.info': { input: none, output: HnsInfoSchema },
  /** The user confirmed changing a live node whose HNS version cannot be read (journalled per change). */
  'hns.allowUnverifiedVersion': { input: none, output: HnsInfoSchema },
  'journal.list': {
    input: z
      .object({
        endpointId: EndpointIdSchema.optional(),
        limit: z.number().int().min(1).max(10_000).default(200),
      })
      .strict(),
    /** skippedLines: lines of the journal file that did not parse (kept in the file, not listed). */
    output: z.object({ entries: z.array(JournalEntrySchema), skippedLines: z.number().int().min(0) }),
  },
  /** The node's changes after `since` (sequence numbers of this watch), waiting up to waitMs for some. */
  'watch.events': {
    input: z
      .object({
        since: z.number().int().min(0).default(0),
        watchId: z.string().max(64).optional(),
        // 0: answer now with what is there; a long poll asks for up to 30 s.
        waitMs: z.number().int().min(0).max(30_000).default(0),
        intervalMs: z.number().int().min(200).max(600_000).default(DEFAULT_WATCH_INTERVAL_MS),
        /** Also answer every endpoint as of `next`: a client's starting state (and after a restart). */
        withState: z.boolean().default(false),
      })
      .strict(),
    output: WatchBatchSchema,
  },
  'snapshot.export': {
    input: z.object({ endpointIds: z.array(EndpointIdSchema).max(100_000).optional() }).strict(),
    output: SnapshotExportSchema,
  },
  'snapshot.open': {
    input: z
      .object({
        fileName: z.string().min(1).max(255),
        /** File bytes as base64, so UTF-16 PowerShell exports survive the trip. */
        contentBase64: z.string().max(Math.ceil((MAX_SNAPSHOT_BYTES * 4) / 3) + 4),
        editable: z.boolean().default(false),
        /** MAJOR.MINOR: the HNS version to assume, over what the file says or implies. */
        hnsVersion: z.string().max(20).optional(),
      })
      .strict(),
    output: SnapshotOpenResultSchema,
  },
  'snapshot.close': { input: none, output: z.object({ backendLabel: z.string() }) },
  'settings.get': { input: none, output: SettingsSchema },
  'settings.set': {
    input: SettingsPatch,
    // The main process is elevated: a compromised renderer must not make it append to a file of its
    // choosing. The CLI (run by the administrator) may move the journal.
    windowInput: SettingsPatch.extend({
      journalPath: notFromWindow(
        'The journal location cannot be changed from the window; set HCNPROXY_JOURNAL or edit settings.json.',
      ),
    }),
    output: SettingsSchema,
  },
  'app.restartElevated': { input: none, output: z.object({ started: z.boolean() }) },
  ...fleetContract,
} as const satisfies Record<ChannelName, { input: z.ZodType; windowInput?: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
// The names alone live in ./channels (zod-free, for the preload); this contract must match them.
export { CHANNELS, IPC_PREFIX, MAX_SNAPSHOT_BYTES, splitChannel, buildApi } from './channels';

/** What the caller passes (before defaults/transforms). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
type WindowSchema<C extends Channel> = Contract[C] extends { windowInput: infer S extends z.ZodType }
  ? S
  : Contract[C]['input'];
/** What the window may pass: Input, less what only the CLI may send (settings.set journalPath). */
export type WindowInput<C extends Channel> = z.input<WindowSchema<C>>;

/** The input schema that applies to a caller: `windowInput` for the window and the harness. */
export function inputSchema(channel: Channel, origin: Origin): z.ZodType {
  const spec: { input: z.ZodType; windowInput?: z.ZodType } = contract[channel];
  return origin === 'cli' ? spec.input : (spec.windowInput ?? spec.input);
}
/** What the handler receives (after validation). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

type Group<C extends string> = C extends `${infer G}.${string}` ? G : never;
type Method<C extends string, G extends string> = C extends `${G}.${infer M}` ? M : never;

/** window.hcnproxy: one async function per channel, grouped by prefix (api.policies.add(...)). */
export type RendererApi = {
  [G in Group<Channel>]: {
    [C in Channel as Method<C, G>]: (input: WindowInput<C>) => Promise<Result<Output<C>>>;
  };
};
