// The public writers of L4WFPPROXY policies, one row each: who writes what, and where we read it.
// HNS records no owner, so recognising these shapes is how the app tells a mesh's policies from
// ones it or the user added (ownership, `clear`), and how diagnostics reason about a mesh's policy
// SET as one configuration. docs/mesh-profiles.md is the same table for people: keep both in step.
// Facts only (ports, fields, SIDs) as read in each source; no source code is copied here.

export interface ProfileSource {
  /** owner/name on GitHub, or an issue/PR URL for material pasted in a thread. */
  repository: string;
  path?: string;
  commit?: string;
  url?: string;
  /** What that file or thread shows, in one line. */
  note: string;
}

/**
 * One policy a writer adds. Matching is on the fields that identify the writer (proxy ports,
 * protocol, the port filter, fixed SIDs/exceptions); everything a writer takes from its config
 * (host probe address, extra exceptions) is left free.
 */
export interface PolicyTemplate {
  /** Short name shown in messages, e.g. "HBONE". */
  name: string;
  /** Exact proxy ports; null = the writer leaves that port out. */
  inbound: number | null;
  outbound: number | null;
  /** The removed pre-2020 `Port` field instead of the two ports (old hcsshim). */
  legacyPort?: boolean;
  /** FilterTuple.Protocols; every writer sends "6" unless stated. */
  protocols?: string;
  /** FilterTuple.RemotePorts exactly as written; absent = the writer sets none. */
  remotePorts?: string;
  /** FilterTuple.RemoteAddresses when the writer hard-codes it. */
  remoteAddresses?: string;
  /** UserSID when the writer hard-codes it. */
  userSid?: string;
  /** Ports that must be among InboundExceptions.PortExceptions. */
  inboundPortExceptions?: string[];
  /** Written only in some configurations (e.g. DNS capture on). */
  optional?: boolean;
  /** Rule ids whose findings on this policy are by design, with why; reported as info. */
  expected?: Record<string, string>;
}

export interface MeshProfile {
  id: string;
  /** The owner as the GUI and CLI show it. */
  owner: string;
  /** "code": read in the writer's source; "inferred": no public writer, ports from the mesh's Linux defaults. */
  basis: 'code' | 'issue' | 'inferred';
  sources: ProfileSource[];
  /** The policies one configuration of this writer consists of (one per pod endpoint). */
  policies: PolicyTemplate[];
  /**
   * The configurations the writer applies in one go, as template names in the order written; a
   * preset list reads these. Absent = one set of every non-optional template.
   */
  sets?: { name: string; policies: string[] }[];
}

const ISTIO_AMBIENT_SOURCE: ProfileSource = {
  repository: 'istio/istio',
  path: 'cni/pkg/iptables/iptables_windows.go (branch experimental-windows-ambient)',
  commit: 'e245938ea6097d077c0eacd2f466c79935615909',
  note: 'WFPConfigurator.CreateInpodRules applies two L4WFPPROXY policies in one Add: HBONE and plaintext; same pair since PR #55216 (a5c2e9d6e972514dc0cc0df0c6ef2ea483a1cbba). Ports from cni/pkg/iptables/iptables.go (ZtunnelInboundPort 15008, ZtunnelOutboundPort 15001, ZtunnelInboundPlaintextPort 15006, DNSCapturePort 15053).',
};

