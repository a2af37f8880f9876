import { isIpv6Text } from '../../flow/match';
import { policyFinding, policyLabel } from '../finding';
import type { EndpointRule } from '../types';

export const ipv6: EndpointRule = {
  id: 'proxy.ipv6',
  title: 'IPv6 addresses in a proxy policy (L4WFPPROXY is IPv4 only).',
  check(ep) {
    return ep.proxies.flatMap((p) => {
      const fields: Record<string, string[]> = {
        'FilterTuple.LocalAddresses': p.localAddresses,
        'FilterTuple.RemoteAddresses': p.remoteAddresses,
        'InboundExceptions.IpAddressExceptions': p.inboundExceptions.ipAddresses,
        'OutboundExceptions.IpAddressExceptions': p.outboundExceptions.ipAddresses,
      };
      const hits = Object.entries(fields).flatMap(([field, list]) =>
        list.filter(isIpv6Text).map((address) => ({ field, address })),
      );
      if (hits.length === 0) return [];
      return [
        policyFinding(
          this.id,
          'error',
          ep,
          p,
          `${policyLabel(p)} uses IPv6 addresses (${hits.map((h) => h.address).join(', ')}); the HNS L4 proxy supports IPv4 only, so these entries never match.`,
          'Use IPv4 addresses/prefixes only; IPv6 traffic of the pod is not redirected at all.',
          { ipv6: hits },
        ),
      ];
    });
  },
};

export const nonTcp: EndpointRule = {
  id: 'proxy.non-tcp',
  title: 'FilterTuple.Protocols is not TCP (6): the L4 proxy redirects TCP only.',
  check(ep) {
    return ep.proxies.flatMap((p) => {
      if (!p.protocols) return [];
      const protos = p.protocols.split(',').map((s) => s.trim().toUpperCase());
      const other = protos.filter((x) => x !== '6' && x !== 'TCP');
      if (other.length === 0) return [];
      return [
        policyFinding(
          this.id,
          'error',
          ep,
          p,
          `${policyLabel(p)} filters protocol "${p.protocols}"; the HNS L4 proxy redirects TCP (6) only, so ${other.join(', ')} is unsupported.`,
          'Set FilterTuple.Protocols to "6". UDP traffic cannot be sent through the sidecar with L4WFPPROXY.',
          { protocols: p.protocols, unsupported: other },
        ),
      ];
    });
  },
};

export const legacyPort: EndpointRule = {
  id: 'proxy.legacy-port',
  title: 'The removed `Port` field (the 2019 schema hcnproxyctrl writes) is present.',
  check(ep) {
    return ep.proxies
      .filter((p) => p.legacyPort !== undefined)
      .map((p) => {
        const ignoredOnly = !p.inboundProxyPort && !p.outboundProxyPort;
        // Whoever wrote it, a Port-only policy may redirect nothing: never "by design".
        const writer = ep.groups.find((g) => g.profile?.id === 'hcnproxyctrl' && g.indexes.includes(p.index));
        const by = writer ? ` It matches what ${writer.profile?.owner} writes.` : '';
        const known =
          'hcsshim replaced Port by InboundProxyPort/OutboundProxyPort (PR #910, v0.8.12); whether current HNS still honours Port is not documented';
        return policyFinding(
          this.id,
          'warning',
          ep,
          p,
          ignoredOnly
            ? `${policyLabel(p)} sets only the removed Port field (${p.legacyPort}). ${known}, so this policy may redirect nothing.${by}`
            : `${policyLabel(p)} carries the removed Port field (${p.legacyPort}) next to InboundProxyPort/OutboundProxyPort. ${known}; the two current ports are what this app reads.${by}`,
          `Migrate to the current fields: add the same policy with both ports (\`add ${ep.id} --port ${p.legacyPort}\`, plus its --usersid and filters), then remove this one (\`remove ${ep.id} ${p.index}\`). This app never writes Port.`,
          {
            legacyPort: p.legacyPort,
            inboundProxyPort: p.inboundProxyPort ?? null,
            outboundProxyPort: p.outboundProxyPort ?? null,
            writer: writer?.profile?.id ?? null,
          },
        );
      });
  },
};

export const untrimmedValue: EndpointRule = {
  id: 'proxy.untrimmed-value',
  title:
    'A value with spaces around it (" 4191"), as a writer that splits on commas without trimming leaves it.',
  check(ep) {
    return ep.proxies
      .filter((p) => p.untrimmed.length > 0)
      .map((p) =>
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)} holds ${p.untrimmed.map((u) => `${u.field} ${JSON.stringify(u.raw)}`).join(', ')} with spaces around the value. Whether HNS accepts it as ${p.untrimmed.map((u) => JSON.stringify(u.raw.trim())).join(', ')} or ignores it is not documented; this app reads it trimmed.`,
          'Write the list without spaces after the commas in the writer’s configuration (K2s splits cfg/config.json’s exception lists on "," without trimming), then let it re-apply the policy.',
          { untrimmed: p.untrimmed },
        ),
      );
  },
};

export const unknownFields: EndpointRule = {
  id: 'proxy.unknown-fields',
  title: 'Settings fields HNS does not know (silently ignored, hcsshim PR #673).',
  check(ep) {
    return ep.proxies
      .filter((p) => p.unknownFields.length > 0)
      .map((p) =>
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)} has fields HNS does not know: ${p.unknownFields.join(', ')}. HNS ignores misspelled fields silently, so the policy may not do what it says.`,
          'Check the spelling against the L4WFPPROXY schema (InboundProxyPort, OutboundProxyPort, FilterTuple, UserSID, InboundExceptions, OutboundExceptions).',
          { unknownFields: p.unknownFields },
        ),
      );
  },
};
