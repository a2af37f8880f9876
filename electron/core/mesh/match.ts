import { jsonEqual } from '../../../native/hns-json';
import type { ProxySettingsRaw } from '../diagnostics/proxy-settings';
import { toPort } from '../flow/match';
import { MESH_PROFILES, type MeshProfile, type PolicyTemplate } from './profiles';

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
  /** Indexes that repeat a policy already in the group (the same writer ran twice). */
  duplicates: number[];
  /** Required templates of the profile with no policy on the endpoint (a half-applied set). */
  missing: PolicyTemplate[];
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, '');

function fits(p: ProxySettingsRaw, t: PolicyTemplate): boolean {
  if (norm(p.protocols ?? '6') !== (t.protocols ?? '6')) return false;
  if (t.legacyPort) {
    return p.legacyPort !== undefined && !p.inboundProxyPort && !p.outboundProxyPort;
  }
  if (p.legacyPort !== undefined) return false;
  const portIs = (raw: string | undefined, want: number | null) =>
    want === null ? raw === undefined : toPort(raw) === want;
  if (!portIs(p.inboundProxyPort, t.inbound) || !portIs(p.outboundProxyPort, t.outbound)) return false;
  if (norm(p.remotePorts.join(',')) !== norm(t.remotePorts)) return false;
  if (t.remoteAddresses !== undefined && norm(p.remoteAddresses.join(',')) !== norm(t.remoteAddresses))
    return false;
  if (t.userSid !== undefined && (p.userSid ?? '').toUpperCase() !== t.userSid) return false;
  const inEx = new Set(p.inboundExceptions.ports.map((x) => String(toPort(x) ?? x)));
  return (t.inboundPortExceptions ?? []).every((x) => inEx.has(x));
}

/** The profile and template a single policy fits, first in table order. */
export function profileOf(
  p: ProxySettingsRaw,
): { profile: MeshProfile; template: PolicyTemplate } | undefined {
  for (const profile of MESH_PROFILES) {
    const template = profile.policies.find((t) => fits(p, t));
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
    return { indexes: members.map((m) => m.index), templates: new Map(), duplicates, missing: [] };
  });
}

/** Every configuration on one endpoint, ordered by its first policy. */
export function groupPolicies(policies: ProxySettingsRaw[]): PolicyGroup[] {
  const byProfile = new Map<string, PolicyGroup>();
  const rest: ProxySettingsRaw[] = [];
  for (const p of policies) {
    const hit = profileOf(p);
    if (!hit) {
      rest.push(p);
      continue;
    }
    let g = byProfile.get(hit.profile.id);
    if (!g) {
      g = { profile: hit.profile, indexes: [], templates: new Map(), duplicates: [], missing: [] };
      byProfile.set(hit.profile.id, g);
    }
    // A template filled twice means the writer's set was applied twice.
    if ([...g.templates.values()].includes(hit.template)) g.duplicates.push(p.index);
    g.indexes.push(p.index);
    g.templates.set(p.index, hit.template);
  }
  for (const g of byProfile.values()) {
    const present = new Set(g.templates.values());
    g.missing = (g.profile?.policies ?? []).filter((t) => !t.optional && !present.has(t));
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
