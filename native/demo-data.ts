import type { HostComputeEndpoint, HostComputeNamespace, HostComputeNetwork } from './hns-json';

export interface HnsState {
  networks: HostComputeNetwork[];
  endpoints: HostComputeEndpoint[];
  namespaces: HostComputeNamespace[];
  /** HNS service version; null when unknown (a snapshot that does not say): getVersion then fails. */
  version: { major: number; minor: number } | null;
}

const V2 = { Major: 2, Minor: 0 };

/** A small node: a NAT network for plain containers, an overlay (Calico-style) network for pods. */
export function demoState(): HnsState {
  const nat = '6a1f0c52-3b7e-4d21-9a4c-0b7e1d2f3a01';
  const overlay = '2a3b4c5d-6e7f-4081-9223-344556677889';
  const ep = (
    id: string,
    name: string,
    network: string,
    ip: string,
    mac: string,
    extra: Partial<HostComputeEndpoint> = {},
  ): HostComputeEndpoint => ({
    ID: id,
    Name: name,
    HostComputeNetwork: network,
    IpConfigurations: [{ IpAddress: ip, PrefixLength: network === nat ? 20 : 24 }],
    MacAddress: mac,
    Policies: [],
    SchemaVersion: V2,
    ...extra,
  });
  const outboundNat = { Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/16', '10.240.0.0/16'] } };
  const endpoints: HostComputeEndpoint[] = [
    ep('5e6f7081-92a3-4b4c-8d5e-6f708192a3b4', 'web-0_eth0', overlay, '10.240.2.7', '00-15-5D-21-02-07', {
      HostComputeNamespace: '708192a3-b4c5-4d6e-8f70-8192a3b4c5d6',
      Policies: [
        outboundNat,
        {
          Type: 'L4WFPPROXY',
          Settings: {
            InboundProxyPort: '15006',
            OutboundProxyPort: '15001',
            FilterTuple: { Protocols: '6' },
            UserSID: 'S-1-5-18',
            InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15090', '15021'] },
            OutboundExceptions: { IpAddressExceptions: ['127.0.0.1'] },
          },
        },
      ],
    }),
    ep('8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'api-7f9c_eth0', overlay, '10.240.2.8', '00-15-5D-21-02-08', {
      HostComputeNamespace: '9d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
      Policies: [outboundNat],
    }),
    ep('1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b', 'db-0_eth0', overlay, '10.240.2.9', '00-15-5D-21-02-09', {
      HostComputeNamespace: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      Policies: [outboundNat],
    }),
    ep('8192a3b4-c5d6-4e7f-9081-92a3b4c5d6e7', 'nat-ep', nat, '172.30.16.5', '00-15-5D-AB-10-05', {
      Policies: [{ Type: 'PortMapping', Settings: { InternalPort: 80, ExternalPort: 8080, Protocol: 6 } }],
    }),
    ep('b7c8d9e0-f1a2-4b3c-9d4e-5f6a7b8c9d0e', 'builder_nat', nat, '172.30.16.6', '00-15-5D-AB-10-06'),
  ];
  const namespaces: HostComputeNamespace[] = endpoints
    .filter((e) => e.HostComputeNamespace)
    .map((e, i) => ({
      ID: e.HostComputeNamespace as string,
      NamespaceId: 10 + i,
      Type: 'HostDefault',
      Resources: [
        { Type: 'Endpoint', Data: { ID: e.ID } },
        { Type: 'Container', Data: { ID: (e.Name ?? 'c').replace(/_eth0$/, '') + '0'.repeat(48 + i) } },
      ],
      SchemaVersion: V2,
    }));
  return {
    networks: [
      { ID: nat, Name: 'nat', Type: 'NAT', SchemaVersion: V2 },
      { ID: overlay, Name: 'Calico', Type: 'Overlay', SchemaVersion: V2 },
    ],
    endpoints,
    namespaces,
    version: { major: 15, minor: 1 },
  };
}
