import { describe, expect, it } from 'vitest';
import type { EndpointSummary } from '../../electron/core/views';
import type { FleetRow } from '../../renderer/src/features/fleet/fleet-columns';
import { csvField, fleetCsv, fleetJson } from '../../renderer/src/features/fleet/fleet-export';
import type { UnreachableNode } from '../../renderer/src/features/fleet/useFleetEndpoints';

// The fleet view's export: node and pod on every row, natural node order, CSV safe to open.

const ep = (id: string, name: string, pod?: string): EndpointSummary => ({
  id,
  name,
  networkId: 'n1',
  networkName: 'Calico',
  ipAddresses: ['10.0.0.2'],
  macAddress: '00-15-5D-00-00-01',
  namespaceId: 'ns',
  containerIds: ['c1', 'c2'],
  ...(pod ? { pod } : {}),
  proxyPolicyCount: 1,
  otherPolicyTypes: ['OutBoundNAT'],
  isRemote: false,
});
const row = (node: string, e: EndpointSummary): FleetRow => ({
  ...e,
  node,
  nodeLabel: node,
  rowKey: `${node}|${e.id}`,
});
const rows = [
  row('sim-10', ep('a', 'web-0_eth0', 'shop/web-0')),
  row('sim-2', ep('b', 'api-1_eth0', 'data/api-1')),
  row('sim-2', ep('c', 'host-ep')),
];
const down: UnreachableNode = {
  node: 'sim-3',
  label: 'sim-3',
  ok: false,
  error: { code: 'remote-unreachable', message: 'sim-3: connect ETIMEDOUT' },
};

describe('fleet export', () => {
  it('CSV: a header, then every row with its node and pod, nodes in natural order', () => {
    const lines = fleetCsv(rows).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'node,pod,name,endpoint_id,network,ip_addresses,mac_address,namespace_id,container_ids,proxy_policies,other_policies',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'sim-2,data/api-1,api-1_eth0',
      'sim-2,,host-ep',
      'sim-10,shop/web-0,web-0_eth0',
    ]);
    expect(lines[1]).toContain(',c1 c2,1,OutBoundNAT');
  });

  it('CSV: quotes separators and neutralizes formulas in text a node controls', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('web-0')).toBe('web-0');
  });

  it('JSON: every row with node id, label and pod; the unreachable nodes named apart', () => {
    const j = JSON.parse(fleetJson(rows, [down], new Date('2026-01-02T03:04:05Z'))) as {
      exportedAt: string;
      endpoints: Array<Record<string, unknown>>;
      unreachable: unknown[];
    };
    expect(j.exportedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(j.endpoints.map((e) => [e.node, e.nodeLabel, e.pod ?? null, e.id])).toEqual([
      ['sim-2', 'sim-2', 'data/api-1', 'b'],
      ['sim-2', 'sim-2', null, 'c'],
      ['sim-10', 'sim-10', 'shop/web-0', 'a'],
    ]);
    expect(j.endpoints[0]).not.toHaveProperty('rowKey');
    expect(j.unreachable).toEqual([{ node: 'sim-3', label: 'sim-3', error: 'sim-3: connect ETIMEDOUT' }]);
  });
});
