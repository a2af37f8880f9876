import { describe, expect, it } from 'vitest';
import type { EndpointSummary } from '../../electron/core/views';
import { sortEndpoints } from '../../renderer/src/features/endpoints/row-model';

// The endpoints and fleet tables sort names, pods, addresses and nodes in natural order.

const ep = (nodeLabel: string, name: string, ip: string): EndpointSummary =>
  ({
    id: `${nodeLabel}/${name}`,
    name,
    networkId: 'n',
    networkName: 'Calico',
    ipAddresses: [ip],
    macAddress: '',
    namespaceId: '',
    containerIds: [],
    proxyPolicyCount: 0,
    otherPolicyTypes: [],
    isRemote: false,
    nodeLabel,
  }) as EndpointSummary;

const rows = [
  ep('sim-10', 'web-10', '10.0.0.10'),
  ep('sim-2', 'web-9', '10.0.0.9'),
  ep('sim-1', 'web-2', '9.0.0.1'),
];
const order = (id: string, desc = false) => sortEndpoints(rows, [{ id, desc }]).map((e) => e.id);

describe('sortEndpoints', () => {
  it('sorts nodes naturally: sim-2 before sim-10, and back when descending', () => {
    expect(order('node')).toEqual(['sim-1/web-2', 'sim-2/web-9', 'sim-10/web-10']);
    expect(order('node', true)).toEqual(['sim-10/web-10', 'sim-2/web-9', 'sim-1/web-2']);
  });

  it('sorts names and addresses naturally too', () => {
    expect(order('name')).toEqual(['sim-1/web-2', 'sim-2/web-9', 'sim-10/web-10']);
    expect(order('ip')).toEqual(['sim-1/web-2', 'sim-2/web-9', 'sim-10/web-10']);
  });

  it('returns rows already in order as they are (a fleet arrives node by node), and still sorts the rest', () => {
    const inOrder = sortEndpoints(rows, [{ id: 'node', desc: false }]);
    expect(sortEndpoints(inOrder, [{ id: 'node', desc: false }])).toBe(inOrder);
    expect(sortEndpoints(inOrder, [{ id: 'node', desc: true }])).not.toBe(inOrder);
    expect(sortEndpoints(inOrder, [{ id: 'node', desc: true }]).map((e) => e.id)).toEqual([
      'sim-10/web-10',
      'sim-2/web-9',
      'sim-1/web-2',
    ]);
  });
});
