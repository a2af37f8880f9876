import type { HnsState } from '../../../native/demo-data';
import type { HostComputeEndpoint } from '../../../native/hns-json';

export const N = 1000;

/** 1,000 endpoints × 5 policies (an L4WFPPROXY among them) on one network; shared by the CLI and Wine figures. */
export function state(): HnsState {
  const net = '11111111-2222-4333-8444-555555555555';
  const endpoints: HostComputeEndpoint[] = [];
  for (let i = 0; i < N; i++) {
    const hex = i.toString(16).padStart(12, '0');
    endpoints.push({
      ID: `b0000000-0000-4000-8000-${hex}`,
      Name: `pod-${i}_eth0`,
      HostComputeNetwork: net,
      IpConfigurations: [{ IpAddress: `10.${(i >> 8) & 255}.${i & 255}.7`, PrefixLength: 24 }],
      MacAddress: '00-15-5D-00-00-07',
      Policies: [
        { Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/16', '10.240.0.0/16'] } },
        { Type: 'PortMapping', Settings: { InternalPort: 80, ExternalPort: 8080 + (i % 100), Protocol: 6 } },
        { Type: 'ACL', Settings: { Action: 'Allow', Direction: 'In', Priority: 100 } },
        { Type: 'SDNRoute', Settings: { DestinationPrefix: '10.96.0.0/12', NeedEncap: true } },
        {
          Type: 'L4WFPPROXY',
          Settings: {
            InboundProxyPort: '15006',
            OutboundProxyPort: '15001',
            FilterTuple: { Protocols: '6' },
            UserSID: 'S-1-5-32-556',
            InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15090', '15021'] },
            OutboundExceptions: {},
          },
        },
      ],
      SchemaVersion: { Major: 2, Minor: 0 },
    });
  }
  return {
    networks: [{ ID: net, Name: 'bench', Type: 'NAT' }],
    endpoints,
    namespaces: [],
    version: { major: 15, minor: 1 },
  };
}
