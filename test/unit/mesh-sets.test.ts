import { describe, expect, it } from 'vitest';
import { diagnose } from '../../electron/core/diagnostics';
import { readProxySettings } from '../../electron/core/diagnostics/proxy-settings';
import { explainFlow } from '../../electron/core/flow/explain';
import { groupPolicies } from '../../electron/core/mesh/match';
import { profileById, setsOf } from '../../electron/core/mesh/profiles';
import { ownersOf } from '../../electron/core/services/ownership';
import type { Flow } from '../../electron/core/views';
import { endpoint, EP, input, proxy } from '../support/diagnostics-input';
import * as w from '../support/mesh-writers';

// Node states composed from the writers' own code (test/support/mesh-writers.ts names repository,
// path and commit for each), bent the way real nodes bend them: one field lost, a set applied twice,
// DNS capture switched on for an enrolled pod.

type S = Record<string, unknown>;
const policies = (settings: S[]) => settings.map((s) => proxy(s));
const run = (settings: S[]) => diagnose(input([endpoint(policies(settings))]));
const idsOf = (settings: S[]) => run(settings).map((f) => [f.id, f.severity]);
const groups = (settings: S[]) => groupPolicies(settings.map((s, i) => readProxySettings(proxy(s), i)));
const without = (s: S, key: string): S => {
  const copy = structuredClone(s);
  delete copy[key];
  return copy;
};
const outbound = (over: Partial<Flow>): Flow => ({
  direction: 'outbound',
  protocol: 'tcp',
  localIp: '10.240.2.7',
  localPort: 50000,
  remoteIp: '10.96.0.10',
  remotePort: 53,
  ...over,
});

describe('sets judged by the proxy they feed (istio/istio experimental-windows-ambient iptables_windows.go @e245938e)', () => {
  const [hbone, plaintext] = w.istioAmbient() as [S, S];

  it('the plaintext policy without its UserSID is Istio’s, with one broken field: not a second mesh, not a missing policy', () => {
    const bentPair = [hbone, without(plaintext, 'UserSID')];
    const found = idsOf(bentPair);
    expect(found).toContainEqual(['proxy.no-user-sid', 'error']);
    expect(found).toContainEqual(['endpoint.altered-mesh-policy', 'warning']);
    expect(found.map(([id]) => id)).not.toContain('endpoint.multiple-proxies');
    expect(found.map(([id]) => id)).not.toContain('endpoint.incomplete-mesh');
    const altered = run(bentPair).find((f) => f.id === 'endpoint.altered-mesh-policy');
    expect(altered).toMatchObject({
      policyIndex: 1,
      evidence: { profile: 'istio-ambient-windows', template: 'plaintext', field: 'UserSID', actual: null },
    });
    expect(altered?.message).toContain('its UserSID is missing where the writer writes S-1-5-18');
    const [g] = groups(bentPair);
    expect(groups(bentPair)).toHaveLength(1);
    expect(g?.profile?.id).toBe('istio-ambient-windows');
    expect([...(g?.altered.keys() ?? [])]).toEqual([1]);
    expect(ownersOf(policies(bentPair), [])).toEqual([
      'Istio ambient (ztunnel, Windows CNI)',
      'Istio ambient (ztunnel, Windows CNI)',
    ]);
  });

  it('the HBONE policy without its UserSID (a shape nobody writes) joins the set the same way', () => {
    const bentPair = [without(hbone, 'UserSID'), plaintext];
    expect(groups(bentPair)).toHaveLength(1);
    expect(run(bentPair).find((f) => f.id === 'endpoint.altered-mesh-policy')?.policyIndex).toBe(0);
    expect(idsOf(bentPair).map(([id]) => id)).not.toContain('endpoint.multiple-proxies');
  });

  it('a changed proxy port is the broken field too, reported with what the writer writes', () => {
    const f = run([hbone, { ...plaintext, InboundProxyPort: '15007' }]).find(
      (x) => x.id === 'endpoint.altered-mesh-policy',
    );
    expect(f?.evidence).toMatchObject({ field: 'InboundProxyPort', expected: '15006', actual: '15007' });
  });

  it('near-misses: two broken fields, or the sidecar shape without an Istio ambient set, are not absorbed', () => {
    const twoBroken = [hbone, without({ ...plaintext, InboundExceptions: {} }, 'UserSID')];
    expect(idsOf(twoBroken).map(([id]) => id)).toContain('endpoint.multiple-proxies');
    const alone = [without(plaintext, 'UserSID')];
    expect(groups(alone)[0]?.profile?.id).toBe('istio-sidecar');
    expect(idsOf(alone).map(([id]) => id)).not.toContain('endpoint.altered-mesh-policy');
  });
});

