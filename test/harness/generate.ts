import type { HnsState } from '../../native/demo-data';
import type { EndpointPolicy, HostComputeEndpoint, HostComputeNamespace } from '../../native/hns-json';

// A large, deterministic node for e2e and the ui.* benchmarks (`--generate 5000`): realistic
// enough that filters, sorting and policy counts have something to chew on.

/**
 * A GUID-shaped id from a counter, so runs are reproducible. The counter leads, as the random part of
 * a real GUID does, so the table's short (first 8 hex) ids tell endpoints apart.
 */
function guid(kind: number, n: number): string {
  const h = (n >>> 0).toString(16).padStart(8, '0');
  return `${h}-${kind.toString(16).padStart(4, '0')}-4000-8000-000000000000`;
}

const PROXY: EndpointPolicy = {
  Type: 'L4WFPPROXY',
  Settings: {
    InboundProxyPort: '15006',
    OutboundProxyPort: '15001',
    FilterTuple: { Protocols: '6' },
    UserSID: 'S-1-5-18',
    InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15090', '15021'] },
  },
};
const NAT: EndpointPolicy = { Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/8'] } };

export function generateState(count: number): HnsState {
  const networks = [
    { ID: guid(0xa1, 1), Name: 'Calico', Type: 'Overlay', SchemaVersion: { Major: 2, Minor: 0 } },
    { ID: guid(0xa1, 2), Name: 'nat', Type: 'NAT', SchemaVersion: { Major: 2, Minor: 0 } },
    { ID: guid(0xa1, 3), Name: 'l2bridge', Type: 'L2Bridge', SchemaVersion: { Major: 2, Minor: 0 } },
  ];
  const apps = ['web', 'api', 'db', 'cache', 'worker', 'auth', 'search', 'billing'];
  const endpoints: HostComputeEndpoint[] = [];
  const namespaces: HostComputeNamespace[] = [];
  for (let i = 0; i < count; i++) {
    const net = networks[i % 3]!;
    const id = guid(0xe0, i);
    const nsId = guid(0xf0, i);
    const app = apps[i % apps.length]!;
    const policies: EndpointPolicy[] = [];
    if (net.Type === 'Overlay') policies.push(NAT);
    if (i % 4 === 0) policies.push(PROXY);
    if (i % 17 === 0)
      policies.push({
        Type: 'PortMapping',
        Settings: { InternalPort: 80, ExternalPort: 30000 + (i % 1000), Protocol: 6 },
      });
    const b = (i >> 8) & 255;
    const c = i & 255;
    endpoints.push({
      ID: id,
      Name: `${app}-${i.toString(36)}_eth0`,
      HostComputeNetwork: net.ID,
      HostComputeNamespace: nsId,
      IpConfigurations: [{ IpAddress: `10.${net === networks[1] ? 30 : 240}.${b}.${c}`, PrefixLength: 16 }],
      MacAddress:
        `00-15-5D-${b.toString(16).padStart(2, '0')}-${c.toString(16).padStart(2, '0')}-${(i % 7).toString(16).padStart(2, '0')}`.toUpperCase(),
      Policies: policies,
      SchemaVersion: { Major: 2, Minor: 0 },
    });
    namespaces.push({
      ID: nsId,
      NamespaceId: 100 + i,
      Type: 'HostDefault',
      Resources: [
        { Type: 'Endpoint', Data: { ID: id } },
        { Type: 'Container', Data: { ID: (i.toString(16) + 'c0ffee').padEnd(64, '0') } },
      ],
      SchemaVersion: { Major: 2, Minor: 0 },
    });
  }
  return { networks, endpoints, namespaces, version: { major: 15, minor: 1 } };
}
