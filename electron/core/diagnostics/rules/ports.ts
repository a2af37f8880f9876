import { getKey } from '../../../../native/hns-json';
import { portInSpecs, toPort } from '../../flow/match';
import { profileOf } from '../../mesh/match';
import { policyFinding, policyLabel } from '../finding';
import type { ProxySettingsRaw } from '../proxy-settings';
import type { EndpointRule } from '../types';

/** The proxy ports a policy really carries (valid numbers only), with their direction. */
export function proxyPorts(p: ProxySettingsRaw): { direction: 'inbound' | 'outbound'; port: number }[] {
  const out: { direction: 'inbound' | 'outbound'; port: number }[] = [];
  const i = toPort(p.inboundProxyPort);
  const o = toPort(p.outboundProxyPort);
  if (i !== undefined) out.push({ direction: 'inbound', port: i });
  if (o !== undefined) out.push({ direction: 'outbound', port: o });
  return out;
}

export const noProxyPort: EndpointRule = {
  id: 'proxy.no-proxy-port',
  title: 'A proxy policy with neither InboundProxyPort nor OutboundProxyPort redirects nothing.',
  check(ep) {
    return ep.proxies
      .filter((p) => !p.inboundProxyPort && !p.outboundProxyPort && !p.legacyPort)
      .map((p) =>
        policyFinding(
          this.id,
          'error',
          ep,
          p,
          `${policyLabel(p)} has no InboundProxyPort and no OutboundProxyPort: it redirects nothing.`,
          'Remove it and add a policy with the proxy’s inbound and outbound listener ports.',
          {},
        ),
      );
  },
};

export const invalidPort: EndpointRule = {
  id: 'proxy.invalid-port',
  title: 'A proxy port or port exception that is not a number between 1 and 65535.',
  check(ep) {
    return ep.proxies.flatMap((p) => {
      const bad: Record<string, string> = {};
      if (p.inboundProxyPort && toPort(p.inboundProxyPort) === undefined)
        bad.InboundProxyPort = p.inboundProxyPort;
      if (p.outboundProxyPort && toPort(p.outboundProxyPort) === undefined)
        bad.OutboundProxyPort = p.outboundProxyPort;
      p.inboundExceptions.ports
        .filter((x) => toPort(x) === undefined)
        .forEach((x) => (bad[`InboundExceptions:${x}`] = x));
      p.outboundExceptions.ports
        .filter((x) => toPort(x) === undefined)
        .forEach((x) => (bad[`OutboundExceptions:${x}`] = x));
      if (Object.keys(bad).length === 0) return [];
      return [
        policyFinding(
          this.id,
          'error',
          ep,
          p,
          `${policyLabel(p)} has invalid port values (${Object.values(bad).join(', ')}): HNS cannot program them as written.`,
          'Use whole numbers between 1 and 65535, written as strings ("15001").',
          { invalid: bad },
        ),
      ];
    });
  },
};

export const oneDirection: EndpointRule = {
  id: 'proxy.one-direction',
  title: 'Only one of InboundProxyPort / OutboundProxyPort is set.',
  check(ep) {
    return ep.proxies.flatMap((p) => {
      const hasIn = !!p.inboundProxyPort;
      const hasOut = !!p.outboundProxyPort;
      if (hasIn === hasOut) return [];
      const missing = hasIn ? 'outbound' : 'inbound';
      return [
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)} sets only the ${hasIn ? 'inbound' : 'outbound'} proxy port: ${missing} traffic of this pod bypasses the sidecar.`,
          `If the sidecar should see ${missing} traffic too, set ${hasIn ? 'OutboundProxyPort' : 'InboundProxyPort'} to its ${missing} listener port; if one direction is intended, ignore this.`,
          { inboundProxyPort: p.inboundProxyPort ?? null, outboundProxyPort: p.outboundProxyPort ?? null },
        ),
      ];
    });
  },
};

export const portInExceptions: EndpointRule = {
  id: 'proxy.port-in-exceptions',
  title: 'A proxy port is also listed as a port exception.',
  check(ep) {
    return ep.proxies.flatMap((p) => {
      const hits = proxyPorts(p).flatMap(({ direction, port }) =>
        (
          [
            ['InboundExceptions', p.inboundExceptions.ports],
            ['OutboundExceptions', p.outboundExceptions.ports],
          ] as const
        )
          .filter(([, ports]) => ports.some((x) => toPort(x) === port))
          .map(([list]) => ({ direction, port, list })),
      );
      if (hits.length === 0) return [];
      const text = hits.map((h) => `${h.direction} proxy port ${h.port} in ${h.list}`).join('; ');
      return [
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)}: ${text}. The port is both the redirect target and exempt from redirection, which usually means the wrong port was excepted.`,
          'Except the proxy’s admin/health ports (e.g. 15021, 15090, 4191) rather than its redirect listener ports, unless this is deliberate.',
          { conflicts: hits },
        ),
      ];
    });
  },
};

