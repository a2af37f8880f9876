import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { writeFileAtomicSync } from '../base/fs/atomic-write';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { READ_LIMITS, readLimitedSync } from '../base/fs/read-limited';

const KNOWN_HOSTS_READ = { what: 'known hosts file', maxBytes: READ_LIMITS.small };

// OpenSSH's known_hosts, read the way `ssh` reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
//   [marker] hostpatterns keytype base64-key [comment]
// host patterns are comma-separated, with * and ? wildcards and ! negation; a non-22 port is written
// "[host]:port"; a hashed entry (HashKnownHosts, Debian's default) is |1|base64(salt)|base64(HMAC-SHA1
// (salt, name)). @revoked marks a key that must never be accepted; @cert-authority lines are for
// certificate-signed host keys, which this client does not support: they are ignored.

export const defaultKnownHostsFile = (): string => join(homedir(), '.ssh', 'known_hosts');

export interface HostKey {
  /** The key's own type, from its blob: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ... */
  type: string;
  /** The wire-format key blob (what known_hosts stores as base64). */
  blob: Buffer;
}

/** OpenSSH's fingerprint: "SHA256:" + unpadded base64 of the SHA-256 of the key blob. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type is the first string of the blob (uint32 length + bytes). */
export function keyFromBlob(blob: Buffer): HostKey {
  if (blob.length < 4) throw new Error('Host key blob is too short.');
  const n = blob.readUInt32BE(0);
  if (n < 1 || n > 64 || 4 + n > blob.length) throw new Error('Host key blob has no valid type.');
  return { type: blob.subarray(4, 4 + n).toString('latin1'), blob };
}

/** The name a host is filed under: "host" on port 22, "[host]:port" otherwise. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

export interface KnownHostLine {
  lineNo: number;
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  blob: Buffer;
}

export function parseKnownHosts(text: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const f = line.split(/\s+/);
    let marker: KnownHostLine['marker'];
    if (f[0] === '@revoked' || f[0] === '@cert-authority') marker = f.shift() as KnownHostLine['marker'];
    const [hosts, keyType, b64] = f;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    out.push({
      lineNo: i + 1,
      ...(marker ? { marker } : {}),
      hosts,
      keyType,
      blob: Buffer.from(b64, 'base64'),
    });
  });
  return out;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** Whether a line's host field names `name` (already "[host]:port" for a non-22 port). */
export function hostsFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

export type HostKeyVerdict =
  | { status: 'known'; line: number }
  | { status: 'revoked'; line: number }
  | { status: 'changed'; line: number; knownFingerprint: string }
  | { status: 'unknown' };

export function checkHostKey(lines: KnownHostLine[], name: string, key: HostKey): HostKeyVerdict {
  const mine = lines.filter((l) => l.marker !== '@cert-authority' && hostsFieldMatches(l.hosts, name));
  const revoked = mine.find((l) => l.marker === '@revoked' && l.blob.equals(key.blob));
  if (revoked) return { status: 'revoked', line: revoked.lineNo };
  const plain = mine.filter((l) => !l.marker);
  const same = plain.find((l) => l.blob.equals(key.blob));
  if (same) return { status: 'known', line: same.lineNo };
  // As OpenSSH judges it (hostfile.c check_key_in_hostkeys): a host with any key on file that
  // presents another one, of whatever type, has CHANGED. A man in the middle that offers only a type
  // the file does not hold must not read as a new host to trust.
  const other = plain.find((l) => l.keyType === key.type) ?? plain[0];
  if (other) return { status: 'changed', line: other.lineNo, knownFingerprint: fingerprint(other.blob) };
  return { status: 'unknown' };
}

/** Key types known for a host, so the client can ask the server for one of those first (as ssh does). */
export function knownKeyTypes(lines: KnownHostLine[], name: string): string[] {
  return [
    ...new Set(lines.filter((l) => !l.marker && hostsFieldMatches(l.hosts, name)).map((l) => l.keyType)),
  ];
}

export function readKnownHosts(file: string): KnownHostLine[] {
  try {
    return parseKnownHosts(readLimitedSync(file, KNOWN_HOSTS_READ).toString('utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** The line ssh-keyscan would print for this key (what the user can check and append). */
export function knownHostsLine(host: string, port: number, key: HostKey, hashed = false): string {
  const name = hostEntryName(host, port);
  let field = name;
  if (hashed) {
    const salt = randomBytes(20);
    field = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  }
  return `${field} ${key.type} ${key.blob.toString('base64')}`;
}

export interface PinOptions {
  file?: string;
  host: string;
  port: number;
  key: HostKey;
  /** Drop the host's other entries of this key type first (a key the user confirmed has changed). */
  replace?: boolean;
  /** Write a hashed entry, as HashKnownHosts yes does. */
  hashed?: boolean;
}

/**
 * Trusts a host key from now on. Call it only after the user compared the fingerprint (the GUI shows
 * it and asks). Rewrites the file atomically; creates ~/.ssh (0700) and the file (0600) if needed.
 */
export function pinHostKey(options: PinOptions): { file: string; line: string } {
  const file = options.file ?? defaultKnownHostsFile();
  const name = hostEntryName(options.host, options.port);
  let text = '';
  try {
    text = readLimitedSync(file, KNOWN_HOSTS_READ).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let kept = text.split(/\r?\n/);
  if (options.replace) {
    const drop = new Set(
      parseKnownHosts(text)
        .filter((l) => !l.marker && l.keyType === options.key.type && hostsFieldMatches(l.hosts, name))
        .map((l) => l.lineNo),
    );
    kept = kept.filter((_, i) => !drop.has(i + 1));
  }
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  const line = knownHostsLine(options.host, options.port, options.key, options.hashed);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomicSync(file, [...kept, line].join('\n') + '\n', undefined, 0o600);
  return { file, line };
}
