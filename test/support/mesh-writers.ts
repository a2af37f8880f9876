// What each public L4WFPPROXY writer puts in Settings, rebuilt from its source (the facts are in
// electron/core/mesh/profiles.ts, with repository, path and commit). Key order and omissions follow
// Go's json.Marshal of hcsshim's structs: omitempty drops empty strings/slices and zero Priority,
// but struct-typed fields (FilterTuple, InboundExceptions, OutboundExceptions) are always written.
// Derived, not captured: no public capture of these policies as HNS returns them exists.

type Settings = Record<string, unknown>;

function marshal(s: {
  in?: string;
  out?: string;
  port?: string;
  tuple?: Settings;
  sid?: string;
  inEx?: Settings;
  outEx?: Settings;
}): Settings {
  const o: Settings = {};
  if (s.in) o.InboundProxyPort = s.in;
  if (s.out) o.OutboundProxyPort = s.out;
  if (s.port) o.Port = s.port;
  o.FilterTuple = s.tuple ?? {};
  if (s.sid) o.UserSID = s.sid;
  if (!s.port) {
    o.InboundExceptions = s.inEx ?? {};
    o.OutboundExceptions = s.outEx ?? {};
  }
  return o;
}

/** Host probe SNAT address: configuration (w.Cfg.HostProbeSNATAddress); any address the node uses. */
export const PROBE = '169.254.7.127';

/** istio/istio experimental-windows-ambient cni/pkg/iptables/iptables_windows.go: HBONE then plaintext. */
export function istioAmbient(): Settings[] {
  const ex = { IpAddressExceptions: [PROBE, '127.0.0.1'] };
  return [
    marshal({
      in: '15008',
      out: '15001',
      tuple: { Protocols: '6', RemotePorts: '15008' },
      sid: 'S-1-5-18',
      inEx: ex,
      outEx: ex,
    }),
    marshal({
      in: '15006',
      out: '15001',
      tuple: { Protocols: '6' },
      sid: 'S-1-5-18',
      inEx: { ...ex, PortExceptions: ['15008'] },
      outEx: ex,
    }),
  ];
}

/** keithmattix/istio cni/pkg/iptables/iptables_windows.go with DNS redirection on: the pair plus UDP and TCP DNS capture. */
export function istioAmbientWithDns(): Settings[] {
  const dns = (proto: string) =>
    marshal({
      out: '15053',
      tuple: { Protocols: proto, RemotePorts: '53' },
      sid: 'S-1-5-18',
      outEx: { IpAddressExceptions: ['127.0.0.1'] },
    });
  return [...istioAmbient(), dns('17'), dns('6')];
}

/** istio/istio b7c223d2 cni/pkg/iptables/iptables_windows.go: the earlier single 15008/15006 policy. */
export function istioAmbient2024(): Settings[] {
  const ex = { IpAddressExceptions: ['10.244.1.21', '127.0.0.1'] };
  return [
    marshal({
      in: '15008',
      out: '15006',
      tuple: { Protocols: '6', RemotePorts: '15008', Priority: 1 },
      sid: 'S-1-5-18',
      inEx: ex,
      outEx: ex,
    }),
  ];
}

/** istio/istio d09f7ad0 cni/pkg/iptables/test/main.go ("just here for testing"). */
export function istioAmbientTestProgram(): Settings[] {
  return [
    marshal({
      out: '15006',
      tuple: { Protocols: '6', RemoteAddresses: '10.244.1.21', Priority: 1 },
      sid: 'S-1-5-18',
      inEx: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15008'] },
    }),
  ];
}

/** Istio sidecar: no Windows writer exists; Linux default ports (profile basis "inferred"). */
export function istioSidecar(): Settings[] {
  return [
    marshal({
      in: '15006',
      out: '15001',
      tuple: { Protocols: '6' },
      sid: 'S-1-5-32-556',
      inEx: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15020', '15021', '15090'] },
      outEx: { IpAddressExceptions: ['127.0.0.1'] },
    }),
  ];
}

