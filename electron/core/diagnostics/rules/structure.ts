import { addressListsOverlap, portListsOverlap, portSetsOverlap, toPort } from '../../flow/match';
import { compareWeight } from '../../flow/weight';
import { describeGroup, type PolicyGroup } from '../../mesh/match';
import { policyFinding } from '../finding';
import { describeDifferences } from '../policy-diff';
import type { ProxySettingsRaw } from '../proxy-settings';
import type { EndpointRule } from '../types';

// Rules about the endpoint's policies taken together. They reason about configurations, not raw
// policy counts: a mesh that writes several policies to one proxy (Istio ambient's HBONE and
// plaintext pair) is one configuration (electron/core/mesh/match.ts groups them).

export const multipleProxies: EndpointRule = {
  id: 'endpoint.multiple-proxies',
  title: 'Policies for more than one proxy on an endpoint (one proxy per pod).',
  check(ep) {
    if (ep.groups.length < 2) return [];
    const names = ep.groups.map((g) => describeGroup(g, ep.proxies));
    return [
      policyFinding(
        this.id,
        'error',
        ep,
        undefined,
        `Endpoint ${ep.name || ep.id} carries L4WFPPROXY policies for ${ep.groups.length} different proxies: ${names.join('; ')}. HNS supports one proxy per pod, so which one wins is not defined.`,
        `Keep one proxy’s policies. Two meshes or CNIs both configured this pod. Remove one mesh’s whole set with \`clear ${ep.id} --owner <profile>\` (${ownerChoices(ep.groups)}; GUI: Clear → remove only that owner’s policies), or one unrecognised policy with \`remove ${ep.id} <n>\`.`,
        {
          count: ep.proxies.length,
          proxies: names,
          policies: ep.proxies.map((p) => p.raw),
        },
      ),
    ];
  },
};

/** "istio-ambient-windows (Istio ambient …)" for each recognised set on the endpoint. */
function ownerChoices(groups: PolicyGroup[]): string {
  const ids = groups.filter((g) => g.profile).map((g) => `${g.profile?.id} = ${g.profile?.owner}`);
  return ids.length ? `profiles here: ${ids.join('; ')}` : 'profile ids in docs/mesh-profiles.md';
}

export const duplicateConfiguration: EndpointRule = {
  id: 'endpoint.duplicate-configuration',
  title: 'The same proxy configuration applied twice (a writer ran again and appended).',
  check(ep) {
    return ep.groups
      .filter((g) => g.duplicates.length > 0)
      .map((g) => {
        // Each repeat against the earlier policy filling the same role in the set.
        const pairs = g.duplicates.map((d) => {
          const role = g.templates.get(d);
          const first = g.indexes.find(
            (i) => i < d && !g.duplicates.includes(i) && (!role || g.templates.get(i) === role),
          );
          const a = ep.proxies.find((p) => p.index === first);
          const b = ep.proxies.find((p) => p.index === d);
          return a && b
            ? describeDifferences(a, b, role?.name)
            : { text: `#${d} repeats an earlier policy`, differs: [] };
        });
        return policyFinding(
          this.id,
          'error',
          ep,
          ep.proxies.find((p) => p.index === g.duplicates[0]),
          `${describeGroup(g, ep.proxies)}: ${pairs.map((x) => x.text).join('; ')}. HNS holds two redirects for the same traffic and which one applies is not defined.`,
          `Remove the repeated ${g.duplicates.length === 1 ? 'policy' : 'policies'} with \`remove ${ep.id} <n>\` (${g.duplicates.map((i) => `#${i}`).join(', ')}), or clear the set${g.profile ? ` (\`clear ${ep.id} --owner ${g.profile.id}\`)` : ''} and let the writer re-apply it once. Usually a CNI or node agent ran twice${g.profile?.id === 'istio-ambient-windows' ? ' (Istio’s count check re-applies its set when DNS capture is switched on or off for an enrolled pod)' : ''}.`,
          {
            duplicates: g.duplicates,
            owner: g.profile?.owner ?? null,
            differences: pairs.map((x) => x.differs),
          },
        );
      });
  },
};

export const alteredMeshPolicy: EndpointRule = {
  id: 'endpoint.altered-mesh-policy',
  title:
    'A policy counted in a writer’s set although one identifying field differs from what the writer writes.',
  check(ep) {
    return ep.groups.flatMap((g) =>
      [...g.altered].map(([index, d]) => {
        const role = g.templates.get(index);
        return policyFinding(
          this.id,
          'warning',
          ep,
          ep.proxies.find((p) => p.index === index),
          `Proxy policy #${index} is counted as ${g.profile?.owner}’s ${role?.name ?? ''} policy: it completes that set and feeds the same proxy, but its ${d.field} is ${d.actual === null ? 'missing' : `"${d.actual}"`} where the writer writes ${d.expected}. Reported as one changed field, not as a second proxy.`,
          `Put the field back: remove this policy (\`remove ${ep.id} ${index} --force\`) and let ${g.profile?.owner} re-apply its set (restart the pod or the node agent), or restore it from the journal if a change here altered it.`,
          {
            owner: g.profile?.owner ?? null,
            profile: g.profile?.id ?? null,
            template: role?.name ?? null,
            ...d,
          },
        );
      }),
    );
  },
};

