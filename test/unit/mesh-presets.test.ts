import { describe, expect, it } from 'vitest';
import { MESH_PRESETS } from '../../electron/core/mesh/presets';
import { MESH_PROFILES, setsOf } from '../../electron/core/mesh/profiles';
import { validateProxyPolicy } from '../../electron/core/policy/validate';

// The form's presets are the profile table's configurations, not a copy of them.

describe('MESH_PRESETS', () => {
  it('offers every set of every profile, in the table order', () => {
    const expected = MESH_PROFILES.flatMap((p) => setsOf(p).map((s) => s.policies.map((t) => t.name)));
    expect(MESH_PRESETS.map((p) => p.policies.map((x) => x.name))).toEqual(expected);
    expect(new Set(MESH_PRESETS.map((p) => p.id)).size).toBe(MESH_PRESETS.length);
  });

  it("gives Istio ambient's pair as two policies in the writer's order, with its fixed fields", () => {
    const pair = MESH_PRESETS.find((p) => p.id === 'istio-ambient-windows:ambient')!;
    expect(pair.unavailable).toBeUndefined();
    expect(pair.policies.map((p) => p.policy)).toEqual([
      expect.objectContaining({
        inboundProxyPort: 15008,
        outboundProxyPort: 15001,
        remotePorts: ['15008'],
        userSid: 'S-1-5-18',
      }),
      expect.objectContaining({
        inboundProxyPort: 15006,
        outboundProxyPort: 15001,
        userSid: 'S-1-5-18',
        inboundExceptions: { ipAddresses: [], ports: [15008] },
      }),
    ]);
  });

  it('lists the DNS-capture variant but says why the app cannot write it (UDP)', () => {
    const dns = MESH_PRESETS.find((p) => p.id === 'istio-ambient-windows:ambient with DNS capture')!;
    expect(dns.policies.map((p) => p.name)).toEqual(['HBONE', 'plaintext', 'DNS (UDP)', 'DNS (TCP)']);
    expect(dns.unavailable).toMatch(/DNS \(UDP\) is protocol 17; this app writes TCP proxy policies only/);
  });

  it('every policy of a writable preset passes the form and IPC validation as it stands', () => {
    for (const preset of MESH_PRESETS.filter((p) => !p.unavailable))
      for (const { policy } of preset.policies)
        expect(validateProxyPolicy(policy)).toMatchObject({ ok: true });
  });
});
