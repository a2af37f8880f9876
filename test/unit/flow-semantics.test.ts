import { describe, expect, it } from 'vitest';
import { explainFlow } from '../../electron/core/flow/explain';
import { parseFlow } from '../../electron/core/flow/parse-flow';
import type { Flow } from '../../electron/core/views';
import { bent, endpoint, proxy } from '../support/diagnostics-input';

// The per-field reading docs/flow-semantics.md decides: FilterTuple is endpoint-relative (Local* =
// the pod's side, Remote* = the peer) in both directions, as WFP's FWPM_CONDITION_IP_LOCAL_*/REMOTE_*
// conditions and HNS ACLs (projectcalico/calico @87c15906 felix/dataplane/windows/policysets/
// policysets.go maps an inbound rule's source to RemoteAddresses); UserSID also matches the token's
// groups, which a flow names.

const flow = (over: Partial<Flow>): Flow => ({
  direction: 'inbound',
  protocol: 'tcp',
  localIp: '10.240.2.7',
  localPort: 8080,
  remoteIp: '10.0.9.1',
  remotePort: 40000,
  ...over,
});
const withTuple = (tuple: Record<string, unknown>) =>
  endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '6', ...tuple })))]);

describe('FilterTuple is endpoint-relative in both directions', () => {
  it('LocalPorts is the pod’s port: inbound to it and outbound from it', () => {
    const ep = withTuple({ LocalPorts: '8080' });
    expect(explainFlow(ep, flow({})).redirected).toBe(true);
    expect(
      explainFlow(ep, flow({ direction: 'outbound', localPort: 8080, remotePort: 443 })).redirected,
    ).toBe(true);
    const miss = explainFlow(ep, flow({ direction: 'outbound', localPort: 50000, remotePort: 8080 }));
    expect(miss.summary).toBe(
      'Not redirected because local (pod) port 50000 does not match FilterTuple.LocalPorts.',
    );
  });

  it('RemoteAddresses is the peer: where an inbound connection comes from, where an outbound one goes', () => {
    const ep = withTuple({ RemoteAddresses: '10.0.9.0/24' });
    expect(explainFlow(ep, flow({})).redirected).toBe(true);
    expect(
      explainFlow(ep, flow({ direction: 'outbound', remoteIp: '10.0.9.5', remotePort: 80 })).redirected,
    ).toBe(true);
    expect(explainFlow(ep, flow({ remoteIp: '10.1.0.1' })).summary).toContain(
      'remote (peer) address 10.1.0.1 does not match FilterTuple.RemoteAddresses',
    );
  });

  it('port exceptions stay the destination port (inbound: the pod’s), and every answer lists the reading as inferred', () => {
    const r = explainFlow(endpoint(), flow({ localPort: 15021 }));
    expect(r.summary).toBe('Not redirected because port 15021 is an inbound port exception.');
    expect(r.inferred.join(' ')).toContain('endpoint-relative, as WFP’s FWPM_CONDITION_IP_LOCAL_*/REMOTE_*');
  });
});

describe('UserSID and the token’s groups', () => {
  const S556 = endpoint(); // goodSettings: UserSID S-1-5-32-556 (a group, as the hcnproxyctrl README uses it)
  const user = 'S-1-5-21-1004336348-1177238915-682003330-1001';

  it('a user SID alone: redirected, and the answer says it depends on group membership', () => {
    const r = explainFlow(S556, flow({ direction: 'outbound', sid: user }));
    expect(r.redirected).toBe(true);
    expect(r.steps.find((s) => s.check === 'user-sid')?.detail).toContain(
      "This depends on group membership: if the process's token holds S-1-5-32-556 (a group), the flow is exempt",
    );
    expect(r.inferred.join(' ')).toContain('UserSID also matches a group SID in the process token');
  });

  it('groups named in the flow decide it either way', () => {
    const exempt = explainFlow(S556, flow({ direction: 'outbound', sid: user, groups: ['S-1-5-32-556'] }));
    expect(exempt.redirected).toBe(false);
    expect(exempt.summary).toBe(
      'Not redirected because group S-1-5-32-556 is exempt by UserSID S-1-5-32-556.',
    );
    const not = explainFlow(S556, flow({ direction: 'outbound', sid: user, groups: ['S-1-5-11'] }));
    expect(not.redirected).toBe(true);
    expect(not.steps.find((s) => s.check === 'user-sid')?.detail).not.toContain(
      'depends on group membership',
    );
  });

  it('an account SID as UserSID (LocalSystem) does not depend on groups', () => {
    const system = endpoint([proxy(bent((s) => (s.UserSID = 'S-1-5-18')))]);
    const r = explainFlow(system, flow({ direction: 'outbound', sid: user }));
    expect(r.steps.find((s) => s.check === 'user-sid')?.detail).not.toContain('depends on group membership');
  });

  it('the flow syntax takes groups after the SID; a bad group is a field error', () => {
    const r = parseFlow(
      `outbound tcp 10.240.2.7:50000 -> 10.0.5.9:80 sid ${user} groups s-1-5-32-556,S-1-5-11`,
    );
    expect(r).toMatchObject({ ok: true, flow: { sid: user, groups: ['S-1-5-32-556', 'S-1-5-11'] } });
    const bad = parseFlow(`outbound tcp 10.240.2.7:50000 -> 10.0.5.9:80 sid ${user} groups admins`);
    expect(bad).toMatchObject({ ok: false, issues: [{ field: 'flow.groups' }] });
    expect(parseFlow('outbound tcp 10.240.2.7:50000 -> 10.0.5.9:80 groups S-1-5-11').ok).toBe(false);
  });
});
