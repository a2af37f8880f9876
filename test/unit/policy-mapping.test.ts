import { describe, expect, it } from 'vitest';
import { fromHns, toHns } from '../../electron/core/policy/hns-mapping';
import { validateProxyPolicy } from '../../electron/core/policy/validate';

const valid = (input: unknown) => {
  const r = validateProxyPolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('toHns', () => {
  it('produces exactly the current-schema JSON of docs/hcn-api.md §5.1', () => {
    const p = valid({
      inboundProxyPort: 15001,
      outboundProxyPort: '15002',
      userSid: 'S-1-5-32-556',
      outboundExceptions: { ipAddresses: ['127.0.0.1'], ports: [15090] },
    });
    const request = { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [toHns(p)] } };
    expect(JSON.stringify(request)).toBe(
      '{"ResourceType":"Policy","RequestType":"Add","Settings":{"Policies":[{"Type":"L4WFPPROXY","Settings":{"InboundProxyPort":"15001","OutboundProxyPort":"15002","FilterTuple":{"Protocols":"6"},"UserSID":"S-1-5-32-556","InboundExceptions":{},"OutboundExceptions":{"IpAddressExceptions":["127.0.0.1"],"PortExceptions":["15090"]}}}]}}',
    );
  });

  it('writes strings for ports and protocol, a number for Priority, lists comma-joined, never Port', () => {
    const p = valid({
      proxyPort: 8000,
      localAddresses: '10.0.0.0/16, 10.1.0.4',
      remotePorts: ['80', '8000-8080'],
      priority: '8',
    });
    const s = toHns(p).Settings as Record<string, unknown>;
    expect(s).not.toHaveProperty('Port');
    expect(s.InboundProxyPort).toBe('8000');
    expect(s.OutboundProxyPort).toBe('8000');
    expect(s.FilterTuple).toEqual({
      Protocols: '6',
      LocalAddresses: '10.0.0.0/16,10.1.0.4',
      RemotePorts: '80,8000-8080',
      Priority: 8,
    });
  });
});

describe('fromHns', () => {
  it('reads keys case-insensitively and numbers or strings alike', () => {
    const r = fromHns({
      type: 'l4wfpproxy',
      settings: {
        inboundproxyport: 15006,
        OUTBOUNDPROXYPORT: '15001',
        filtertuple: { protocols: '6', priority: 3 },
        usersid: 's-1-5-18',
      },
    });
    expect(r.policy).toMatchObject({
      inboundProxyPort: 15006,
      outboundProxyPort: 15001,
      priority: 3,
      userSid: 'S-1-5-18',
    });
    expect(r.unknownFields).toEqual([]);
  });

  it('flags a legacy Port and records unknown fields, keeping raw untouched', () => {
    const raw = {
      Type: 'L4WFPPROXY',
      Settings: {
        Port: '8000',
        FilterTuple: { Protocols: '6', Flavor: 1 },
        UserSID: 'S-1-5-18',
        CompartmentID: 2,
      },
    };
    const copy = structuredClone(raw);
    const r = fromHns(raw);
    expect(r.legacyPort).toBe('8000');
    expect(r.unknownFields).toEqual(['Settings.CompartmentID', 'Settings.FilterTuple.Flavor']);
    expect(r.raw).toBe(raw);
    expect(raw).toEqual(copy);
    expect(r.policy?.inboundProxyPort).toBeUndefined();
  });

  it('round-trips every model field', () => {
    const p = valid({
      inboundProxyPort: 4143,
      outboundProxyPort: 4140,
      userSid: 'S-1-5-32-556',
      localAddresses: ['10.0.0.4'],
      remoteAddresses: ['10.0.0.0/8', '192.168.1.1'],
      localPorts: ['80'],
      remotePorts: ['443', '9000-9100'],
      priority: 100,
      inboundExceptions: { ipAddresses: ['127.0.0.1'], ports: [4191] },
      outboundExceptions: { ipAddresses: ['169.254.169.254'], ports: [443, 4190] },
    });
    expect(fromHns(toHns(p)).policy).toEqual(p);
  });

  it('does not read a literal UserSID "system" in HNS output as S-1-5-18 (only the CLI input takes that shorthand)', () => {
    const r = fromHns({
      Type: 'L4WFPPROXY',
      Settings: { OutboundProxyPort: '15001', FilterTuple: { Protocols: '6' }, UserSID: 'system' },
    });
    expect(r.policy).toBeNull();
    expect(r.issues).toEqual([expect.objectContaining({ field: 'userSid', code: 'sid.format' })]);
    expect(
      fromHns({ Type: 'L4WFPPROXY', Settings: { OutboundProxyPort: '15001', UserSID: 's-1-5-18' } }).policy
        ?.userSid,
    ).toBe('S-1-5-18');
  });

  it('marks policies HNS holds that our rules cannot express as unparseable (policy null)', () => {
    const r = fromHns({
      Type: 'L4WFPPROXY',
      Settings: { OutboundProxyPort: '15001', FilterTuple: { Protocols: '17' } },
    });
    expect(r.policy).toBeNull();
    expect(r.issues[0]?.code).toBe('protocol.unsupported');
  });
});
