import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppFailure } from '../../base/app-error';
import { readLimited } from '../../base/fs/read-limited';
import { checkAdminOnlyKey, createAdminOnlyFile } from './admin-only';

// Journal entries carry an HMAC-SHA256 (field `mac`) under a per-machine key kept admin-only beside
// the journal (issue 13 item 4). `restore` re-adds only entries whose MAC verifies: a line an
// unprivileged user planted or edited (in a journal folder they can write, or copied from elsewhere)
// cannot make the elevated process add policies. The key never leaves this file's folder.

export const JOURNAL_KEY_FILE = 'journal.key';
export const MAC_FIELD = 'mac';
const KEY_BYTES = 32;

export const keyPathFor = (journalPath: string) => join(dirname(journalPath), JOURNAL_KEY_FILE);

const keyError = (keyPath: string, why: string) =>
  new AppFailure({ code: 'journal-integrity', message: `Journal integrity key ${keyPath}: ${why}` });

/** MAC of an entry as written, without its own `mac` field (JSON.stringify keeps insertion order). */
export function macOf(key: Buffer, entry: Record<string, unknown>): string {
  return createHmac('sha256', key).update(JSON.stringify(entry)).digest('hex');
}

export type Integrity = 'ok' | 'unsigned' | 'mismatch';

/** Checks one parsed line: its `mac` against the MAC of the rest, in the order written. */
export function checkLine(key: Buffer | undefined, raw: unknown): Integrity {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'unsigned';
  const { [MAC_FIELD]: mac, ...rest } = raw as Record<string, unknown>;
  if (typeof mac !== 'string') return 'unsigned';
  if (!key || !/^[0-9a-f]{64}$/.test(mac)) return 'mismatch';
  const want = Buffer.from(macOf(key, rest), 'hex');
  return timingSafeEqual(want, Buffer.from(mac, 'hex')) ? 'ok' : 'mismatch';
}

async function readKey(keyPath: string): Promise<Buffer> {
  if (process.platform !== 'win32') {
    // POSIX: a key others can read or that someone else owns is no secret of this machine's admins.
    const st = await fsp.lstat(keyPath);
    if (!st.isFile()) throw keyError(keyPath, 'is not a regular file.');
    const euid = process.geteuid?.();
    if (euid !== undefined && st.uid !== euid)
      throw keyError(
        keyPath,
        `is owned by uid ${st.uid}, not by this user (uid ${euid}); refusing to trust it.`,
      );
    if ((st.mode & 0o077) !== 0)
      throw keyError(
        keyPath,
        `is accessible to other users (mode ${(st.mode & 0o777).toString(8)}); it must be 600.`,
      );
  }
  const text = (await readLimited(keyPath, { what: 'journal integrity key', maxBytes: 1024 }))
    .toString('utf8')
    .trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw keyError(keyPath, 'is not 64 hex digits (damaged?).');
  // Windows: its owner and DACL, before it is trusted (a planted or loosened key signs forgeries).
  const problem = await checkAdminOnlyKey(keyPath);
  if (problem)
    throw keyError(
      keyPath,
      `${problem}; refusing to trust it. If nobody else could have written it, delete it: a new key is made, and entries signed with the old one no longer verify.`,
    );
  return Buffer.from(text, 'hex');
}

/** The key if it exists (undefined if not): reading a journal never creates one. */
export async function loadKey(keyPath: string): Promise<Buffer | undefined> {
  try {
    return await readKey(keyPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * The key, created on first use: written to an admin-only temp file, then hard-linked into place
 * (link fails if the name exists), so two processes creating it at once agree on one key and nobody
 * ever reads a half-written key.
 */
export async function loadOrCreateKey(keyPath: string): Promise<Buffer> {
  const existing = await loadKey(keyPath);
  if (existing) return existing;
  const tmp = `${keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await createAdminOnlyFile(tmp);
    const fh = await fsp.open(tmp, fs.constants.O_RDWR);
    try {
      await fh.writeFile(randomBytes(KEY_BYTES).toString('hex') + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fsp.link(tmp, keyPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  } finally {
    await fsp.rm(tmp, { force: true });
  }
  return readKey(keyPath);
}
