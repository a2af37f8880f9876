import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, ENDPOINT_RULES, NODE_RULES } from '../../electron/core/diagnostics';
import { FindingSchema } from '../../electron/core/views';
import type { DiagnoseInput } from '../../electron/core/diagnostics';
import { bent, endpoint, input, journalEntry, proxy } from '../support/diagnostics-input';
import { istioAmbient, k2sLinkerd } from '../support/mesh-writers';

const linkerd = () => k2sLinkerd()[0] as Record<string, unknown>;

const ids = (i: DiagnoseInput) => diagnose(i).map((f) => f.id);

/** Each rule: an input that fires it and a near-identical one that does not. */
const cases: { rule: string; fires: DiagnoseInput; quiet: DiagnoseInput }[] = [
  {
    rule: 'proxy.no-user-sid',
    fires: input([endpoint([proxy(bent((s) => delete s.UserSID))])]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'proxy.unknown-user-sid',
    fires: input([
      endpoint([proxy(bent((s) => (s.UserSID = 'S-1-5-21-1004336348-1177238915-682003330-1001')))]),
    ]),
    quiet: input(
      [endpoint([proxy(bent((s) => (s.UserSID = 'S-1-5-21-1004336348-1177238915-682003330-1001')))])],
      {
        knownProxySids: ['S-1-5-21-1004336348-1177238915-682003330-1001'],
      },
    ),
  },
  {
    rule: 'proxy.no-proxy-port',
    fires: input([endpoint([proxy(bent((s) => (delete s.InboundProxyPort, delete s.OutboundProxyPort)))])]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'proxy.invalid-port',
    fires: input([endpoint([proxy(bent((s) => (s.OutboundProxyPort = '70000')))])]),
    quiet: input([endpoint([proxy(bent((s) => (s.OutboundProxyPort = '65535')))])]),
  },
  {
    rule: 'proxy.one-direction',
    fires: input([endpoint([proxy(bent((s) => delete s.InboundProxyPort))])]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'proxy.port-in-exceptions',
    fires: input([endpoint([proxy(bent((s) => (s.InboundExceptions = { PortExceptions: ['15006'] })))])]),
    quiet: input([endpoint([proxy(bent((s) => (s.InboundExceptions = { PortExceptions: ['15021'] })))])]),
  },
  {
    rule: 'proxy.port-in-filter',
    fires: input([
      endpoint([
        proxy(
          bent((s) => ((s.FilterTuple = { Protocols: '6', RemotePorts: '15000-15010' }), delete s.UserSID)),
        ),
      ]),
    ]),
    // With a UserSID the proxy's own connections are exempt (Istio ambient's HBONE policy does this).
    quiet: input([
      endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '6', RemotePorts: '15000-15010' })))]),
    ]),
  },
  {
    rule: 'proxy.port-collision',
    fires: input([
      endpoint([
        proxy(),
        { Type: 'PortMapping', Settings: { InternalPort: 15006, ExternalPort: 8080, Protocol: 6 } },
      ]),
    ]),
    quiet: input([
      endpoint([
        proxy(),
        { Type: 'PortMapping', Settings: { InternalPort: 80, ExternalPort: 8080, Protocol: 6 } },
      ]),
    ]),
  },
  {
    rule: 'proxy.ipv6',
    fires: input([endpoint([proxy(bent((s) => (s.OutboundExceptions = { IpAddressExceptions: ['::1'] })))])]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'proxy.non-tcp',
    fires: input([endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '17' })))])]),
    quiet: input([endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '6' })))])]),
  },
  {
    rule: 'proxy.legacy-port',
    fires: input([endpoint([proxy({ Port: '8000', FilterTuple: { Protocols: '6' }, UserSID: 'S-1-5-18' })])]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'proxy.unknown-fields',
    fires: input([endpoint([proxy(bent((s) => (s.UserSid2 = 'S-1-5-18')))])]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'endpoint.multiple-proxies',
    fires: input([
      endpoint([proxy(), proxy({ ...linkerd(), FilterTuple: { Protocols: '6', Priority: 5 } })]),
    ]),
    // Two policies feeding one proxy (Istio ambient's HBONE + plaintext) are one configuration.
    quiet: input([endpoint(istioAmbient().map((s) => proxy(s)))]),
  },
  {
    rule: 'endpoint.duplicate-configuration',
    fires: input([endpoint([proxy(), proxy()])]),
    quiet: input([endpoint([proxy()])]),
  },
  {
    rule: 'endpoint.incomplete-mesh',
    fires: input([endpoint([proxy(istioAmbient()[0] as Record<string, unknown>)])]),
    quiet: input([endpoint(istioAmbient().map((s) => proxy(s)))]),
  },
  {
    rule: 'proxy.ambiguous-priority',
    fires: input([endpoint([proxy(), proxy(linkerd())])]),
    quiet: input([
      endpoint([proxy(), proxy({ ...linkerd(), FilterTuple: { Protocols: '6', Priority: 9 } })]),
    ]),
  },
  {
    rule: 'proxy.swapped-ports',
    fires: input([
      endpoint([proxy(bent((s) => ((s.InboundProxyPort = '15001'), (s.OutboundProxyPort = '15006'))))]),
    ]),
    quiet: input([endpoint()]),
  },
  {
    rule: 'proxy.untrimmed-value',
    fires: input([
      endpoint([proxy(bent((s) => (s.InboundExceptions = { PortExceptions: ['15021', ' 15090'] })))]),
    ]),
    quiet: input([
      endpoint([proxy(bent((s) => (s.InboundExceptions = { PortExceptions: ['15021', '15090'] })))]),
    ]),
  },
  {
    rule: 'endpoint.altered-mesh-policy',
    // Istio ambient's pair with the plaintext policy's UserSID lost (istio/istio iptables_windows.go @e245938e).
    fires: input([endpoint([proxy(istioAmbient()[0]), proxy({ ...istioAmbient()[1], UserSID: undefined })])]),
    quiet: input([endpoint(istioAmbient().map((s) => proxy(s)))]),
  },
  {
    rule: 'endpoint.unattached',
    fires: input([endpoint([proxy()], { HostComputeNamespace: undefined })], { namespaces: [] }),
    quiet: input([endpoint([], { HostComputeNamespace: undefined })], { namespaces: [] }),
  },
  {
    rule: 'journal.read-back-mismatch',
    fires: input([endpoint()], {
      journal: [journalEntry('ok', '2026-11-26T09:00:00Z'), journalEntry('mismatch', '2026-11-26T10:00:00Z')],
    }),
    quiet: input([endpoint()], {
      journal: [journalEntry('mismatch', '2026-11-26T09:00:00Z'), journalEntry('ok', '2026-11-26T10:00:00Z')],
    }),
  },
  {
    // Drift: added here (read back), gone now, and no remove or clear of ours since.
    rule: 'journal.removed-elsewhere',
    fires: input([endpoint([])], { journal: [journalEntry('ok', '2026-11-26T09:00:00Z')] }),
    quiet: input([endpoint([])], {
      journal: [
        journalEntry('ok', '2026-11-26T09:00:00Z'),
        { ...journalEntry('ok', '2026-11-26T10:00:00Z', 'j-clear'), operation: 'clear' },
      ],
    }),
  },
  {
    rule: 'node.hns-too-old',
    fires: input([endpoint()], { hnsVersion: { major: 13, minor: 1 } }),
    quiet: input([endpoint()], { hnsVersion: { major: 13, minor: 2 } }),
  },
];

describe('diagnostics rules', () => {
  it('covers every registered rule (and at least 12)', () => {
    const registered = [...ENDPOINT_RULES, ...NODE_RULES].map((r) => r.id).sort();
    expect(cases.map((c) => c.rule).sort()).toEqual(registered);
    expect(registered.length).toBeGreaterThanOrEqual(12);
  });

  it('docs/diagnostics-rules.md lists exactly the registered rule ids (they are the CLI’s JSON interface)', () => {
    const doc = readFileSync(resolve(__dirname, '../../docs/diagnostics-rules.md'), 'utf8');
    const listed = [...doc.matchAll(/^\| `([a-z0-9-]+\.[a-z0-9-]+)`/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual([...ENDPOINT_RULES, ...NODE_RULES].map((r) => r.id).sort());
  });

  it('a healthy endpoint has no findings', () => {
    expect(diagnose(input([endpoint()]))).toEqual([]);
  });

  for (const c of cases) {
    describe(c.rule, () => {
      it('fires', () => {
        const found = diagnose(c.fires).filter((f) => f.id === c.rule);
        expect(found.length).toBeGreaterThan(0);
        for (const f of found) {
          expect(FindingSchema.parse(f)).toEqual(f);
          expect(f.message.length).toBeGreaterThan(10);
          expect(f.fix.length).toBeGreaterThan(10);
          expect(Object.keys(f.evidence).length).toBeGreaterThan(0);
        }
      });
      it('does not fire on the near-miss', () => {
        expect(ids(c.quiet)).not.toContain(c.rule);
      });
    });
  }
});

describe('proxy.port-collision near-misses', () => {
  const collisions = (settings: Record<string, unknown>) =>
    diagnose(input([endpoint([proxy(), { Type: 'PortMapping', Settings: settings }])])).filter(
      (f) => f.id === 'proxy.port-collision',
    );

  it('a host-side ExternalPort equal to a proxy port is not a collision (traffic is delivered to InternalPort)', () => {
    expect(collisions({ InternalPort: 80, ExternalPort: 15006, Protocol: 6 })).toEqual([]);
    expect(collisions({ InternalPort: 15006, ExternalPort: 15006, Protocol: 6 })).toHaveLength(1);
  });

  it('a UDP mapping onto a proxy port cannot reach the TCP proxy listener', () => {
    expect(collisions({ InternalPort: 15006, ExternalPort: 8080, Protocol: 17 })).toEqual([]);
    expect(collisions({ InternalPort: 15006, ExternalPort: 8080 })).toHaveLength(1);
    expect(collisions({ InternalPort: 15001, ExternalPort: 8080, Protocol: 'TCP' })).toHaveLength(1);
  });
});

describe('proxy.unknown-user-sid on what HNS holds', () => {
  it('a literal "system" UserSID is not a SID (HNS matches no process with it): an error, not S-1-5-18', () => {
    const found = diagnose(input([endpoint([proxy(bent((s) => (s.UserSID = 'system')))])])).filter(
      (f) => f.id === 'proxy.unknown-user-sid',
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', evidence: { userSid: 'system' } });
  });
});