export const portInFilter: EndpointRule = {
  id: 'proxy.port-in-filter',
  title: 'A proxy port falls inside the policy’s own port filter and no UserSID exempts the proxy.',
  check(ep) {
    // With a UserSID the proxy's own connections are exempt, so a proxy port inside the filter loops
    // nothing: Istio ambient's HBONE policy pairs RemotePorts 15008 with its ports on purpose.
    return ep.proxies.flatMap((p) => {
      if (p.userSid) return [];
      const hits = proxyPorts(p).flatMap(({ direction, port }) =>
        (
          [
            ['LocalPorts', p.localPorts],
            ['RemotePorts', p.remotePorts],
          ] as const
        )
          .map(([field, specs]) => ({ direction, port, field, spec: portInSpecs(port, specs) }))
          .filter((h) => h.spec !== undefined),
      );
      if (hits.length === 0) return [];
      const text = hits
        .map((h) => `${h.direction} proxy port ${h.port} is inside FilterTuple.${h.field} "${h.spec}"`)
        .join('; ');
      return [
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)}: ${text}, and no UserSID exempts the proxy, so its own connections to that port are redirected back into it (a loop).`,
          `Add the policy again with the proxy’s identity (\`--usersid\`) or a port filter that leaves out the proxy ports, then \`remove ${ep.id} ${p.index}\`.`,
          { conflicts: hits },
        ),
      ];
    });
  },
};

function numberish(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/**
 * Port-carrying fields of other endpoint policies that land on a port inside the pod, in both
 * schemas: v2 (hcsshim hcn PortMappingPolicySetting, L4ProxyPolicySetting) and v1 (hcsshim
 * internal/hns/hnspolicy.go: NatPolicy "NAT" with InternalPort/ExternalPort, ProxyPolicy "PROXY"
 * with Port), which Get-HnsEndpoint captures and older CNIs (hostPort on Calico v1) write. A
 * mapping's ExternalPort is a host port: traffic to it is delivered to InternalPort, so only
 * InternalPort can hit the proxy listener.
 */
const OTHER_PORT_FIELDS: Record<string, string[]> = {
  PORTMAPPING: ['InternalPort'],
  NAT: ['InternalPort'],
  L4PROXY: ['Port'],
  PROXY: ['Port'],
};

/** A PortMapping or NAT for UDP (17) or another non-TCP protocol cannot reach a TCP proxy listener. */
function tcpOrUnknown(settings: unknown): boolean {
  const proto = getKey(settings, 'Protocol');
  if (proto === undefined || proto === null || proto === '') return true;
  const n = numberish(proto);
  if (n !== undefined) return n === 6;
  return typeof proto !== 'string' || proto.trim().toUpperCase() === 'TCP';
}

export const portCollision: EndpointRule = {
  id: 'proxy.port-collision',
  title: 'Another policy on the endpoint (PortMapping or v1 NAT, L4Proxy or v1 PROXY) uses a proxy port.',
  check(ep) {
    const ports = ep.proxies.flatMap((p) => proxyPorts(p).map((x) => ({ ...x, index: p.index })));
    if (ports.length === 0) return [];
    const hits = ep.others.flatMap((o) =>
      (tcpOrUnknown(o.settings) ? (OTHER_PORT_FIELDS[o.type.toUpperCase()] ?? []) : []).flatMap((field) => {
        const v = numberish(getKey(o.settings, field));
        return ports.filter((pp) => pp.port === v).map((pp) => ({ policyType: o.type, field, ...pp }));
      }),
    );
    if (hits.length === 0) return [];
    const first = hits[0] as (typeof hits)[number];
    const proxy = ep.proxies.find((p) => p.index === first.index);
    return [
      policyFinding(
        this.id,
        'warning',
        ep,
        proxy,
        hits
          .map((h) => `${h.policyType}.${h.field} = ${h.port} is also the ${h.direction} proxy port`)
          .join('; ') +
          '. Traffic mapped onto that port reaches the proxy listener directly instead of the application.',
        'The mapping belongs to the CNI or runtime (this app does not change it): map the host port onto the application’s port, not the proxy’s listener, or move the proxy to another port.',
        {
          collisions: hits,
          otherPolicies: ep.others.filter((o) => hits.some((h) => h.policyType === o.type)),
        },
      ),
    ];
  },
};

export const swappedPorts: EndpointRule = {
  id: 'proxy.swapped-ports',
  title: 'Inbound and outbound proxy ports the wrong way round for a known proxy.',
  check(ep) {
    return ep.proxies.flatMap((p) => {
      if (!p.inboundProxyPort || !p.outboundProxyPort || profileOf(p)) return [];
      const swapped = { ...p, inboundProxyPort: p.outboundProxyPort, outboundProxyPort: p.inboundProxyPort };
      const hit = profileOf(swapped);
      if (!hit) return [];
      return [
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)} sends inbound traffic to ${p.inboundProxyPort} and outbound to ${p.outboundProxyPort}; ${hit.profile.owner} listens the other way round (inbound ${hit.template.inbound}, outbound ${hit.template.outbound}), so both directions reach the wrong listener.`,
          `If this is ${hit.profile.owner}, swap the ports: add the policy with --inbound-port ${p.outboundProxyPort} --outbound-port ${p.inboundProxyPort} (same SID and exceptions), then \`remove ${ep.id} ${p.index}\`.`,
          {
            inboundProxyPort: p.inboundProxyPort,
            outboundProxyPort: p.outboundProxyPort,
            looksLike: hit.profile.id,
          },
        ),
      ];
    });
  },
};
