import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../electron/core/diagnostics';
import { rawProxyPolicies } from '../../electron/core/services/endpoint-detail';
import { ownersOf } from '../../electron/core/services/ownership';
import { parseSnapshot, SnapshotError } from '../../native/snapshot/parse';

// One test per file of test/fixtures/real-world/ (its README names each file's source).

const DIR = resolve(__dirname, '../fixtures/real-world');
const load = (f: string) => parseSnapshot(readFileSync(resolve(DIR, f)), f);
const refuse = (f: string): string => {
  try {
    load(f);
  } catch (e) {
    expect(e).toBeInstanceOf(SnapshotError);
    return (e as Error).message;
  }
  throw new Error(`${f} loaded but should have been refused`);
};
const loud = (f: string) => {
  const { state } = load(f);
  return diagnose({ ...state, hnsVersion: state.version, journal: [] }).filter((x) => x.severity !== 'info');
};

describe('real-world corpus', () => {
  it('windows-containers-563-get-hnsendpoint-list.txt: PowerShell list output is named, with the fix', () => {
    const m = refuse('windows-containers-563-get-hnsendpoint-list.txt');
    expect(m).toMatch(/this is PowerShell’s list output/);
    expect(m).toContain('pipe it to ConvertTo-Json -Depth 10');
    expect(m).not.toMatch(/not valid JSON|truncated/);
  });

  it('windows-containers-563-endpoint.json: v1 Namespace.ID, IPs, DNS and gateway map to v2; other fields survive', () => {
    const r = load('windows-containers-563-endpoint.json');
    expect(r.format).toBe('get-hnsendpoint-v1');
    const ep = r.state.endpoints[0];
    expect(ep).toMatchObject({
      HostComputeNamespace: '2c094b9e-af3a-4dc1-97d8-821b68603d23',
      HostComputeNetwork: '76177bd4-a2b5-43a6-9cb8-a37d9d903123',
      IpConfigurations: [{ IpAddress: '172.27.148.101', PrefixLength: 20 }],
      Dns: { Domain: 'internal.example.com', ServerList: ['192.168.1.15'] },
      Routes: [{ NextHop: '172.27.144.1', DestinationPrefix: '0.0.0.0/0' }],
      IPSubnetId: '6815fda3-cd3e-47b7-adfe-ef4d32160abe',
      Version: 64424509440,
    });
    expect(ep).not.toHaveProperty('Namespace');
    expect(r.versionSource).toBe('unknown');
  });

  it('sdn-582-get-hnsnetwork-list.txt: a network list in console format', () => {
    expect(refuse('sdn-582-get-hnsnetwork-list.txt')).toContain(
      'this is a network list; export endpoints with Get-HnsEndpoint | ConvertTo-Json -Depth 10',
    );
  });

  it('sdn-582-get-hnsnetwork.json: a network dump does not load as endpoints', () => {
    expect(refuse('sdn-582-get-hnsnetwork.json')).toContain(
      'this is a network list; export endpoints with Get-HnsEndpoint | ConvertTo-Json -Depth 10',
    );
  });

  it('calico-8465-get-hnspolicylist-list.txt: a load-balancer policy list', () => {
    expect(refuse('calico-8465-get-hnspolicylist-list.txt')).toMatch(
      /^.*this is a load-balancer policy list; export endpoints/,
    );
  });

  it('hcsshim-2571-linkerd-endpoint-v1.json: the Linkerd policy loads flat (v1), is Linkerd’s, and is clean', () => {
    const r = load('hcsshim-2571-linkerd-endpoint-v1.json');
    expect(r).toMatchObject({ versionSource: 'inferred', state: { version: { major: 13, minor: 2 } } });
    const ep = r.state.endpoints[0];
    expect(ownersOf(rawProxyPolicies(ep as never), [])).toEqual(['Linkerd proxy']);
    expect(loud('hcsshim-2571-linkerd-endpoint-v1.json')).toEqual([]);
  });

  it('istio-ambient-endpoint-v2.json: both Istio ambient policies are Istio’s, one configuration, no warnings', () => {
    const ep = load('istio-ambient-endpoint-v2.json').state.endpoints[0];
    expect(ownersOf(rawProxyPolicies(ep as never), [])).toEqual([
      'Istio ambient (ztunnel, Windows CNI)',
      'Istio ambient (ztunnel, Windows CNI)',
    ]);
    expect(loud('istio-ambient-endpoint-v2.json')).toEqual([]);
  });

  it('capture-with-prompt.txt: the JSON is extracted and the prompt lines are reported', () => {
    const r = load('capture-with-prompt.txt');
    expect(r.state.endpoints.map((e) => e.Name)).toEqual(['web-7c9d_eth0', 'api-5f2a_eth0']);
    expect(r.warnings[0]).toMatch(
      /^Skipped 2 line\(s\) of text that is not JSON around the JSON: line 1 "PS C:\\Users\\azureuser> Get-HnsEndpoint/,
    );
  });

  it('capture-cut-short.txt: says truncated (where the JSON starts), not "Unexpected token P"', () => {
    const m = refuse('capture-cut-short.txt');
    expect(m).toMatch(/the JSON that starts on line 2 ends too early: the file is truncated/);
    expect(m).toContain('line 1 "PS C:\\Users\\azureuser>');
    expect(m).not.toMatch(/Unexpected token/);
  });

  it('collectlogs-endpoint.txt: the table (multi-value cell included) is skipped, the JSON loads', () => {
    const r = load('collectlogs-endpoint.txt');
    expect(r.state.endpoints).toHaveLength(2);
    expect(r.warnings[0]).toMatch(
      /^Skipped 4 line\(s\) of a table and other text around the JSON: line 2 "IPAddress/,
    );
  });

  it('hnsdiag-list-endpoints-table.txt: an hnsdiag table is named, with the -df fix', () => {
    expect(refuse('hnsdiag-list-endpoints-table.txt')).toMatch(
      /this is hnsdiag’s text output .*hnsdiag list endpoints -df/,
    );
  });

  it('hnsdiag-list-endpoints-text.txt: hnsdiag’s "Name : value" text is named, with the -df fix', () => {
    expect(refuse('hnsdiag-list-endpoints-text.txt')).toMatch(
      /this is hnsdiag’s text output .*hnsdiag list endpoints -df/,
    );
  });

  it('acn-hnsdiag-piped-convertto-json.json: hnsdiag text piped through ConvertTo-Json is console text', () => {
    expect(refuse('acn-hnsdiag-piped-convertto-json.json')).toMatch(
      /the JSON holds console text, not objects: this is hnsdiag’s text output/,
    );
  });
});
