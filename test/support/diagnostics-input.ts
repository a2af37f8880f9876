import { resolve } from 'node:path';
import type { HostComputeEndpoint } from '../../native/hns-json';
import type { DiagnoseInput } from '../../electron/core/diagnostics';
import type { JournalEntry } from '../../electron/core/views';

// Builders for diagnostics/flow tests: a healthy, attached endpoint with one good policy, which
// each test bends in exactly one way.

export const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
export const NS = '708192a3-b4c5-4d6e-8f70-8192a3b4c5d6';
export const NET = '2a3b4c5d-6e7f-4081-9223-344556677889';

export function goodSettings(): Record<string, unknown> {
  return {
    InboundProxyPort: '15006',
    OutboundProxyPort: '15001',
    FilterTuple: { Protocols: '6' },
    UserSID: 'S-1-5-32-556',
    InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15021', '15090'] },
    OutboundExceptions: { IpAddressExceptions: ['127.0.0.1'] },
  };
}

export function proxy(settings: Record<string, unknown> = goodSettings()) {
  return { Type: 'L4WFPPROXY', Settings: settings };
}

export function endpoint(
  policies: unknown[] = [proxy()],
  extra: Partial<HostComputeEndpoint> = {},
): HostComputeEndpoint {
  return {
    ID: EP,
    Name: 'web-0_eth0',
    HostComputeNetwork: NET,
    HostComputeNamespace: NS,
    IpConfigurations: [{ IpAddress: '10.240.2.7', PrefixLength: 24 }],
    Policies: policies as HostComputeEndpoint['Policies'],
    ...extra,
  };
}

export function input(endpoints: HostComputeEndpoint[], over: Partial<DiagnoseInput> = {}): DiagnoseInput {
  return {
    endpoints,
    networks: [{ ID: NET, Name: 'Calico', Type: 'Overlay' }],
    namespaces: [{ ID: NS, Type: 'HostDefault', Resources: [{ Type: 'Endpoint', Data: { ID: EP } }] }],
    hnsVersion: { major: 15, minor: 1 },
    journal: [],
    ...over,
  };
}

export function journalEntry(outcome: JournalEntry['outcome'], time: string, id = time): JournalEntry {
  return {
    id,
    time,
    user: 'admin',
    machine: 'node1',
    endpointId: EP,
    operation: 'add',
    before: [],
    after: [],
    policies: [proxy()],
    outcome,
  };
}

/** The settings with one path replaced: with(s => { s.UserSID = undefined }). */
export function bent(edit: (s: Record<string, unknown>) => void): Record<string, unknown> {
  const s = structuredClone(goodSettings());
  edit(s);
  return s;
}

export const MISCONFIGURED = resolve(__dirname, '../fixtures/misconfigured-node.json');

/** The six seeded misconfigurations, one finding each (test/fixtures/misconfigured-node.json). */
export const SEEDED = [
  ['proxy.no-user-sid', 'web-0_eth0'],
  ['proxy.legacy-port', 'legacy-0_eth0'],
  ['endpoint.multiple-proxies', 'db-0_eth0'],
  ['proxy.non-tcp', 'dns-cache-0_eth0'],
  ['proxy.port-collision', 'nat-web_eth0'],
  ['endpoint.unattached', 'leftover_eth0'],
].sort();