/** Siemens-Healthineers/K2s hnsproxy.go with cfg/config.json's hnsproxyconfig (Linkerd). */
export function k2sLinkerd(): Settings[] {
  return [
    marshal({
      in: '4143',
      out: '4140',
      tuple: { Protocols: '6' },
      sid: 'S-1-5-32-556',
      inEx: { PortExceptions: ['4190', '4191', '4567', '4568'] },
      outEx: { PortExceptions: ['4567', '4568'] },
    }),
  ];
}

/** microsoft/hcsshim#2571: the Linkerd CNI policy as the reporter pasted it (nested form). */
export function linkerdIssue2571(): Settings[] {
  return [
    marshal({
      in: '4143',
      out: '4140',
      tuple: { Protocols: '6' },
      sid: 'S-1-5-20',
      inEx: { PortExceptions: ['4193', '4192'] },
    }),
  ];
}

/** Azure/azure-container-networking policy_windows_test.go: the expected OSM policy, byte for byte. */
export function osmAzureCni(): Settings[] {
  return [marshal({ in: '15003', out: '15001', tuple: { Protocols: '6' }, sid: 'S-1-5-32-556' })];
}

/** microsoft/hcsshim hcn/hcnutils_test.go HcnCreateWfpProxyPolicyRequest. */
export function hcsshimTest(): Settings[] {
  return [
    marshal({
      in: '80',
      out: '81',
      tuple: { Protocols: '6', RemoteAddresses: '10.0.0.4', Priority: 8 },
      inEx: { IpAddressExceptions: ['12.0.1.12'], PortExceptions: ['8181'] },
      outEx: { IpAddressExceptions: ['10.0.1.12'], PortExceptions: ['81'] },
    }),
  ];
}

/** microsoft/hcnproxyctrl: `hcnproxyctl add <ep> --port 8000 --usersid system` (pre-2020 hcsshim struct). */
export function hcnproxyctrl(): Settings[] {
  return [marshal({ port: '8000', tuple: { Protocols: '6' }, sid: 'S-1-5-18' })];
}

/**
 * keithmattix/istio @1dbac9db cni/pkg/iptables/iptables_windows.go: hasPolicyApplied counts the
 * endpoint's L4WFPPROXY policies (2, or 4 with DNS) and otherwise applies the whole set again. An
 * enrolled pod (the pair) whose DNS capture is then turned on ends with six: the pair twice + DNS.
 */
export function istioAmbientDnsTurnedOn(): Settings[] {
  return [...istioAmbient(), ...istioAmbientWithDns()];
}

/**
 * Siemens-Healthineers/K2s @eaa769c3 k2s/internal/containernetworking/hnsproxy.go: each exception
 * list is strings.Split(config value, ",") with no trimming, so "4190, 4191" gives " 4191".
 */
export function k2sLinkerdFromConfig(inboundPortExceptions: string): Settings[] {
  const split = (v: string) => (v === '' ? [] : v.split(','));
  return [
    marshal({
      in: '4143',
      out: '4140',
      tuple: { Protocols: '6' },
      sid: 'S-1-5-32-556',
      inEx: { PortExceptions: split(inboundPortExceptions) },
      outEx: { PortExceptions: split('4567,4568') },
    }),
  ];
}

/**
 * containernetworking/plugins @3d27709f pkg/hns/netconf_windows.go ApplyPortMappingPolicy, ApiVersion
 * 1 (the hns.NetConf Calico's Windows CNI loads, projectcalico/calico @87c15906
 * cni-plugin/pkg/dataplane/windows/dataplane_windows.go): a hostPort becomes a flat v1 policy
 * {"Type": "NAT", "InternalPort": n, "ExternalPort": n, "Protocol": "<cni protocol>"}, the
 * NatPolicy of microsoft/hcsshim @7c9ff7f4 internal/hns/hnspolicy.go.
 */
export function cniV1HostPort(containerPort: number, hostPort: number, protocol = 'tcp'): Settings {
  return { Type: 'NAT', InternalPort: containerPort, ExternalPort: hostPort, Protocol: protocol };
}
