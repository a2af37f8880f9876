import { jsonEqual } from '../../../native/hns-json';
import type { ProxySettingsRaw } from '../diagnostics/proxy-settings';
import { toPort } from '../flow/match';
import { MESH_PROFILES, setsOf, type MeshProfile, type PolicyTemplate } from './profiles';

// Groups an endpoint's L4WFPPROXY policies into configurations: each recognised writer's policy set
// is one configuration (Istio ambient's HBONE + plaintext pair is one proxy, not two); policies no
// profile fits are grouped by the proxy they feed (a shared proxy port and UserSID). Diagnostics
// and ownership both read this one grouping.

export interface PolicyGroup {
  /** The recognised writer, or undefined for policies no profile fits. */
  profile?: MeshProfile;
  /** Policy indexes (as `remove <ep> <n>` counts them) in this configuration. */
  indexes: number[];
  /** For a recognised writer: the template each policy fits. */
  templates: Map<number, PolicyTemplate>;
  /**
   * Policies counted in the writer's set although one identifying field differs from what the
   * writer writes (a field lost or changed after the fact): the set they complete and the proxy
   * port they share say whose they are, so the field is reported, not a second mesh.
   */
  altered: Map<number, FieldDiff>;
  /** Indexes that repeat a policy already in the group (the same writer ran twice). */
  duplicates: number[];
  /** Required templates of the profile with no policy on the endpoint (a half-applied set). */
  missing: PolicyTemplate[];
}

/** One identifying field of a policy that is not what the writer's template says. */
export interface FieldDiff {
  field: string;
  /** What the writer writes ("S-1-5-18", "15006"); "(none)" when it leaves the field out. */
  expected: string;
  /** What the policy holds; null when the field is missing. */
  actual: string | null;
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, '');

/** Every identifying field in which the policy differs from the template; [] = it fits. */
export function diffTemplate(p: ProxySettingsRaw, t: PolicyTemplate): FieldDiff[] {
  const out: FieldDiff[] = [];
  const protocols = norm(p.protocols ?? '6');
  if (protocols !== (t.protocols ?? '6'))
    out.push({ field: 'FilterTuple.Protocols', expected: t.protocols ?? '6', actual: p.protocols ?? null });
  if (t.legacyPort) {
    if (p.legacyPort === undefined || p.inboundProxyPort || p.outboundProxyPort)
      out.push({ field: 'Port', expected: 'Port only', actual: p.legacyPort ?? null });
    return out;
  }
  if (p.legacyPort !== undefined) out.push({ field: 'Port', expected: '(none)', actual: p.legacyPort });
  const port = (field: string, raw: string | undefined, want: number | null) => {
    const ok = want === null ? raw === undefined : toPort(raw) === want;
    if (!ok) out.push({ field, expected: want === null ? '(none)' : String(want), actual: raw ?? null });
  };
  port('InboundProxyPort', p.inboundProxyPort, t.inbound);
  port('OutboundProxyPort', p.outboundProxyPort, t.outbound);
  if (norm(p.remotePorts.join(',')) !== norm(t.remotePorts))
    out.push({
      field: 'FilterTuple.RemotePorts',
      expected: t.remotePorts ?? '(none)',
      actual: p.remotePorts.length ? p.remotePorts.join(',') : null,
    });
  if (t.remoteAddresses !== undefined && norm(p.remoteAddresses.join(',')) !== norm(t.remoteAddresses))
    out.push({
      field: 'FilterTuple.RemoteAddresses',
      expected: t.remoteAddresses,
      actual: p.remoteAddresses.length ? p.remoteAddresses.join(',') : null,
    });
  if (t.userSid !== undefined && (p.userSid ?? '').toUpperCase() !== t.userSid)
    out.push({ field: 'UserSID', expected: t.userSid, actual: p.userSid ?? null });
  const inEx = new Set(p.inboundExceptions.ports.map((x) => String(toPort(x) ?? x)));
  const lacking = (t.inboundPortExceptions ?? []).filter((x) => !inEx.has(x));
  if (lacking.length)
    out.push({
      field: 'InboundExceptions.PortExceptions',
      expected: `includes ${lacking.join(', ')}`,
      actual: p.inboundExceptions.ports.length ? p.inboundExceptions.ports.join(',') : null,
    });
  return out;
}

/**
 * One field off, and still feeding the template's proxy (a proxy port in common): the writer's
 * policy with that field broken. The removed-Port shape identifies too little to be tolerant about.
 */
function nearFit(p: ProxySettingsRaw, t: PolicyTemplate): FieldDiff | undefined {
  if (t.legacyPort) return undefined;
  const d = diffTemplate(p, t);
  if (d.length !== 1) return undefined;
  const shares =
    (t.inbound !== null && toPort(p.inboundProxyPort) === t.inbound) ||
    (t.outbound !== null && toPort(p.outboundProxyPort) === t.outbound);
  return shares ? d[0] : undefined;
}

/** The profile and template a single policy fits, first in table order. */
export function profileOf(
  p: ProxySettingsRaw,
): { profile: MeshProfile; template: PolicyTemplate } | undefined {
  for (const profile of MESH_PROFILES) {
    const template = profile.policies.find((t) => diffTemplate(p, t).length === 0);
    if (template) return { profile, template };
  }
  return undefined;
}

