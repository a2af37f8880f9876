import { describe, expect, it } from 'vitest';
import { parseNodeTarget } from '../../electron/remote/node-target';

// The node label is what the native Connect and Trust dialogs name: whatever the window sends as the
// user part must not make it read as another host.

describe('ssh:// user names', () => {
  it.each([
    ['ssh://admin%40prod-db-01@attacker.example', '@'],
    ['ssh://admin%20(pinned%2C%20verified)%0A%0A@attacker.example', 'spaces and line breaks'],
    ['ssh://admin%E2%80%AEtoor@evil', 'a bidi override (U+202E)'],
    ['ssh://x%3Btouch%20%2Ftmp%2Fp@host', 'shell characters'],
    ['ssh://%0D@host', 'CR'],
    ['ssh://a%2Fb@host', '/'],
    ['ssh://%E0%A4%A@host', 'a broken %-escape'],
    [`ssh://${'a'.repeat(65)}@host`, '65 characters'],
  ])('%s is refused (%s)', (value) => {
    expect(() => parseNodeTarget(value)).toThrow(
      `"${value}": the user name may hold letters, digits, ".", "_", "-", "$" and one DOMAIN\\ prefix (%5C), nothing else.`,
    );
  });

  it('accepts Windows and OpenSSH user names, a domain prefix, and non-ASCII letters', () => {
    expect(parseNodeTarget('ssh://Administrator@win-1').label).toBe('ssh://Administrator@win-1');
    expect(parseNodeTarget('ssh://CORP%5Cj.doe@win-1:2222')).toMatchObject({
      user: 'CORP\\j.doe',
      label: 'ssh://CORP\\j.doe@win-1:2222',
    });
    expect(parseNodeTarget('ssh://svc_hcn$@win-1')).toMatchObject({ user: 'svc_hcn$' });
    expect(parseNodeTarget('ssh://Jos%C3%A9@win-1')).toMatchObject({ user: 'José' });
  });
});