describe('Istio’s DNS capture (keithmattix/istio cni/pkg/iptables/iptables_windows.go @1dbac9db)', () => {
  it('the four-policy set is one configuration and an outbound TCP query to port 53 goes to 15053, by the rule diagnose states', () => {
    const ep = endpoint(policies(w.istioAmbientWithDns()));
    expect(groups(w.istioAmbientWithDns())).toHaveLength(1);
    expect(run(w.istioAmbientWithDns()).map((f) => f.id)).not.toContain('proxy.ambiguous-priority');
    const r = explainFlow(ep, outbound({}));
    expect(r).toMatchObject({ redirected: true, proxyPort: 15053, policyIndex: 3 });
    const weight = r.steps.find((s) => s.check === 'weight');
    expect(weight?.detail).toContain('Policies #3, #1 all match; #3 applies');
    expect(weight?.detail).toContain(
      'policy #3 is the more specific filter (RemotePorts vs no conditions) and is assumed to weigh more, the same rule proxy.ambiguous-priority uses (inferred from WFP’s weighting when no weight is set)',
    );
    expect(r.inferred.join(' ')).toContain('WFP generates the weight when none is set');
    // Everything else still goes to ztunnel's 15001 by the plaintext policy.
    expect(explainFlow(ep, outbound({ remotePort: 443 }))).toMatchObject({
      proxyPort: 15001,
      policyIndex: 1,
    });
  });

  it('DNS switched on for an enrolled pod: six policies, the repeated pair is a duplicate of the same set, not another mesh', () => {
    const six = w.istioAmbientDnsTurnedOn();
    expect(six).toHaveLength(6);
    expect(idsOf(six).filter(([, sev]) => sev !== 'info')).toEqual([
      ['endpoint.duplicate-configuration', 'error'],
    ]);
    const f = run(six).find((x) => x.id === 'endpoint.duplicate-configuration');
    expect(f?.message).toContain('#2 repeats #0 (HBONE) exactly; #3 repeats #1 (plaintext) exactly');
    expect(f?.fix).toContain('Istio’s count check re-applies its set when DNS capture is switched on or off');
    expect(f?.fix).toContain(`clear ${EP} --owner istio-ambient-windows`);
  });

  it('counts follow the writer’s sets: the UDP DNS policy without its TCP twin is the DNS set with one missing', () => {
    const three = w.istioAmbientWithDns().slice(0, 3);
    const f = run(three).find((x) => x.id === 'endpoint.incomplete-mesh');
    expect(f?.message).toContain('is missing its DNS (TCP) policy (inbound -, outbound 15053)');
    expect(run(w.istioAmbient()).map((x) => x.id)).not.toContain('endpoint.incomplete-mesh');
  });

  it('the profile reads as a preset list: the pair, and the pair with DNS capture', () => {
    const profile = profileById('istio-ambient-windows');
    expect(profile && setsOf(profile).map((s) => [s.name, s.policies.map((t) => t.name)])).toEqual([
      ['ambient', ['HBONE', 'plaintext']],
      ['ambient with DNS capture', ['HBONE', 'plaintext', 'DNS (UDP)', 'DNS (TCP)']],
    ]);
    const linkerd = profileById('linkerd');
    expect(linkerd && setsOf(linkerd).map((s) => s.policies.map((t) => t.inbound))).toEqual([[4143]]);
  });

  it('explain and diagnose agree on a true tie: equal weight, different ports', () => {
    const a = { ...(w.osmAzureCni()[0] as S) };
    const b = { ...a, InboundProxyPort: '9091', OutboundProxyPort: '9191' };
    const r = explainFlow(endpoint(policies([a, b])), outbound({ remotePort: 80 }));
    expect(r.summary).toBe(
      'Redirected to port 15001 by policy #0 or to port 9191 by policy #1: both match with equal weight, and WFP does not define which applies.',
    );
    expect(run([a, b]).map((f) => f.id)).toContain('proxy.ambiguous-priority');
  });
});

