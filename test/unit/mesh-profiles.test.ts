import { describe, expect, it } from 'vitest';
import { diagnose } from '../../electron/core/diagnostics';
import { readProxySettings } from '../../electron/core/diagnostics/proxy-settings';
import { explainFlow } from '../../electron/core/flow/explain';
import { groupPolicies } from '../../electron/core/mesh/match';
import { MESH_PROFILES } from '../../electron/core/mesh/profiles';
import { ownersOf } from '../../electron/core/services/ownership';
import type { Flow } from '../../electron/core/views';
import { endpoint, input, proxy } from '../support/diagnostics-input';
import * as w from '../support/mesh-writers';

const policies = (settings: Record<string, unknown>[]) => settings.map((s) => proxy(s));
const run = (settings: Record<string, unknown>[]) => diagnose(input([endpoint(policies(settings))]));
const loud = (settings: Record<string, unknown>[]) =>
  run(settings)
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.id}: ${f.message}`);

/** One row per public writer: its canonical output (from its code) and the owner the table names. */
const WRITERS: { source: string; settings: () => Record<string, unknown>[]; owner: string }[] = [
  {
    source: 'istio/istio experimental-windows-ambient cni/pkg/iptables/iptables_windows.go @e245938e',
    settings: w.istioAmbient,
    owner: 'Istio ambient (ztunnel, Windows CNI)',
  },
  {
    source: 'keithmattix/istio cni/pkg/iptables/iptables_windows.go @1dbac9db (DNS capture on)',
    settings: w.istioAmbientWithDns,
    owner: 'Istio ambient (ztunnel, Windows CNI)',
  },
  {
    source: 'istio/istio cni/pkg/iptables/iptables_windows.go @b7c223d2 (15008/15006 variant)',
    settings: w.istioAmbient2024,
    owner: 'Istio ambient (ztunnel, Windows CNI, 2024 prototype)',
  },
  {
    source: 'istio/istio cni/pkg/iptables/test/main.go @d09f7ad0',
    settings: w.istioAmbientTestProgram,
    owner: 'Istio ambient (Windows CNI test program)',
  },
  {
    source: 'istio/istio tools/common/config/config.go @86c9f01f (Linux ports; inferred for Windows)',
    settings: w.istioSidecar,
    owner: 'Istio sidecar (Envoy)',
  },
  {
    source:
      'Siemens-Healthineers/K2s k2s/internal/containernetworking/hnsproxy.go @90769d8a + cfg/config.json @6bb11ea6',
    settings: w.k2sLinkerd,
    owner: 'Linkerd proxy',
  },
  {
    source: 'microsoft/hcsshim#2571 (Linkerd CNI policy pasted by the reporter)',
    settings: w.linkerdIssue2571,
    owner: 'Linkerd proxy',
  },
  {
    source: 'Azure/azure-container-networking network/policy/policy_windows_test.go @032c14ce (OSM)',
    settings: w.osmAzureCni,
    owner: 'Open Service Mesh (Envoy) via Azure CNI',
  },
  {
    source: 'microsoft/hcsshim hcn/hcnutils_test.go HcnCreateWfpProxyPolicyRequest @18de184a',
    settings: w.hcsshimTest,
    owner: 'hcsshim integration test',
  },
];

describe('every public writer’s canonical output', () => {
  for (const writer of WRITERS) {
    describe(writer.source, () => {
      it('raises no warning or error and is one configuration', () => {
        expect(loud(writer.settings())).toEqual([]);
        const groups = groupPolicies(writer.settings().map((s, i) => readProxySettings(proxy(s), i)));
        expect(groups).toHaveLength(1);
        expect(groups[0]).toMatchObject({ duplicates: [], missing: [] });
      });
      it(`is owned by "${writer.owner}" (from the profile table)`, () => {
        const raws = policies(writer.settings());
        expect(ownersOf(raws, [])).toEqual(raws.map(() => writer.owner));
        // What this app added itself is never foreign, whatever its shape.
        expect(ownersOf(raws, raws)).toEqual(raws.map(() => undefined));
      });
    });
  }

  it('microsoft/hcnproxyctrl proxy/hcnproxyctl.go @58a12be0: owned; its removed Port field is a warning naming it', () => {
    const raws = policies(w.hcnproxyctrl());
    expect(ownersOf(raws, [])).toEqual(['hcnproxyctrl (2019 CLI)']);
    const found = run(w.hcnproxyctrl());
    // Never "by design": a Port-only policy may redirect nothing, whoever wrote it.
    expect(found.map((f) => [f.id, f.severity])).toEqual([['proxy.legacy-port', 'warning']]);
    expect(found[0]?.message).toContain('sets only the removed Port field (8000)');
    expect(found[0]?.message).toContain(
      'hcsshim replaced Port by InboundProxyPort/OutboundProxyPort (PR #910, v0.8.12); whether current HNS still honours Port is not documented',
    );
    expect(found[0]?.message).toContain('It matches what hcnproxyctrl (2019 CLI) writes.');
    expect(found[0]?.fix).toMatch(/add \S+ --port 8000.*remove \S+ 0/);
    expect(found[0]?.evidence).toMatchObject({ legacyPort: '8000', writer: 'hcnproxyctrl' });
    expect(found[0]?.evidence.byDesign).toBeUndefined();
  });

  it('Port beside the current ports fits no writer, so it is still a warning', () => {
    const mixed = w
      .hcnproxyctrl()
      .map((s) => ({ ...s, InboundProxyPort: '15001', OutboundProxyPort: '15001' }));
    expect(ownersOf(policies(mixed), [])).toEqual([undefined]);
    expect(run(mixed).map((f) => [f.id, f.severity])).toContainEqual(['proxy.legacy-port', 'warning']);
  });

  it('by-design findings stay visible as info naming the writer and the reason', () => {
    const dns = run(w.istioAmbientWithDns()).filter((f) => f.policyIndex === 2);
    expect(dns.map((f) => [f.id, f.severity]).sort()).toEqual([
      ['proxy.non-tcp', 'info'],
      ['proxy.one-direction', 'info'],
    ]);
    expect(dns[0]?.message).toMatch(/^By design for Istio ambient \(ztunnel, Windows CNI\): /);
    expect(dns[0]?.evidence.byDesign).toMatchObject({ profile: 'istio-ambient-windows' });
    // The same UDP policy written by nobody we know is still an error.
    const alone = run([{ ...w.istioAmbientWithDns()[2], UserSID: 'S-1-5-32-556' }]);
    expect(alone.find((f) => f.id === 'proxy.non-tcp')?.severity).toBe('error');
  });

  it('every profile names a repository and what it writes; code-based ones a path and commit', () => {
    for (const p of MESH_PROFILES) {
      expect(p.sources.length, p.id).toBeGreaterThan(0);
      for (const s of p.sources) {
        expect(s.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
        expect(s.note.length).toBeGreaterThan(20);
        expect(s.commit ?? s.url, `${p.id} ${s.repository}`).toBeTruthy();
        if (s.commit) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      }
    }
  });
});

describe('real conflicts are still errors', () => {
  const ids = (s: Record<string, unknown>[]) =>
    run(s)
      .filter((f) => f.severity === 'error')
      .map((f) => f.id);

  it('two different proxies: Istio ambient and Linkerd on one pod', () => {
    const f = run([...w.istioAmbient(), ...w.k2sLinkerd()]).find((x) => x.id === 'endpoint.multiple-proxies');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain(
      'Istio ambient (ztunnel, Windows CNI) (policies #0, #1); Linkerd proxy (policy #2)',
    );
  });

  it('the same mesh twice: Istio ambient applied twice', () => {
    expect(ids([...w.istioAmbient(), ...w.istioAmbient()])).toEqual(['endpoint.duplicate-configuration']);
    const f = run([...w.istioAmbient(), ...w.istioAmbient()]).find(
      (x) => x.id === 'endpoint.duplicate-configuration',
    );
    expect(f?.message).toContain('#2 repeats #0 (HBONE) exactly; #3 repeats #1 (plaintext) exactly');
  });

  it('an unknown proxy appended twice by a second CNI run', () => {
    const mine = { ...w.osmAzureCni()[0], InboundProxyPort: '9091', OutboundProxyPort: '9191' };
    expect(ids([mine, mine])).toEqual(['endpoint.duplicate-configuration']);
    expect(ids([mine])).toEqual([]);
  });

  it('half a set: the HBONE policy without the plaintext one is a warning', () => {
    const f = run([w.istioAmbient()[0] as Record<string, unknown>]);
    expect(f.map((x) => [x.id, x.severity])).toEqual([['endpoint.incomplete-mesh', 'warning']]);
    expect(f[0]?.message).toContain('missing its plaintext policy (inbound 15006, outbound 15001)');
  });
});

describe('Istio ambient through the flow explainer (RemotePorts = destination port)', () => {
  const ep = endpoint(policies(w.istioAmbient()));
  const flow = (over: Partial<Flow>): Flow => ({
    direction: 'inbound',
    protocol: 'tcp',
    localIp: '10.240.2.7',
    localPort: 8080,
    remoteIp: '10.0.9.1',
    remotePort: 40000,
    ...over,
  });

  it('HBONE arriving at the pod’s port 15008 is not redirected: the plaintext policy excepts 15008 and the HBONE policy’s RemotePorts is the peer’s port', () => {
    const r = explainFlow(ep, flow({ localPort: 15008 }));
    expect(r.redirected).toBe(false);
    expect(r.summary).toBe(
      'Not redirected because remote (peer) port 40000 does not match FilterTuple.RemotePorts; port 15008 is an inbound port exception.',
    );
  });
  it('outbound HBONE to a peer’s 15008 matches both policies; the more specific HBONE policy #0 applies (both send it to 15001)', () => {
    const r = explainFlow(ep, flow({ direction: 'outbound', remotePort: 15008 }));
    expect(r).toMatchObject({ redirected: true, proxyPort: 15001, policyIndex: 0 });
    expect(r.steps.find((s) => s.check === 'weight')?.detail).toContain(
      'policy #0 is the more specific filter (RemotePorts vs no conditions)',
    );
  });
  it('plaintext to an application port goes to 15006 by policy #1', () => {
    expect(explainFlow(ep, flow({}))).toMatchObject({ redirected: true, proxyPort: 15006, policyIndex: 1 });
  });
  it('outbound goes to 15001; kubelet probes from the host SNAT address are not redirected', () => {
    expect(explainFlow(ep, flow({ direction: 'outbound', remotePort: 80 }))).toMatchObject({
      proxyPort: 15001,
    });
    expect(explainFlow(ep, flow({ remoteIp: w.PROBE })).redirected).toBe(false);
  });
  it('ztunnel’s own traffic (LocalSystem) is exempt', () => {
    expect(explainFlow(ep, flow({ sid: 'S-1-5-18' })).redirected).toBe(false);
  });
});

describe('what the explainer says it inferred', () => {
  it('an answer lists the endpoint-relative reading of FilterTuple as inferred', () => {
    const r = explainFlow(endpoint(policies(w.istioAmbient())), {
      direction: 'inbound',
      protocol: 'tcp',
      localIp: '10.240.2.7',
      localPort: 15008,
      remoteIp: '10.0.9.1',
      remotePort: 40000,
    });
    expect(r.inferred.join(' ')).toContain(
      'FilterTuple Local* fields match the pod’s side of the connection and Remote* the peer, in both directions',
    );
  });
});
