import { describe, expect, it } from 'vitest';
import { buildTopoModel, type ModelInput } from '../../renderer/src/features/topology/model';
import { layoutTopology, type Box } from '../../renderer/src/features/topology/layout';
import type { EndpointDetail, EndpointSummary, Finding } from '../../electron/core/views';
import { proxy } from '../support/diagnostics-input';

const summary = (id: string, name: string, networkId: string, proxies: number): EndpointSummary => ({
  id,
  name,
  networkId,
  networkName: networkId === 'n1' ? 'Calico' : 'nat',
  ipAddresses: ['10.0.0.1'],
  macAddress: '',
  namespaceId: 'ns',
  containerIds: [],
  proxyPolicyCount: proxies,
  otherPolicyTypes: [],
  isRemote: false,
});
const detail = (s: EndpointSummary, raws: unknown[]): EndpointDetail => ({
  summary: s,
  proxyPolicies: raws.map((raw, index) => ({ index, policy: null, raw, unknownFields: [], flags: [] })),
  otherPolicies: [],
  raw: {},
});
const finding = (
  endpointId: string | undefined,
  severity: Finding['severity'],
  policyIndex?: number,
): Finding => ({
  id: 'x',
  severity,
  endpointId,
  policyIndex,
  message: 'm',
  fix: 'f',
  evidence: {},
});

function input(): ModelInput {
  // Canonical ids, as main sends every view (guidOf): the model compares them with ===.
  const a = summary('a', 'web', 'n1', 1);
  const b = summary('b', 'db', 'n1', 2);
  const c = summary('c', 'plain', 'n2', 0);
  return {
    endpoints: [a, b, c],
    details: new Map([
      ['a', detail(a, [proxy()])],
      ['b', detail(b, [proxy(), proxy({ Port: '8000' })])],
    ]),
    findings: [finding('b', 'warning'), finding('b', 'error', 1), finding(undefined, 'error')],
  };
}

const overlaps = (p: Box, q: Box) => p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;

describe('topology model and layout', () => {
  it('groups endpoints by network with ports, exceptions and worst severity', () => {
    const m = buildTopoModel(input());
    expect(m.networks.map((n) => [n.name, n.endpoints.map((e) => e.name)])).toEqual([
      ['Calico', ['web', 'db']],
      ['nat', ['plain']],
    ]);
    const web = m.networks[0]?.endpoints[0];
    expect(web?.leaves.map((l) => l.label)).toEqual([
      'in → 15006',
      'out → 15001',
      'in except 127.0.0.1, :15021, :15090',
      'out except 127.0.0.1',
    ]);
    const db = m.networks[0]?.endpoints[1];
    expect(db?.severity).toBe('error');
    expect(db?.counts).toEqual({ error: 1, warning: 1, info: 0 });
    expect(db?.leaves.find((l) => l.kind === 'legacy')).toMatchObject({
      label: 'Port 8000 (ignored) #1',
      severity: 'error',
    });
    expect(m.nodeFindings).toHaveLength(1);
  });

  it('restricts to one endpoint or one network', () => {
    expect(
      buildTopoModel({ ...input(), endpointId: 'b' }).networks.flatMap((n) => n.endpoints.map((e) => e.id)),
    ).toEqual(['b']);
    expect(buildTopoModel({ ...input(), networkId: 'n2' }).networks.map((n) => n.name)).toEqual(['nat']);
  });

  it('marks endpoints whose detail has not arrived', () => {
    const i = input();
    const m = buildTopoModel({ ...i, details: new Map() });
    expect(m.networks[0]?.endpoints.map((e) => e.leavesUnknown)).toEqual([true, true]);
    expect(m.networks[1]?.endpoints[0]?.leavesUnknown).toBe(false);
  });

  it('lays out without overlaps and with one edge per parent→child', () => {
    const m = buildTopoModel(input());
    const L = layoutTopology(m);
    const boxes: Box[] = [...L.networks, ...L.endpoints, ...L.leaves];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(overlaps(boxes[i] as Box, boxes[j] as Box)).toBe(false);
    expect(L.edges).toHaveLength(L.endpoints.length + L.leaves.length);
    for (const b of boxes) {
      expect(b.x + b.w).toBeLessThanOrEqual(L.width);
      expect(b.y + b.h).toBeLessThanOrEqual(L.height);
    }
  });
});
