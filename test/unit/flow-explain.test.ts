import { describe, expect, it } from 'vitest';
import { explainFlow } from '../../electron/core/flow/explain';
import { FlowExplanationSchema, type Flow } from '../../electron/core/views';
import { bent, endpoint, proxy } from '../support/diagnostics-input';

const out = (over: Partial<Flow> = {}): Flow => ({
  direction: 'outbound',
  protocol: 'tcp',
  localIp: '10.240.2.7',
  localPort: 50000,
  remoteIp: '10.0.5.9',
  remotePort: 8080,
  ...over,
});
const inb = (over: Partial<Flow> = {}): Flow =>
  out({ direction: 'inbound', localPort: 8080, remoteIp: '10.0.9.1', remotePort: 40000, ...over });

describe('flow explainer', () => {
  it('redirects an ordinary outbound connection to the outbound proxy port', () => {
    const r = explainFlow(endpoint(), out({ sid: 'S-1-5-21-1-2-3-1001' }));
    expect(FlowExplanationSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({
      redirected: true,
      proxyPort: 15001,
      policyIndex: 0,
      summary: 'Redirected to port 15001 by policy #0.',
    });
  });

  it('redirects inbound traffic to the inbound proxy port', () => {
    expect(explainFlow(endpoint(), inb())).toMatchObject({ redirected: true, proxyPort: 15006 });
  });

  it('exempts the proxy’s own SID by prefix (whole components)', () => {
    const r = explainFlow(
      endpoint([proxy(bent((s) => (s.UserSID = 'S-1-5-32')))]),
      out({ sid: 'S-1-5-32-556' }),
    );
    expect(r.redirected).toBe(false);
    expect(r.summary).toContain('exempt by UserSID S-1-5-32');
    expect(r.steps.find((s) => s.check === 'user-sid')?.passed).toBe(false);
    // S-1-5-2 is not a component prefix of S-1-5-20.
    expect(
      explainFlow(endpoint([proxy(bent((s) => (s.UserSID = 'S-1-5-2')))]), out({ sid: 'S-1-5-20' }))
        .redirected,
    ).toBe(true);
  });

  it('honours IP exceptions (remote peer) and port exceptions (destination port)', () => {
    expect(explainFlow(endpoint(), out({ remoteIp: '127.0.0.1' })).summary).toBe(
      'Not redirected because remote address 127.0.0.1 is an outbound IP exception.',
    );
    expect(explainFlow(endpoint(), inb({ localPort: 15021 })).summary).toBe(
      'Not redirected because port 15021 is an inbound port exception.',
    );
    const prefixEx = endpoint([
      proxy(bent((s) => (s.OutboundExceptions = { IpAddressExceptions: ['10.0.0.0/16'] }))),
    ]);
    expect(explainFlow(prefixEx, out()).redirected).toBe(false);
  });

  it('reports a filter mismatch with the field that failed', () => {
    const ep = endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '6', RemotePorts: '80,443' })))]);
    const r = explainFlow(ep, out());
    expect(r.redirected).toBe(false);
    expect(r.summary).toContain('8080 does not match FilterTuple.RemotePorts');
    expect(explainFlow(ep, out({ remotePort: 443 })).redirected).toBe(true);
  });

  it('does not redirect UDP or a policy filtering another protocol', () => {
    expect(explainFlow(endpoint(), out({ protocol: 'udp' })).summary).toContain('TCP only');
    expect(
      explainFlow(endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '17' })))]), out()).redirected,
    ).toBe(false);
  });

  it('says so when there is no policy or no port for the direction', () => {
    expect(explainFlow(endpoint([]), out())).toMatchObject({
      redirected: false,
      summary: 'Not redirected: web-0_eth0 has no L4WFPPROXY policy.',
    });
    const r = explainFlow(endpoint([proxy({ Port: '8000', UserSID: 'S-1-5-18' })]), out());
    expect(r.summary).toContain('removed Port field 8000');
  });

  it('picks the higher priority of two matching policies and says that rests on an assumption', () => {
    const low = proxy(bent((s) => (s.FilterTuple = { Protocols: '6', Priority: 1 })));
    const high = proxy(
      bent((s) => ((s.OutboundProxyPort = '16001'), (s.FilterTuple = { Protocols: '6', Priority: 9 }))),
    );
    const r = explainFlow(endpoint([low, high]), out());
    expect(r).toMatchObject({ redirected: true, proxyPort: 16001, policyIndex: 1 });
    expect(r.inferred.join(' ')).toContain('the one with the higher FilterTuple.Priority applies');
    expect(r.steps.find((s) => s.check === 'weight')?.detail).toContain(
      'policy #1 has the higher FilterTuple.Priority (9 vs 1); assumed to be the WFP filter weight, higher wins',
    );
  });

  it('falls through to the next policy when the first does not match', () => {
    const narrow = proxy(
      bent((s) => (s.FilterTuple = { Protocols: '6', Priority: 9, RemoteAddresses: '192.168.0.0/16' })),
    );
    const r = explainFlow(endpoint([narrow, proxy()]), out());
    expect(r).toMatchObject({ redirected: true, policyIndex: 1 });
    expect(r.steps.filter((s) => !s.passed).map((s) => s.policyIndex)).toEqual([0]);
  });
});