function sameSettings(a: ProxySettingsRaw, b: ProxySettingsRaw): boolean {
  const settings = (x: ProxySettingsRaw) => {
    const raw = x.raw as Record<string, unknown>;
    return raw && typeof raw === 'object' && 'Settings' in raw ? raw.Settings : raw;
  };
  return jsonEqual(settings(a), settings(b));
}

/** Union of unrecognised policies that share a proxy port and a UserSID: they feed one proxy. */
function groupUnrecognised(policies: ProxySettingsRaw[]): PolicyGroup[] {
  const groups: { members: ProxySettingsRaw[] }[] = [];
  const portsOf = (p: ProxySettingsRaw) =>
    [p.inboundProxyPort, p.outboundProxyPort, p.legacyPort]
      .map((x) => toPort(x))
      .filter((x): x is number => x !== undefined);
  for (const p of policies) {
    const ports = portsOf(p);
    const joined = groups.filter((g) =>
      g.members.some(
        (m) =>
          (m.userSid ?? '').toUpperCase() === (p.userSid ?? '').toUpperCase() &&
          portsOf(m).some((x) => ports.includes(x)),
      ),
    );
    const merged = { members: [...joined.flatMap((g) => g.members), p] };
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => {
    const members = [...g.members].sort((a, b) => a.index - b.index);
    const duplicates = members
      .filter((m, i) => members.slice(0, i).some((o) => sameSettings(o, m)))
      .map((m) => m.index);
    return { ...emptyGroup(), indexes: members.map((m) => m.index), duplicates };
  });
}

function emptyGroup(profile?: MeshProfile): PolicyGroup {
  return { profile, indexes: [], templates: new Map(), altered: new Map(), duplicates: [], missing: [] };
}

/** Every configuration on one endpoint, ordered by its first policy. */
export function groupPolicies(policies: ProxySettingsRaw[]): PolicyGroup[] {
  const byProfile = new Map<string, PolicyGroup>();
  const hits = new Map<number, { profile: MeshProfile; template: PolicyTemplate }>();
  for (const p of policies) {
    const hit = profileOf(p);
    if (hit) hits.set(p.index, hit);
  }
  // Sets, not single policies: a policy that alone would be another writer's whole configuration
  // (or nobody's) but is one field away from a policy a present set lacks joins that set.
  const present = (id: string) =>
    [...hits.values()].filter((h) => h.profile.id === id).map((h) => h.template);
  const alone = (p: ProxySettingsRaw) => {
    const h = hits.get(p.index);
    return !h || [...hits.values()].filter((o) => o.profile.id === h.profile.id).length === 1;
  };
  const altered = new Map<number, FieldDiff>();
  for (const profile of MESH_PROFILES) {
    if (present(profile.id).length === 0) continue;
    for (const t of profile.policies) {
      if (present(profile.id).includes(t)) continue;
      const p = policies.find(
        (q) => hits.get(q.index)?.profile.id !== profile.id && alone(q) && nearFit(q, t),
      );
      if (!p) continue;
      hits.set(p.index, { profile, template: t });
      altered.set(p.index, nearFit(p, t) as FieldDiff);
    }
  }
  const rest: ProxySettingsRaw[] = [];
  for (const p of policies) {
    const hit = hits.get(p.index);
    if (!hit) {
      rest.push(p);
      continue;
    }
    let g = byProfile.get(hit.profile.id);
    if (!g) {
      g = emptyGroup(hit.profile);
      byProfile.set(hit.profile.id, g);
    }
    // A template filled twice means the writer's set was applied twice.
    if ([...g.templates.values()].includes(hit.template)) g.duplicates.push(p.index);
    g.indexes.push(p.index);
    g.templates.set(p.index, hit.template);
    const diff = altered.get(p.index);
    if (diff) g.altered.set(p.index, diff);
  }
  for (const g of byProfile.values()) {
    const filled = new Set(g.templates.values());
    // The smallest configuration the writer applies that holds every role present: Istio's DNS
    // UDP policy without its TCP twin is the four-policy set with one missing.
    const set = g.profile && setsOf(g.profile).find((s) => [...filled].every((t) => s.policies.includes(t)));
    const expected = set?.policies ?? (g.profile?.policies ?? []).filter((t) => !t.optional);
    g.missing = expected.filter((t) => !filled.has(t));
  }
  return [...byProfile.values(), ...groupUnrecognised(rest)].sort(
    (a, b) => (a.indexes[0] ?? 0) - (b.indexes[0] ?? 0),
  );
}

/** "Istio ambient (…) (policies #0, #1)" or "a proxy on port 4143/4140 (policy #2)". */
export function describeGroup(g: PolicyGroup, policies: ProxySettingsRaw[]): string {
  const which = `${g.indexes.length === 1 ? 'policy' : 'policies'} ${g.indexes.map((i) => `#${i}`).join(', ')}`;
  if (g.profile) return `${g.profile.owner} (${which})`;
  const first = policies.find((p) => p.index === g.indexes[0]);
  const ports = [first?.inboundProxyPort, first?.outboundProxyPort, first?.legacyPort]
    .filter((x) => x !== undefined)
    .join('/');
  return `a proxy on port ${ports || '?'} (${which})`;
}