/** Ordered most specific first: the first profile whose template fits a policy claims it. */
export const MESH_PROFILES: readonly MeshProfile[] = [
  {
    id: 'istio-ambient-windows',
    owner: 'Istio ambient (ztunnel, Windows CNI)',
    basis: 'code',
    sources: [
      ISTIO_AMBIENT_SOURCE,
      {
        repository: 'keithmattix/istio',
        path: 'cni/pkg/iptables/iptables_windows.go',
        commit: '1dbac9db85f14309d298826929629559c92bba44',
        note: 'Commit "Brokenly implement DNS proxying" (Mar 2025): the same two policies, plus two DNS-capture policies (UDP and TCP to RemotePorts 53, OutboundProxyPort 15053, S-1-5-18, outbound exception 127.0.0.1) when DNS redirection is on for the pod. hasPolicyApplied only counts L4WFPPROXY policies (expects 2, or 4 with DNS) and otherwise applies the whole set again: turning DNS capture on for an enrolled pod leaves six (the pair twice plus the DNS pair).',
      },
    ],
    policies: [
      {
        name: 'HBONE',
        inbound: 15008,
        outbound: 15001,
        remotePorts: '15008',
        userSid: 'S-1-5-18',
      },
      {
        name: 'plaintext',
        inbound: 15006,
        outbound: 15001,
        userSid: 'S-1-5-18',
        inboundPortExceptions: ['15008'],
      },
      {
        name: 'DNS (UDP)',
        inbound: null,
        outbound: 15053,
        protocols: '17',
        remotePorts: '53',
        userSid: 'S-1-5-18',
        optional: true,
        expected: {
          'proxy.non-tcp':
            'Istio writes a UDP (17) policy for DNS capture; the hcnproxyctrl README (Nov 2021) says TCP only, whether newer HNS redirects UDP is not documented.',
          'proxy.one-direction': 'DNS capture is outbound only by design (queries leave the pod).',
        },
      },
      {
        name: 'DNS (TCP)',
        inbound: null,
        outbound: 15053,
        remotePorts: '53',
        userSid: 'S-1-5-18',
        optional: true,
        expected: {
          'proxy.one-direction': 'DNS capture is outbound only by design (queries leave the pod).',
        },
      },
    ],
    sets: [
      { name: 'ambient', policies: ['HBONE', 'plaintext'] },
      { name: 'ambient with DNS capture', policies: ['HBONE', 'plaintext', 'DNS (UDP)', 'DNS (TCP)'] },
    ],
  },
  {
    id: 'istio-ambient-windows-2024',
    owner: 'Istio ambient (ztunnel, Windows CNI, 2024 prototype)',
    basis: 'code',
    sources: [
      {
        repository: 'istio/istio',
        path: 'cni/pkg/iptables/iptables_windows.go',
        commit: 'b7c223d20a5744ff943621c90b0f5d8c991bc237',
        note: 'Earlier variant (Sep 2024): one policy, InboundProxyPort 15008, OutboundProxyPort 15006, RemotePorts 15008, Priority 1, UserSID S-1-5-18, host SNAT address and 127.0.0.1 excepted both ways. Replaced by the HBONE/plaintext pair in ce3d52602975f710e16e999a16a34f6432f4f25a.',
      },
    ],
    policies: [{ name: 'HBONE', inbound: 15008, outbound: 15006, remotePorts: '15008', userSid: 'S-1-5-18' }],
  },
  {
    id: 'istio-ambient-windows-test',
    owner: 'Istio ambient (Windows CNI test program)',
    basis: 'code',
    sources: [
      {
        repository: 'istio/istio',
        path: 'cni/pkg/iptables/test/main.go',
        commit: 'd09f7ad00c679b4782d0dd1b061e0d3c26d89443',
        note: '"just here for testing": one outbound-only policy to 15006 with RemoteAddresses = a host SNAT address, Priority 1, S-1-5-18, inbound exceptions 127.0.0.1 and port 15008.',
      },
    ],
    policies: [
      {
        name: 'test',
        inbound: null,
        outbound: 15006,
        userSid: 'S-1-5-18',
        inboundPortExceptions: ['15008'],
        expected: { 'proxy.one-direction': 'The test program redirects outbound traffic only.' },
      },
    ],
  },
  {
    id: 'istio-sidecar',
    owner: 'Istio sidecar (Envoy)',
    basis: 'inferred',
    sources: [
      {
        repository: 'istio/istio',
        path: 'tools/common/config/config.go; cni/pkg/plugin/sidecar_redirect.go',
        commit: '86c9f01fd735fb01d8192f5bcaf0d424afb7f14c',
        note: 'Linux defaults only: ProxyPort 15001, InboundCapturePort 15006 (status port 15020 excluded). No public Windows writer: istio/istio#27893 is open and #39788 says Windows sidecars are not supported.',
      },
    ],
    policies: [{ name: 'sidecar', inbound: 15006, outbound: 15001 }],
  },
  {
    id: 'linkerd',
    owner: 'Linkerd proxy',
    basis: 'code',
    sources: [
      {
        repository: 'Siemens-Healthineers/K2s',
        path: 'k2s/internal/containernetworking/hnsproxy.go',
        commit: '90769d8a5ec47dd04b04014753536783f11720ba',
        note: 'hnsProxyAddPoliciesFromConfig: ports and exceptions from cfg/config.json (6bb11ea6fe1790df67e75215a4d29f4726ac9d72: inbound 4143, outbound 4140, inbound port exceptions 4190,4191,4567,4568, outbound 4567,4568), UserSID S-1-5-32-556, Protocols 6.',
      },
      {
        repository: 'Siemens-Healthineers/K2s',
        path: 'k2s/internal/containernetworking/hnsproxy.go',
        commit: 'eaa769c3de9218abff13739283aa4773d39f3e70',
        note: 'The exception lists are split with strings.Split(…, ",") and not trimmed: a config written "4190, 4191" gives the exception " 4191" (proxy.untrimmed-value).',
      },
      {
        repository: 'microsoft/hcsshim',
        url: 'https://github.com/microsoft/hcsshim/issues/2571',
        note: 'A Linkerd maintainer’s CNI on AKS WS2022: InboundProxyPort 4143, OutboundProxyPort 4140, UserSID S-1-5-20, inbound port exceptions 4193, 4192. linkerd/linkerd2-proxy-init (183e791d99dcc6d4fa765b7331cbaec7ce40c2de) has no Windows policy writer.',
      },
    ],
    policies: [{ name: 'proxy', inbound: 4143, outbound: 4140 }],
  },
  {
    id: 'osm-azure-cni',
    owner: 'Open Service Mesh (Envoy) via Azure CNI',
    basis: 'code',
    sources: [
      {
        repository: 'Azure/azure-container-networking',
        path: 'network/policy/policy_windows.go; network/policy/policy_windows_test.go',
        commit: '032c14ce803e65607ca43881a90bfa677ece5c3f',
        note: 'KVPairL4WfpProxyPolicy passes a static conflist policy through (GetHcnL4WFPProxyPolicy); the test expects InboundProxyPort 15003, OutboundProxyPort 15001, Protocols 6, UserSID S-1-5-32-556, empty exception objects. Purpose: Azure/azure-container-networking#1002 (OSM on Windows).',
      },
    ],
    policies: [{ name: 'sidecar', inbound: 15003, outbound: 15001 }],
  },
  {
    id: 'hcsshim-test',
    owner: 'hcsshim integration test',
    basis: 'code',
    sources: [
      {
        repository: 'microsoft/hcsshim',
        path: 'hcn/hcnutils_test.go (HcnCreateWfpProxyPolicyRequest), used by TestAddL4WfpProxyPolicyOnEndpoint in hcn/hcnendpoint_test.go',
        commit: '18de184a3c14e33b8eec883f68b0f5096b2e6cff',
        note: 'InboundProxyPort 80, OutboundProxyPort 81, Protocols 6, RemoteAddresses 10.0.0.4, Priority 8, outbound exceptions 10.0.1.12 / port 81, inbound exceptions 12.0.1.12 / port 8181, no UserSID.',
      },
    ],
    policies: [
      {
        name: 'test',
        inbound: 80,
        outbound: 81,
        remoteAddresses: '10.0.0.4',
        expected: {
          'proxy.no-user-sid':
            'The test programs HNS on an endpoint without a proxy process; nothing can loop.',
          'proxy.port-in-exceptions':
            'The test excepts its own outbound proxy port 81 to exercise the exception fields.',
        },
      },
    ],
  },
  {
    id: 'hcnproxyctrl',
    owner: 'hcnproxyctrl (2019 CLI)',
    basis: 'code',
    sources: [
      {
        repository: 'microsoft/hcnproxyctrl',
        path: 'proxy/hcnproxyctl.go; cmd/cmd.go',
        commit: '58a12be0558145ab8255613a0a01e63faafb131b',
        note: 'AddPolicy writes the removed Port field (one port for both directions), FilterTuple with Protocols forced to 6 plus optional addresses/ports/priority, UserSID (--usersid system = S-1-5-18).',
      },
    ],
    // Its canonical output is the 2019 schema (hcsshim v0.8.7–v0.8.11). `proxy.legacy-port` on it stays
    // a warning naming this writer: hcsshim replaced Port (PR #910) and whether current HNS honours
    // it is not documented, so a Port-only policy may redirect nothing whoever wrote it.
    policies: [{ name: 'legacy', inbound: null, outbound: null, legacyPort: true }],
  },
];

export function profileById(id: string): MeshProfile | undefined {
  return MESH_PROFILES.find((p) => p.id === id);
}

/** Each configuration of a writer as its templates, in the order the writer applies them. */
export function setsOf(profile: MeshProfile): { name: string; policies: PolicyTemplate[] }[] {
  const sets = profile.sets ?? [
    { name: profile.id, policies: profile.policies.filter((t) => !t.optional).map((t) => t.name) },
  ];
  return sets.map((s) => ({
    name: s.name,
    policies: s.policies.map((n) => profile.policies.find((t) => t.name === n) as PolicyTemplate),
  }));
}
