import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../electron/core/flow/parse-flow';

describe('flow text', () => {
  it('parses the CLI form', () => {
    expect(parseFlow('outbound tcp 10.240.2.7:50000 -> 10.0.5.9:8080 sid s-1-5-32-556')).toEqual({
      ok: true,
      flow: {
        direction: 'outbound',
        protocol: 'tcp',
        localIp: '10.240.2.7',
        localPort: 50000,
        remoteIp: '10.0.5.9',
        remotePort: 8080,
        sid: 'S-1-5-32-556',
      },
    });
    expect(parseFlow('in udp 10.240.2.7:53->10.0.0.10:40000')).toMatchObject({
      ok: true,
      flow: { direction: 'inbound', protocol: 'udp' },
    });
  });

  it('rejects malformed text with a field and a sentence', () => {
    expect(parseFlow('sideways tcp a -> b')).toMatchObject({
      ok: false,
      issues: [{ field: 'flow', code: 'flow.format' }],
    });
    const r = parseFlow('outbound tcp 10.240.2.7:0 -> 10.0.5.9:8080');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ field: 'flow.local', code: 'port.range' });
    const s = parseFlow('outbound tcp 10.240.2.7:1 -> 10.0.5.9:8080 sid bogus');
    expect(s.ok).toBe(false);
  });
});
