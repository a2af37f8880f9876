import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprint,
  hostEntryName,
  hostsFieldMatches,
  keyFromBlob,
  knownKeyTypes,
  parseKnownHosts,
  pinHostKey,
} from '../../electron/remote/known-hosts';

const blob = (type: string, body: string) => {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
};
const ED_A = blob('ssh-ed25519', 'key-a');
const ED_B = blob('ssh-ed25519', 'key-b');
const RSA = blob('ssh-rsa', 'key-r');
const line = (hosts: string, b: Buffer, marker = '') =>
  `${marker}${marker ? ' ' : ''}${hosts} ${keyFromBlob(b).type} ${b.toString('base64')}`;
const hashed = (name: string) => {
  const salt = Buffer.from('0123456789abcdef0123');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  it('names a non-22 port [host]:port, lower-cased', () => {
    expect(hostEntryName('Node1.Example', 22)).toBe('node1.example');
    expect(hostEntryName('10.0.0.4', 2222)).toBe('[10.0.0.4]:2222');
  });

  it('matches patterns (wildcards, negation) and hashed entries', () => {
    expect(hostsFieldMatches('node1,node2', 'node2')).toBe(true);
    expect(hostsFieldMatches('*.example,!bad.example', 'good.example')).toBe(true);
    expect(hostsFieldMatches('*.example,!bad.example', 'bad.example')).toBe(false);
    expect(hostsFieldMatches('node?', 'node10')).toBe(false);
    expect(hostsFieldMatches('[10.0.0.4]:2222', '10.0.0.4')).toBe(false);
    expect(hostsFieldMatches(hashed('[10.0.0.4]:2222'), '[10.0.0.4]:2222')).toBe(true);
    expect(hostsFieldMatches(hashed('[10.0.0.4]:2222'), '10.0.0.4')).toBe(false);
  });

  it('known, changed (another key of the same or of another type, as OpenSSH says), unknown, revoked; cert-authority lines ignored', () => {
    const lines = parseKnownHosts(
      [
        '# comment',
        line('node1', ED_A),
        line(hashed('node2'), RSA),
        line('node3', ED_B, '@revoked'),
        line('node3', ED_B),
        line('*', ED_B, '@cert-authority'),
        'garbage line',
      ].join('\n'),
    );
    expect(checkHostKey(lines, 'node1', keyFromBlob(ED_A))).toEqual({ status: 'known', line: 2 });
    expect(checkHostKey(lines, 'node1', keyFromBlob(ED_B))).toEqual({
      status: 'changed',
      line: 2,
      knownFingerprint: fingerprint(ED_A),
    });
    // Only an RSA key is pinned for node2: an ed25519 key from it is a changed identity, not a new host.
    expect(checkHostKey(lines, 'node2', keyFromBlob(ED_A))).toEqual({
      status: 'changed',
      line: 3,
      knownFingerprint: fingerprint(RSA),
    });
    expect(checkHostKey(lines, 'node3', keyFromBlob(ED_B))).toEqual({ status: 'revoked', line: 4 });
    expect(checkHostKey(lines, 'node9', keyFromBlob(ED_B))).toEqual({ status: 'unknown' });
    expect(knownKeyTypes(lines, 'node2')).toEqual(['ssh-rsa']);
  });

  it('fingerprints as OpenSSH: SHA256: and unpadded base64', () => {
    expect(fingerprint(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });

  it('pinHostKey appends (creating the file 0600), and replace drops the old key of that type only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcn-kh-'));
    try {
      const file = join(dir, 'ssh', 'known_hosts');
      pinHostKey({ file, host: '10.0.0.4', port: 2222, key: keyFromBlob(ED_A) });
      // Windows reports 0o666 for any writable file (libuv maps only the read-only attribute).
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
      writeFileSync(file, readFileSync(file, 'utf8') + line('[10.0.0.4]:2222', RSA) + '\n');
      pinHostKey({ file, host: '10.0.0.4', port: 2222, key: keyFromBlob(ED_B), replace: true });
      const lines = parseKnownHosts(readFileSync(file, 'utf8'));
      expect(
        lines.map((l) => [l.hosts, l.keyType, l.blob.equals(ED_B) ? 'B' : l.blob.equals(RSA) ? 'R' : 'A']),
      ).toEqual([
        ['[10.0.0.4]:2222', 'ssh-rsa', 'R'],
        ['[10.0.0.4]:2222', 'ssh-ed25519', 'B'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
