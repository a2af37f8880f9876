import { z } from 'zod';
import { AppErrorSchema, FieldIssueSchema } from '../base/app-error';
import { ProxyPolicySchema } from './policy/schema';

// What services hand to the GUI and CLI. The IPC contract uses these as output schemas.

const JsonValue: z.ZodType<unknown> = z.unknown();

export const EndpointSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  networkId: z.string(),
  networkName: z.string(),
  ipAddresses: z.array(z.string()),
  macAddress: z.string(),
  namespaceId: z.string(),
  containerIds: z.array(z.string()),
  /** The Kubernetes pod (`namespace/name`) holding the endpoint's namespace, when the CRI names one. */
  pod: z.string().optional(),
  proxyPolicyCount: z.number().int(),
  otherPolicyTypes: z.array(z.string()),
  isRemote: z.boolean(),
});
export type EndpointSummary = z.infer<typeof EndpointSummarySchema>;

export const PolicyFlagSchema = z.enum(['legacy-port', 'unknown-fields', 'unparseable', 'foreign-owner']);

/** One L4WFPPROXY policy as HNS holds it: parsed where we can, the raw object always kept. */
export const ProxyPolicyViewSchema = z.object({
  /** Position among the endpoint's L4WFPPROXY policies (0-based), as `remove <ep> <n>` uses it. */
  index: z.number().int(),
  policy: ProxyPolicySchema.nullable(),
  /** Exactly what HNS returned (Type + Settings); Remove sends this back untouched. */
  raw: JsonValue,
  legacyPort: z.string().optional(),
  unknownFields: z.array(z.string()),
  flags: z.array(PolicyFlagSchema),
  owner: z.string().optional(),
  /** Why `policy` is null (flag 'unparseable'): the validation issues of what HNS holds. */
  issues: z.array(FieldIssueSchema).optional(),
});
export type ProxyPolicyView = z.infer<typeof ProxyPolicyViewSchema>;

export const OtherPolicySchema = z.object({ type: z.string(), settings: JsonValue });

export const EndpointDetailSchema = z.object({
  summary: EndpointSummarySchema,
  proxyPolicies: z.array(ProxyPolicyViewSchema),
  otherPolicies: z.array(OtherPolicySchema),
  raw: JsonValue,
});
export type EndpointDetail = z.infer<typeof EndpointDetailSchema>;

export const ReadBackSchema = z.enum(['confirmed', 'mismatch', 'skipped']);

export const ChangeResultSchema = z.object({
  endpointId: z.string(),
  operation: z.enum(['add', 'remove', 'clear', 'restore']),
  journalId: z.string().optional(),
  /** Raw policies removed (for clear/remove) or added. */
  policies: z.array(JsonValue),
  count: z.number().int(),
  readBack: ReadBackSchema,
  /** "HNS accepted the change but the endpoint does not show it" (hcsshim#2571), and similar. */
  warnings: z.array(z.string()),
  detail: EndpointDetailSchema.optional(),
  /** False for a what-if: a snapshot opened in the window, or a --state file without --persist. */
  saved: z.boolean(),
});
export type ChangeResult = z.infer<typeof ChangeResultSchema>;

