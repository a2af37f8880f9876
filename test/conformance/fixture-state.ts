import type { HnsState } from '../../native/demo-data';
import type { HostComputeEndpoint } from '../../native/hns-json';

// The state the seeded backends (simulator, fake library) start every conformance test from.
export const NETWORK_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const SUBJECT_ID = '9b2c1d4e-5f60-4718-8a9b-0c1d2e3f4a5b';
/** Stored with an upper-case ID, as v1 HNS and PowerShell write them. */
export const UPPER_ID = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
/** Stored with an "Id" key (the schema's spelling) instead of HNS's "ID". */
export const ID_KEY_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
export const NAMESPACE_ID = '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
export const NON_ASCII_NAME = 'Zürich-пример-名前';

export const OUTBOUND_NAT = { Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/16'] } };

const V2 = { Major: 2, Minor: 0 };

/** The ID of the i-th extra endpoint conformanceState(n) adds (0-based). */
export const bulkEndpointId = (i: number) => `e0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export function conformanceState(extraEndpoints = 0): HnsState {
  const endpoints: HostComputeEndpoint[] = [
    {
      ID: SUBJECT_ID,
      Name: 'subject_eth0',
      HostComputeNetwork: NETWORK_ID,
      HostComputeNamespace: NAMESPACE_ID,
      Policies: [OUTBOUND_NAT],
      IpConfigurations: [{ IpAddress: '10.1.0.5', PrefixLength: 24 }],
      MacAddress: '00-15-5D-00-00-05',
      SchemaVersion: V2,
    },
    { ID: UPPER_ID, Name: 'upper_eth0', HostComputeNetwork: NETWORK_ID, Policies: [], SchemaVersion: V2 },
    {
      Id: ID_KEY_ID,
      Name: NON_ASCII_NAME,
      HostComputeNetwork: NETWORK_ID,
      SchemaVersion: V2,
    } as unknown as HostComputeEndpoint,
  ];
  for (let i = 0; i < extraEndpoints; i++) {
    endpoints.push({
      ID: bulkEndpointId(i),
      Name: `bulk-${i}`,
      HostComputeNetwork: NETWORK_ID,
      Policies: [OUTBOUND_NAT],
      SchemaVersion: V2,
    });
  }
  return {
    networks: [{ ID: NETWORK_ID, Name: 'conformance-nat', Type: 'NAT', SchemaVersion: V2 }],
    endpoints,
    namespaces: [
      {
        ID: NAMESPACE_ID,
        NamespaceId: 7,
        Type: 'HostDefault',
        Resources: [
          { Type: 'Endpoint', Data: { Id: SUBJECT_ID } },
          { Type: 'Container', Data: { ID: 'f'.repeat(64) } },
        ],
        SchemaVersion: V2,
      },
    ],
    version: { major: 15, minor: 1 },
  };
}

/** Like the Istio sidecar's policy (docs/hcn-api.md §5.1), with a marker port so tests tell them apart. */
export function proxyPolicy(inbound: string, outbound = '15001') {
  return {
    Type: 'L4WFPPROXY',
    Settings: {
      InboundProxyPort: inbound,
      OutboundProxyPort: outbound,
      FilterTuple: { Protocols: '6', Priority: 8 },
      UserSID: 'S-1-5-32-556',
      InboundExceptions: {},
      OutboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15090'] },
    },
  };
}
