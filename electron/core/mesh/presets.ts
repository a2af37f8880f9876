import type { ProxyPolicy } from '../policy/model';
import { MESH_PROFILES, setsOf, type MeshProfile, type PolicyTemplate } from './profiles';

// The add-policy form's "Start from" choices, read from the profile table (one source of mesh
// knowledge): every configuration a known writer produces — each of a profile's sets, so Istio
// ambient offers its pair and its pair with DNS capture — as the policies to send, in order.
// A set with a policy this app cannot write stays listed, with the reason, so nobody wonders where
// it went: UDP (Istio's DNS capture; the app writes TCP policies, the only protocol the HNS L4 proxy
// is documented for) and the removed Port field (hcnproxyctrl's 2019 schema).

export interface MeshPreset {
  /** "istio-ambient-windows", or "<profile id>:<set name>" for a profile with several sets. */
  id: string;
  /** The owner as the GUI shows it, with the set's name when the profile has several. */
  label: string;
  /** Each policy as the form starts from it, named as the writer names it, in the writer's order. */
  policies: { name: string; policy: Partial<ProxyPolicy> }[];
  /** One line: the policies' ports and fixed values, and whether they were read in the writer's code. */
  description: string;
  /** Set when this app cannot write the configuration: why. */
  unavailable?: string;
}

const list = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** A template's fixed fields as a policy; what the writer takes from its config stays empty. */
export function templatePolicy(t: PolicyTemplate): Partial<ProxyPolicy> {
  return {
    ...(t.inbound !== null ? { inboundProxyPort: t.inbound } : {}),
    ...(t.outbound !== null ? { outboundProxyPort: t.outbound } : {}),
    ...(t.userSid ? { userSid: t.userSid } : {}),
    remotePorts: list(t.remotePorts),
    remoteAddresses: list(t.remoteAddresses),
    inboundExceptions: { ipAddresses: [], ports: (t.inboundPortExceptions ?? []).map(Number) },
    outboundExceptions: { ipAddresses: [], ports: [] },
  };
}

function templateText(t: PolicyTemplate): string {
  const parts = [
    t.inbound !== null ? `in ${t.inbound}` : undefined,
    t.outbound !== null ? `out ${t.outbound}` : undefined,
    t.protocols && t.protocols !== '6' ? `protocol ${t.protocols}` : undefined,
    t.remotePorts ? `remote ports ${t.remotePorts}` : undefined,
    t.remoteAddresses ? `remote ${t.remoteAddresses}` : undefined,
    t.userSid ? `SID ${t.userSid}` : undefined,
    t.inboundPortExceptions?.length
      ? `inbound port exceptions ${t.inboundPortExceptions.join(', ')}`
      : undefined,
  ].filter(Boolean);
  return `${t.name}: ${parts.join(', ') || 'legacy Port'}`;
}

function unavailable(ts: PolicyTemplate[]): string | undefined {
  const udp = ts.find((t) => t.protocols && t.protocols !== '6');
  if (udp)
    return `${udp.name} is protocol ${udp.protocols}; this app writes TCP proxy policies only (the protocol the HNS L4 proxy is documented for).`;
  const legacy = ts.find((t) => t.legacyPort);
  if (legacy)
    return `${legacy.name} uses the removed Port field; this app writes InboundProxyPort/OutboundProxyPort.`;
  return undefined;
}

function presetsOf(p: MeshProfile): MeshPreset[] {
  const sets = setsOf(p);
  return sets.map((s) => {
    const why = unavailable(s.policies);
    return {
      id: sets.length > 1 ? `${p.id}:${s.name}` : p.id,
      label: sets.length > 1 ? `${p.owner}: ${s.name}` : p.owner,
      policies: s.policies.map((t) => ({ name: t.name, policy: templatePolicy(t) })),
      description: [
        s.policies.map(templateText).join('; '),
        p.basis === 'inferred' ? ' (inferred from the mesh’s Linux defaults)' : '',
        s.policies.some((t) => !t.userSid)
          ? '; SID: the proxy’s identity (the writer reads it from its config)'
          : '',
      ].join(''),
      ...(why ? { unavailable: why } : {}),
    };
  });
}

export const MESH_PRESETS: readonly MeshPreset[] = MESH_PROFILES.flatMap(presetsOf);
