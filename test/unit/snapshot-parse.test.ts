import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoState } from '../../native/demo-data';
import { getKey, type EndpointPolicy } from '../../native/hns-json';
import { parseSnapshot, serializeSnapshot, SnapshotError } from '../../native/snapshot/parse';

const dir = join(__dirname, '../fixtures/snapshots');
const read = (f: string) => readFileSync(join(dir, f));

function expectSnapshotError(bytes: Uint8Array, pattern: RegExp): void {
  let error: unknown;
  try {
    parseSnapshot(bytes, 'bad.json');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SnapshotError);
  expect((error as Error).message).toMatch(/^bad\.json: /);
  expect((error as Error).message).toMatch(pattern);
}

describe('parseSnapshot', () => {
  it('reads an array of v2 HostComputeEndpoint JSON and infers the networks', () => {
    const r = parseSnapshot(read('hcn-endpoints-v2.json'), 'hcn-endpoints-v2.json');
    expect(r.format).toBe('v2-endpoints');
    expect(r.state.endpoints.map((e) => e.Name)).toEqual(['web-0_eth0', 'nat-ep']);
    expect(r.state.endpoints[1]?.ID).toBe('8192A3B4-C5D6-4E7F-9081-92A3B4C5D6E7');
    expect(r.state.networks.map((n) => n.ID)).toEqual([
      '6f708192-a3b4-4c5d-9e6f-708192a3b4c5',
      '92a3b4c5-d6e7-4f80-8192-a3b4c5d6e7f8',
    ]);
    // The file does not say; it holds L4WFPPROXY policies, so HNS was at least 13.2 (hcnsupport.go).
    expect(r.state.version).toEqual({ major: 13, minor: 2 });
    expect(r.versionSource).toBe('inferred');
    expect(r.notes.join('\n')).toMatch(/inferred from the endpoints/);
    expect(r.warnings).toEqual([]);
  });

  it('reads Get-HnsEndpoint | ConvertTo-Json (UTF-16LE with BOM, v1 names) into the v2 model', () => {
    const r = parseSnapshot(read('get-hnsendpoint-v1-utf16.json'), 'v1.json');
    expect(r.format).toBe('get-hnsendpoint-v1');
    const [pod, remote] = r.state.endpoints;
    expect(pod?.HostComputeNetwork).toBe('2A3B4C5D-6E7F-4081-9223-344556677889');
    expect(pod?.IpConfigurations).toEqual([{ IpAddress: '10.240.1.20', PrefixLength: 24 }]);
    expect(pod?.MacAddress).toBe('0E-2A-0a-f0-01-14');
    expect(pod?.Flags).toBe(0);
    expect(pod?.Routes).toEqual([{ NextHop: '10.240.1.1', DestinationPrefix: '0.0.0.0/0' }]);
    expect(getKey(pod, 'Dns')).toEqual({
      Domain: 'demo.svc.cluster.local',
      Search: ['demo.svc.cluster.local', 'svc.cluster.local'],
      ServerList: ['10.0.0.10'],
    });
    expect(getKey(pod, 'SharedContainers')).toEqual([
      'aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66',
    ]);
    const proxy = (pod?.Policies as EndpointPolicy[]).find((p) => p.Type === 'L4WFPPROXY');
    expect(proxy).toEqual({
      Type: 'L4WFPPROXY',
      Settings: {
        FilterTuple: { Protocols: '6' },
        InboundProxyPort: '4143',
        OutboundProxyPort: '4140',
        UserSID: 'S-1-5-32-556',
        InboundExceptions: { PortExceptions: ['4191', '4190'] },
      },
    });
    expect(remote?.Flags).toBe(1); // IsRemoteEndpoint → RemoteEndpoint flag
    expect(r.state.networks).toEqual([
      { ID: '2A3B4C5D-6E7F-4081-9223-344556677889', Name: 'Calico', Type: 'Overlay', Synthesized: true },
    ]);
  });

  it('reads UTF-16BE and UTF-8 with a BOM', () => {
    const text = new TextDecoder('utf-16le').decode(read('get-hnsendpoint-v1-utf16.json').subarray(2));
    const be = Buffer.alloc(2 + text.length * 2);
    be[0] = 0xfe;
    be[1] = 0xff;
    for (let i = 0; i < text.length; i++) be.writeUInt16BE(text.charCodeAt(i), 2 + i * 2);
    expect(parseSnapshot(be, 'be.json').state.endpoints).toHaveLength(2);
    const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(parseSnapshot(utf8bom, 'bom.json').state.endpoints).toHaveLength(2);
  });

  it('reads hnsdiag list endpoints -df output (concatenated documents)', () => {
    const r = parseSnapshot(read('hnsdiag-endpoints-df.txt'), 'hnsdiag.txt');
    expect(r.format).toBe('hnsdiag');
    expect(r.state.endpoints.map((e) => e.IpConfigurations?.[0]?.IpAddress)).toEqual([
      '172.30.16.10',
      '172.30.16.11',
    ]);
    expect(r.state.networks.map((n) => n.Name)).toEqual(['nat']);
    expect(r.state.endpoints[0]?.Policies?.[0]?.Type).toBe('L4WFPPROXY');
  });

  it('reads a single endpoint object (ConvertTo-Json of one item is not an array)', () => {
    const one = JSON.stringify({
      ID: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
      Name: 'solo',
      HostComputeNetwork: '6f708192-a3b4-4c5d-9e6f-708192a3b4c5',
    });
    const r = parseSnapshot(Buffer.from(one), 'one.json');
    expect(r.format).toBe('v2-endpoints');
    expect(r.state.endpoints).toHaveLength(1);
  });

  it('keeps one endpoint per ID when a file lists the same endpoint twice (two captures pasted together), and says so', () => {
    const id = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
    const net = '6f708192-a3b4-4c5d-9e6f-708192a3b4c5';
    const text = JSON.stringify([
      { ID: id, Name: 'first', HostComputeNetwork: net },
      { ID: '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', Name: 'other', HostComputeNetwork: net },
      { ID: `{${id.toUpperCase()}}`, Name: 'second', HostComputeNetwork: net },
    ]);
    const r = parseSnapshot(Buffer.from(text), 'twice.json');
    expect(r.state.endpoints.map((e) => e.Name)).toEqual(['first', 'other']);
    expect(r.warnings).toContainEqual(expect.stringMatching(new RegExp(`more than once.*${id}.*first`, 'i')));
    // hnsdiag output (concatenated documents) goes through the same path.
    const docs = [
      { ID: id, Name: 'a', VirtualNetwork: net },
      { ID: id, Name: 'b', VirtualNetwork: net },
    ];
    const h = parseSnapshot(
      Buffer.from(docs.map((d) => JSON.stringify(d, null, 2)).join('\n')),
      'hnsdiag.txt',
    );
    expect(h.state.endpoints.map((e) => e.Name)).toEqual(['a']);
  });

  it('reports PowerShell depth truncation instead of silently losing data', () => {
    const r = parseSnapshot(read('get-hnsendpoint-depth2.json'), 'depth2.json');
    expect(r.format).toBe('get-hnsendpoint-v1');
    const warnings = r.warnings.join('\n');
    expect(warnings).toMatch(/Policies\[1\] was cut off .*-Depth 10/);
    expect(warnings).toMatch(/Health was cut off/);
    const policies = r.state.endpoints[0]?.Policies ?? [];
    expect(policies.map((p) => p.Type)).toEqual(['OutBoundNAT', 'L4WFPPROXY']);
    expect(getKey(policies[1], 'Truncated')).toMatch(/^@\{FilterTuple=/);
  });

  it('round-trips the app export format', () => {
    const state = demoState();
    const text = serializeSnapshot(state, {
      source: { backend: 'simulated', description: 'Simulated HNS (demo data)', hostname: 'node7' },
      capturedAt: new Date('2026-11-26T10:00:00Z'),
    });
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json).toMatchObject({
      format: 'hcnproxy-snapshot',
      version: 1,
      capturedAt: '2026-11-26T10:00:00.000Z',
      hnsVersion: { major: 15, minor: 1 },
    });
    const r = parseSnapshot(Buffer.from(text), 'export.json');
    expect(r.format).toBe('app');
    expect(r.state).toEqual(state);
    expect(r.warnings).toEqual([]);
  });

  it('an export without a version: inferred from its L4WFPPROXY policies, else left unknown', () => {
    const state = { ...demoState(), version: null };
    const text = serializeSnapshot(state, { source: { backend: 'windows', description: 'x' } });
    expect(parseSnapshot(Buffer.from(text), 'v.json')).toMatchObject({
      state: { version: { major: 13, minor: 2 } },
      versionSource: 'inferred',
    });
    const bare = { ...state, endpoints: state.endpoints.map((e) => ({ ...e, Policies: [] })) };
    const plain = serializeSnapshot(bare, { source: { backend: 'windows', description: 'x' } });
    expect(parseSnapshot(Buffer.from(plain), 'v.json')).toMatchObject({
      state: { version: null },
      versionSource: 'unknown',
    });
    const recorded = serializeSnapshot(demoState(), { source: { backend: 'windows', description: 'x' } });
    expect(parseSnapshot(Buffer.from(recorded), 'v.json').versionSource).toBe('file');
  });

  it('names the problem for corrupt, truncated or wrong-shape files', () => {
    expectSnapshotError(Buffer.alloc(0), /empty/);
    expectSnapshotError(Buffer.from('   \n'), /only whitespace/);
    expectSnapshotError(read('hcn-endpoints-v2.json').subarray(0, 300), /truncated/);
    expectSnapshotError(Buffer.from('{"ID": nope}'), /not valid JSON/);
    expectSnapshotError(
      read('hnsdiag-endpoints-df.txt').subarray(0, 1000),
      /truncated after 1 complete document/,
    );
    expectSnapshotError(Buffer.from('{"hello": "world"}'), /not an HNS snapshot/);
    expectSnapshotError(Buffer.from('42'), /expected a JSON object or array/);
    expectSnapshotError(Buffer.from('[1, 2]'), /item 0 is number/);
    expectSnapshotError(Buffer.from('[{"Name": "x"}]'), /no item has an endpoint ID/);
    expectSnapshotError(
      Buffer.from('{"format":"hcnproxy-snapshot","version":7}'),
      /version 7 is not supported/,
    );
    expectSnapshotError(
      Buffer.from('{"format":"hcnproxy-snapshot","version":1,"endpoints":{}}'),
      /"endpoints" must be an array/,
    );
    expectSnapshotError(Buffer.from('{"format":"other-tool"}'), /unknown snapshot format "other-tool"/);
    expectSnapshotError(
      read('get-hnsendpoint-v1-utf16.json').subarray(0, 101),
      /odd number of bytes.*truncated/,
    );
    expectSnapshotError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x80]), /not UTF-8 text/);
  });
});