export const BulkOutcomeSchema = z.object({
  endpointId: z.string(),
  ok: z.boolean(),
  result: ChangeResultSchema.optional(),
  error: AppErrorSchema.optional(),
});
export const BulkResultSchema = z.object({
  outcomes: z.array(BulkOutcomeSchema),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type BulkResult = z.infer<typeof BulkResultSchema>;

/**
 * A policy set on one endpoint (services/policy-set.ts): every policy added (`results`), or none —
 * `failedPolicy` (its index in the set) failed with `error`, and `rolledBack` lists the removals
 * of those already added; `rollbackError` when one of those removals failed too.
 */
export const SetOutcomeSchema = z.object({
  endpointId: z.string(),
  ok: z.boolean(),
  results: z.array(ChangeResultSchema),
  failedPolicy: z.number().int().optional(),
  error: AppErrorSchema.optional(),
  rolledBack: z.array(ChangeResultSchema).optional(),
  rollbackError: AppErrorSchema.optional(),
});
export const SetApplyResultSchema = z.object({
  outcomes: z.array(SetOutcomeSchema),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type SetApplyResult = z.infer<typeof SetApplyResultSchema>;

/**
 * Who asked for a change made through the node's agent, as the client said in its handshake
 * (agent.identify): a claim, not a proof (`claimed: true`). The account the agent ran as is `user`.
 */
export const RequestedBySchema = z.object({
  user: z.string(),
  host: z.string(),
  app: z.string().optional(),
  claimed: z.literal(true),
});
export type RequestedBy = z.infer<typeof RequestedBySchema>;

export const JournalEntrySchema = z.object({
  id: z.string(),
  time: z.string(),
  user: z.string(),
  machine: z.string(),
  endpointId: z.string(),
  operation: z.enum(['add', 'remove', 'clear', 'restore']),
  before: z.array(JsonValue),
  after: z.array(JsonValue),
  /** Policies this entry added or removed (for remove/clear: what restore re-adds). */
  policies: z.array(JsonValue),
  outcome: z.enum(['ok', 'failed', 'mismatch']),
  error: z.string().optional(),
  restoredBy: z.string().optional(),
  restores: z.string().optional(),
  /** Set when the change was made although the HNS version could not be read (who allowed it, why). */
  versionUnverified: z.string().optional(),
  /** Set when the change was made to a state file (CLI --state FILE --persist), not to HNS: the file's
   * absolute path. Restore acts on that file only, and the live node's ownership never counts it. */
  stateFile: z.string().optional(),
  /** Set when the change came through the agent protocol: who the client said it was. */
  requestedBy: RequestedBySchema.optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const HnsInfoSchema = z.object({
  /** windows, simulated, snapshot, or the name a source checkout registered a backend under. */
  backend: z.string().max(64),
  backendLabel: z.string(),
  snapshotFile: z.string().optional(),
  version: z.object({ major: z.number(), minor: z.number() }).nullable(),
  versionError: z.string().optional(),
  /** Where `version` came from when it is not the host's or the file's reading ("inferred from the snapshot: …"). */
  versionNote: z.string().optional(),
  l4WfpProxySupported: z.boolean(),
  elevated: z.boolean(),
  readOnly: z.boolean(),
  readOnlyReason: z.string().optional(),
  appVersion: z.string(),
  platform: z.string(),
});
export type HnsInfo = z.infer<typeof HnsInfoSchema>;

export const ContainerMatchSchema = z.object({
  containerId: z.string(),
  endpointId: z.string(),
  endpointName: z.string(),
  source: z.enum(['cri', 'docker', 'hns']),
  namespaceId: z.string().optional(),
  /** The pod (`namespace/name`) when the lookup named one; containerId is then its sandbox id. */
  pod: z.string().optional(),
});
export const LookupResultSchema = z.object({
  matches: z.array(ContainerMatchSchema),
  notes: z.array(z.string()),
});
export type LookupResult = z.infer<typeof LookupResultSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export const FindingSchema = z.object({
  id: z.string(),
  severity: SeveritySchema,
  endpointId: z.string().optional(),
  policyIndex: z.number().int().optional(),
  message: z.string(),
  fix: z.string(),
  evidence: z.record(z.string(), JsonValue),
});
export type Finding = z.infer<typeof FindingSchema>;

export const DiagnosticsReportSchema = z.object({
  findings: z.array(FindingSchema),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  endpointsChecked: z.number().int(),
});
export type DiagnosticsReport = z.infer<typeof DiagnosticsReportSchema>;

export const FlowSchema = z.object({
  direction: z.enum(['inbound', 'outbound']),
  protocol: z.string().default('tcp'),
  localIp: z.string(),
  localPort: z.number().int().min(1).max(65535),
  remoteIp: z.string(),
  remotePort: z.number().int().min(1).max(65535),
  sid: z.string().optional(),
  /** Group SIDs in the process token (UserSID also matches a group, as S-1-5-32-556 is used). */
  groups: z.array(z.string()).max(64).optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const FlowStepSchema = z.object({
  policyIndex: z.number().int().optional(),
  check: z.string(),
  passed: z.boolean(),
  detail: z.string(),
});
export const FlowExplanationSchema = z.object({
  redirected: z.boolean(),
  proxyPort: z.number().int().optional(),
  policyIndex: z.number().int().optional(),
  summary: z.string(),
  steps: z.array(FlowStepSchema),
  inferred: z.array(z.string()),
});
export type FlowExplanation = z.infer<typeof FlowExplanationSchema>;

export const PolicyTemplateSchema = z.object({
  name: z.string().min(1).max(80),
  policy: ProxyPolicySchema,
});
export const SettingsSchema = z.object({
  autoRefreshSeconds: z.number().int().min(0).max(3600),
  templates: z.array(PolicyTemplateSchema).max(100),
  journalPath: z.string().max(1024),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SnapshotExportSchema = z.object({
  fileName: z.string(),
  content: z.string(),
  endpointCount: z.number().int(),
});
export const SnapshotOpenResultSchema = z.object({
  fileName: z.string(),
  format: z.string(),
  endpointCount: z.number().int(),
  warnings: z.array(z.string()),
  editable: z.boolean(),
  /** The HNS version the opened snapshot is treated as (null: unknown), and where it came from. */
  hnsVersion: z.object({ major: z.number(), minor: z.number() }).nullable().optional(),
  versionNote: z.string().optional(),
});

export const HnsEventSchema = z.object({
  time: z.string(),
  id: z.number(),
  level: z.string(),
  log: z.string(),
  provider: z.string(),
  message: z.string(),
});
export const HnsEventsResultSchema = z.object({
  available: z.boolean(),
  reason: z.string().optional(),
  events: z.array(HnsEventSchema),
});
export type HnsEventsResult = z.infer<typeof HnsEventsResultSchema>;