export const incompleteMesh: EndpointRule = {
  id: 'endpoint.incomplete-mesh',
  title: 'Part of a known writer’s policy set is missing (a half-configured pod).',
  check(ep) {
    return ep.groups
      .filter((g) => g.profile && g.missing.length > 0)
      .map((g) =>
        policyFinding(
          this.id,
          'warning',
          ep,
          undefined,
          `${describeGroup(g, ep.proxies)} is missing its ${g.missing.map((t) => `${t.name} policy (inbound ${t.inbound ?? '-'}, outbound ${t.outbound ?? '-'})`).join(' and ')}: ${g.profile?.owner} writes them together, so part of the pod’s traffic bypasses the proxy.`,
          `Let ${g.profile?.owner} re-apply its policies (restart the pod or the node agent), or restore them from the journal (\`restore <journal-id>\`) if this app removed them. To drop the rest of the set instead: \`clear ${ep.id} --owner ${g.profile?.id}\`.`,
          { owner: g.profile?.owner ?? null, missing: g.missing.map((t) => t.name) },
        ),
      );
  },
};

type Direction = 'inbound' | 'outbound';

/**
 * Can one connection in this direction match both policies? FilterTuple is endpoint-relative
 * (Local* = the pod's side, Remote* = the peer); the destination port is the local port inbound
 * and the remote port outbound, minus that direction's port exceptions (docs/flow-semantics.md).
 */
function overlapIn(a: ProxySettingsRaw, b: ProxySettingsRaw, d: Direction): boolean {
  const ex = (p: ProxySettingsRaw) => (d === 'inbound' ? p.inboundExceptions : p.outboundExceptions).ports;
  const dst = (p: ProxySettingsRaw) => (d === 'inbound' ? p.localPorts : p.remotePorts);
  const src = (p: ProxySettingsRaw) => (d === 'inbound' ? p.remotePorts : p.localPorts);
  return (
    addressListsOverlap(a.localAddresses, b.localAddresses) &&
    addressListsOverlap(a.remoteAddresses, b.remoteAddresses) &&
    portListsOverlap(src(a), src(b)) &&
    portSetsOverlap(dst(a), dst(b), [...ex(a), ...ex(b)])
  );
}

function target(p: ProxySettingsRaw, d: Direction): number | undefined {
  return toPort(d === 'inbound' ? p.inboundProxyPort : p.outboundProxyPort);
}

export const ambiguousPriority: EndpointRule = {
  id: 'proxy.ambiguous-priority',
  title: 'Two policies of equal priority and specificity send the same connection to different ports.',
  check(ep) {
    const out = [];
    for (let i = 0; i < ep.proxies.length; i++) {
      for (let j = i + 1; j < ep.proxies.length; j++) {
        const a = ep.proxies[i] as ProxySettingsRaw;
        const b = ep.proxies[j] as ProxySettingsRaw;
        // The explainer's rule: where it can pick a winner there is nothing ambiguous.
        if (compareWeight(a, b) !== 0) continue;
        const dirs = (['inbound', 'outbound'] as const).filter((d) => {
          const ta = target(a, d);
          const tb = target(b, d);
          return ta !== undefined && tb !== undefined && ta !== tb && overlapIn(a, b, d);
        });
        if (dirs.length === 0) continue;
        out.push(
          policyFinding(
            this.id,
            'warning',
            ep,
            b,
            `Proxy policies #${a.index} and #${b.index} have the same priority (${a.priority ?? 'unset'}) and equally specific filters, and both match some ${dirs.join(' and ')} connections but redirect them to different ports (${dirs.map((d) => `${target(a, d)} vs ${target(b, d)}`).join('; ')}): WFP may apply either one.`,
            'Give them different priorities (this app assumes higher wins: the WFP filter weight), make their filters disjoint (or except the other’s ports), or keep only one.',
            { policyIndexes: [a.index, b.index], priority: a.priority ?? null, directions: dirs },
          ),
        );
      }
    }
    return out;
  },
};

export const unattached: EndpointRule = {
  id: 'endpoint.unattached',
  title: 'A proxy policy on an endpoint attached to no namespace or container.',
  check(ep) {
    if (ep.proxies.length === 0 || ep.namespaceId || ep.containerIds.length > 0) return [];
    return [
      policyFinding(
        this.id,
        'warning',
        ep,
        undefined,
        `Endpoint ${ep.name || ep.id} has ${ep.proxies.length} proxy polic${ep.proxies.length === 1 ? 'y' : 'ies'} but is attached to no namespace or container: nothing sends traffic through it (HNS accepts the policy anyway).`,
        `If the pod is gone this is a leftover: \`clear ${ep.id}\` (add --include-foreign, or --owner <profile>, for policies a mesh wrote: clear keeps those otherwise). Otherwise check that the CNI attached the endpoint to the pod’s namespace.`,
        { namespaceId: null, containerIds: [] },
      ),
    ];
  },
};