describe('messages that say what is true', () => {
  it('a repeated Linkerd policy that lost its UserSID and exceptions: what differs and what it does', () => {
    const [k2s] = w.k2sLinkerd() as [S];
    const bare = { InboundProxyPort: '4143', OutboundProxyPort: '4140', FilterTuple: { Protocols: '6' } };
    const f = run([k2s, bare]).find((x) => x.id === 'endpoint.duplicate-configuration');
    expect(f?.message).toContain('#1 fills the same role as #0 (proxy) but differs');
    expect(f?.message).toContain(
      'no UserSID (#0 has S-1-5-32-556): the proxy’s own connections match #1 and are redirected back into it (a loop)',
    );
    expect(f?.message).toContain(
      'InboundExceptions.PortExceptions lacks 4190, 4191, 4567, 4568: inbound connections to those ports (admin and probe ports are what writers except) are redirected by #1',
    );
    expect(f?.message).not.toContain('repeats');
    expect(f?.evidence.differences).toEqual([
      ['UserSID', 'InboundExceptions.PortExceptions', 'OutboundExceptions.PortExceptions'],
    ]);
  });

  it('a per-user SID (the hcnproxyctrl README’s S-1-5-21-…-1000 form) is info; a built-in account RID is still a warning', () => {
    const withSid = (sid: string) =>
      run([{ ...(w.osmAzureCni()[0] as S), UserSID: sid }]).find((f) => f.id === 'proxy.unknown-user-sid');
    expect(withSid('S-1-5-21-1004336348-1177238915-682003330-1000')?.severity).toBe('info');
    expect(withSid('S-1-5-21-1004336348-1177238915-682003330-500')?.severity).toBe('warning');
  });

  it('swapped sidecar ports (inbound 15001, outbound 15006, Envoy’s exceptions) get a hint; the right way round does not', () => {
    const [sidecar] = w.istioSidecar() as [S];
    const swapped = { ...sidecar, InboundProxyPort: '15001', OutboundProxyPort: '15006' };
    const f = run([swapped]).find((x) => x.id === 'proxy.swapped-ports');
    expect(f?.message).toContain(
      'Istio sidecar (Envoy) listens the other way round (inbound 15006, outbound 15001)',
    );
    expect(run([sidecar]).map((x) => x.id)).not.toContain('proxy.swapped-ports');
  });

  it('fix texts name what this tool can do: --owner for one mesh’s set, --include-foreign for leftovers', () => {
    const two = run([...w.istioAmbient(), ...w.k2sLinkerd()]).find(
      (f) => f.id === 'endpoint.multiple-proxies',
    );
    expect(two?.fix).toContain(`clear ${EP} --owner <profile>`);
    expect(two?.fix).toContain(
      'istio-ambient-windows = Istio ambient (ztunnel, Windows CNI); linkerd = Linkerd proxy',
    );
    const leftover = diagnose(
      input([endpoint(policies(w.k2sLinkerd()), { HostComputeNamespace: undefined })], { namespaces: [] }),
    ).find((f) => f.id === 'endpoint.unattached');
    expect(leftover?.fix).toContain('--include-foreign');
  });
});

describe('raw values stay visible (Siemens-Healthineers/K2s hnsproxy.go @eaa769c3 splits without trimming)', () => {
  it('" 4191" is shown raw and flagged, and HNS’s acceptance is stated as unknown', () => {
    const spaced = w.k2sLinkerdFromConfig('4190, 4191, 4567, 4568');
    expect((spaced[0]?.InboundExceptions as { PortExceptions: string[] }).PortExceptions).toEqual([
      '4190',
      ' 4191',
      ' 4567',
      ' 4568',
    ]);
    const f = run(spaced).find((x) => x.id === 'proxy.untrimmed-value');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('InboundExceptions.PortExceptions " 4191"');
    expect(f?.message).toContain('is not documented');
    // Still Linkerd's policy (ownership reads the set, not the spacing).
    expect(ownersOf(policies(spaced), [])).toEqual(['Linkerd proxy']);
    const r = explainFlow(endpoint(policies(spaced)), {
      direction: 'inbound',
      protocol: 'tcp',
      localIp: '10.240.2.7',
      localPort: 4191,
      remoteIp: '10.240.0.1',
      remotePort: 50000,
    });
    expect(r.summary).toContain('port 4191 is an inbound port exception (written " 4191")');
    expect(r.inferred.join(' ')).toContain('whether HNS accepts or ignores them is not documented');
    expect(run(w.k2sLinkerdFromConfig('4190,4191,4567,4568')).map((x) => x.id)).not.toContain(
      'proxy.untrimmed-value',
    );
  });
});

describe('v1 NAT policies read wherever PortMapping is read', () => {
  const collision = (other: S) =>
    diagnose(input([endpoint([...policies(w.k2sLinkerd()), other])])).find(
      (f) => f.id === 'proxy.port-collision',
    );

  it('a hostPort NAT (containernetworking/plugins @3d27709f netconf_windows.go, ApiVersion 1) onto the proxy port collides', () => {
    expect(collision(w.cniV1HostPort(4143, 8080))?.message).toContain(
      'NAT.InternalPort = 4143 is also the inbound proxy port',
    );
    // As a v1 capture maps it (Settings beside Type), too.
    const { Type, ...settings } = w.cniV1HostPort(4140, 8080);
    expect(collision({ Type, Settings: settings })?.message).toContain('NAT.InternalPort = 4140');
  });

  it('near-misses: the host-side ExternalPort, and a UDP mapping, do not collide', () => {
    expect(collision(w.cniV1HostPort(80, 4143))).toBeUndefined();
    expect(collision(w.cniV1HostPort(4143, 8080, 'udp'))).toBeUndefined();
  });
});
