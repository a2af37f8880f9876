import { describe, expect, it } from 'vitest';
import { ProxyPolicyInputSchema } from '../../electron/core/policy/schema';
import { validateGuid, validateProxyPolicy } from '../../electron/core/policy/validate';

const issuesOf = (input: unknown) => {
  const r = validateProxyPolicy(input);
  return r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`);
};

describe('validateProxyPolicy', () => {
  it.each([
    [{ inboundProxyPort: 0 }, 'inboundProxyPort:port.range'],
    [{ inboundProxyPort: 65536 }, 'inboundProxyPort:port.range'],
    [{ outboundProxyPort: 'abc' }, 'outboundProxyPort:port.format'],
    [{ outboundProxyPort: 1.5 }, 'outboundProxyPort:port.format'],
    [{}, 'inboundProxyPort:ports.required'],
    [{ proxyPort: 1, localPorts: '90-80' }, 'localPorts:range.order'],
    [{ proxyPort: 1, remoteAddresses: '10.0.0.256' }, 'remoteAddresses:ip.format'],
    [{ proxyPort: 1, remoteAddresses: 'fd00::1' }, 'remoteAddresses:ip.v6'],
    [{ proxyPort: 1, localAddresses: '10.0.0.0/33' }, 'localAddresses:ip.prefix'],
    [{ proxyPort: 1, protocol: 'UDP' }, 'protocol:protocol.unsupported'],
    [{ proxyPort: 1, protocol: 17 }, 'protocol:protocol.unsupported'],
    [{ proxyPort: 1, userSid: 'S-1-x' }, 'userSid:sid.format'],
    [{ proxyPort: 1, userSid: 'root' }, 'userSid:sid.format'],
    [{ proxyPort: 1, priority: 70000 }, 'priority:priority.range'],
    [{ proxyPort: 1, priority: -1 }, 'priority:priority.range'],
    [
      { proxyPort: 1, inboundExceptions: { ipAddresses: ['10.0.0.0/8'] } },
      'inboundExceptions.ipAddresses:exceptions.prefix',
    ],
    [{ proxyPort: 1, outboundExceptions: { ports: ['80-90'] } }, 'outboundExceptions.ports:exceptions.range'],
    [{ proxyPort: 1, outboundExceptions: { ipAddresses: ['::1'] } }, 'outboundExceptions.ipAddresses:ip.v6'],
    [{ proxyPort: 1, Port: 1 }, 'Port:field.unknown'],
  ])('%j → %s', (input, expected) => {
    expect(issuesOf(input)).toContain(expected);
  });

  it('accepts the seed shape, "system", TCP/6 and comma lists', () => {
    const r = validateProxyPolicy({
      proxyPort: '8000',
      userSid: 'system',
      protocol: '6',
      remoteAddresses: '10.0.0.4,10.0.1.0/24',
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        inboundProxyPort: 8000,
        outboundProxyPort: 8000,
        userSid: 'S-1-5-18',
        protocol: 'TCP',
        remoteAddresses: ['10.0.0.4', '10.0.1.0/24'],
      },
    });
  });

  it('warns (does not refuse) when a proxy port is an exception or inside the filtered ports, or no SID is set', () => {
    const r = validateProxyPolicy({
      inboundProxyPort: 15006,
      outboundProxyPort: 15001,
      localPorts: '15000-15010',
      outboundExceptions: { ports: [15001] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.code).sort()).toEqual([
      'proxyPort.inFilter',
      'proxyPort.isException',
      'userSid.missing',
    ]);
  });

  it('the zod schema carries the same code and message', () => {
    const r = ProxyPolicyInputSchema.safeParse({ inboundProxyPort: 70000 });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues[0]).toMatchObject({
      path: ['inboundProxyPort'],
      message: 'Port must be between 1 and 65535.',
      params: { code: 'port.range' },
    });
  });

  it('endpoint ids must be GUIDs', () => {
    expect(validateGuid('not-a-guid', 'endpointId')?.code).toBe('guid.format');
    expect(validateGuid('{5E6F7081-92A3-4B4C-8D5E-6F708192A3B4}', 'endpointId')).toBeUndefined();
  });
});
