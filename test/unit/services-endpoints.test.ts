import { describe, expect, it } from 'vitest';
import { buildTopology, summarizeEndpoint } from '../../electron/core/endpoint-summary';
import type { EndpointSummary } from '../../electron/core/views';
import { NAT_EP, tempCore, WEB0 } from '../support/temp-core';

// Issue 4 item 3: listEndpoints gives id, name, network id+name, IPs, MAC, namespace, container ids
// when known, the count of proxy policies and the other policy types.

describe('endpoints.list summaries', () => {
  it('carries every listed fact for an attached pod endpoint and a bare NAT endpoint', async () => {
    const { core } = await tempCore();
    const r = await core.route('endpoints.list', {});
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const eps = r.value as EndpointSummary[];
    expect(eps.find((e) => e.id === WEB0)).toEqual({
      id: WEB0,
      name: 'web-0_eth0',
      networkId: '2a3b4c5d-6e7f-4081-9223-344556677889',
      networkName: 'Calico',
      ipAddresses: ['10.240.2.7'],
      macAddress: '00-15-5D-21-02-07',
      namespaceId: '708192a3-b4c5-4d6e-8f70-8192a3b4c5d6',
      containerIds: ['web-0000000000000000000000000000000000000000000000000'],
      proxyPolicyCount: 1,
      otherPolicyTypes: ['OutBoundNAT'],
      isRemote: false,
    });
    expect(eps.find((e) => e.id === NAT_EP)).toMatchObject({
      namespaceId: '',
      containerIds: [],
      proxyPolicyCount: 0,
      otherPolicyTypes: ['PortMapping'],
    });
  });

  it('finds the namespace through its Endpoint resource (HostComputeNamespace unset) and v1 SharedContainers', () => {
    const topo = buildTopology(
      [{ ID: 'NET-1', Name: 'Calico' }],
      [
        {
          ID: 'ns-1',
          Resources: [
            { Type: 'Endpoint', Data: { ID: 'EP-1' } },
            { Type: 'Container', Data: { ID: 'c-sandbox' } },
          ],
        },
      ],
    );
    const s = summarizeEndpoint(
      {
        ID: 'ep-1',
        HostComputeNetwork: 'net-1',
        SharedContainers: ['c-app'],
        Policies: [
          { Type: 'l4wfpproxy', Settings: {} },
          { Type: 'L4WFPPROXY', Settings: {} },
          { Type: 'ACL', Settings: {} },
          { Type: 'ACL', Settings: {} },
        ],
      },
      topo,
    );
    expect(s).toMatchObject({
      networkName: 'Calico',
      namespaceId: 'ns-1',
      proxyPolicyCount: 2,
      otherPolicyTypes: ['ACL'],
    });
    expect([...s.containerIds].sort()).toEqual(['c-app', 'c-sandbox']);
  });
});
