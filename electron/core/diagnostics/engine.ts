import { parseSid } from '../policy/validate';
import type { DiagnosticsReport, Finding } from '../views';
import { endpointFacts } from './facts';
import { byDesign } from './by-design';
import { KNOWN_PROXY_SIDS, noUserSid, unknownUserSid } from './rules/identity';
import { readBackMismatch, removedElsewhere } from './rules/journal';
import { hnsTooOld } from './rules/node';
import {
  invalidPort,
  noProxyPort,
  oneDirection,
  portCollision,
  portInExceptions,
  portInFilter,
  swappedPorts,
} from './rules/ports';
import {
  alteredMeshPolicy,
  ambiguousPriority,
  duplicateConfiguration,
  incompleteMesh,
  multipleProxies,
  unattached,
} from './rules/structure';
import { ipv6, legacyPort, nonTcp, unknownFields, untrimmedValue } from './rules/support';
import type { DiagnoseInput, EndpointRule, NodeRule, RuleContext } from './types';

export const ENDPOINT_RULES: readonly EndpointRule[] = [
  noUserSid,
  unknownUserSid,
  noProxyPort,
  invalidPort,
  oneDirection,
  portInExceptions,
  portInFilter,
  portCollision,
  swappedPorts,
  ipv6,
  nonTcp,
  legacyPort,
  unknownFields,
  untrimmedValue,
  multipleProxies,
  duplicateConfiguration,
  alteredMeshPolicy,
  incompleteMesh,
  ambiguousPriority,
  unattached,
  readBackMismatch,
  removedElsewhere,
];
export const NODE_RULES: readonly NodeRule[] = [hnsTooOld];

const RANK = { error: 0, warning: 1, info: 2 } as const;

function context(input: DiagnoseInput): RuleContext {
  const extra = (input.knownProxySids ?? [])
    .map((s) => parseSid(s, 'sid', []))
    .filter((s): s is string => !!s);
  return { input, knownProxySids: new Set([...KNOWN_PROXY_SIDS, ...extra]) };
}

/** Pure: same input, same findings, in a stable order (severity, endpoint, policy, rule). */
export function diagnose(input: DiagnoseInput, onlyEndpointId?: string): Finding[] {
  const ctx = context(input);
  const all = endpointFacts(input);
  // Both canonical: facts read ids with endpointId(), callers pass the contract's EndpointIdSchema.
  const eps = onlyEndpointId ? all.filter((e) => e.id === onlyEndpointId) : all;
  const findings: Finding[] = [];
  for (const rule of NODE_RULES) findings.push(...rule.check(ctx, all));
  for (const ep of eps) {
    for (const rule of ENDPOINT_RULES) findings.push(...rule.check(ep, ctx).map((f) => byDesign(f, ep)));
  }
  const order = new Map(all.map((e, i) => [e.id, i]));
  return findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (order.get(a.endpointId ?? '') ?? -1) - (order.get(b.endpointId ?? '') ?? -1) ||
      (a.policyIndex ?? -1) - (b.policyIndex ?? -1) ||
      a.id.localeCompare(b.id),
  );
}

export function toReport(findings: Finding[], endpointsChecked: number): DiagnosticsReport {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { findings, counts, endpointsChecked };
}
