import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppFailure } from '../../base/app-error';
import { readLimited } from '../../base/fs/read-limited';
import { checkAdminOnlyKey, createAdminOnlyFile, RESET_FILE_SDDL, type FileSecurityEnv } from './admin-only';

// Journal entries carry an HMAC-SHA256 (field `mac`) under a per-machine key kept admin-only beside
// the journal. `restore` re-adds only entries whose MAC verifies: a line an unprivileged user planted
// or edited (in a journal folder they can write, or copied from elsewhere) cannot make the elevated
// process add policies. The key never leaves this file's folder.
//
// The MAC binds an entry to its place, so a genuine line cannot be replayed: it covers the journal's
// identity (a random id kept in the journal's head file), the entry's sequence number in that journal
// and the entry itself, which names the machine that wrote it (restore refuses another machine's).
// The head file — signed with the same key, replaced atomically after each append — holds the id and
// the last sequence number; so a genuine line copied into another journal (another id) does not
// verify there, and deleting a line (a `restore` record, so an entry looks restorable again) leaves a
// gap in the sequence or a journal shorter than its head, and restores from that journal are refused.
//
// Lines signed before this (a bare 64-hex MAC over the entry alone) are "older-format": still shown,
// still this app's for ownership and "already restored", never restorable — nothing in them says which
// journal or place they belong to.

export const JOURNAL_KEY_FILE = 'journal.key';
export const MAC_FIELD = 'mac';
export const SEQ_FIELD = 'seq';
/** The journal's id, in clear on each line (for messages; the MAC binds the head's id, not this). */
export const JOURNAL_ID_FIELD = 'journal';
const MAC_V2 = 'v2:';
const KEY_BYTES = 32;

export const keyPathFor = (journalPath: string) => join(dirname(journalPath), JOURNAL_KEY_FILE);
/** The head beside the journal: `journal.jsonl` → `journal.jsonl.head`. */
export const headPathFor = (journalPath: string) => `${journalPath}.head`;

const keyError = (keyPath: string, why: string) =>
  new AppFailure({ code: 'journal-integrity', message: `Journal integrity key ${keyPath}: ${why}` });

const hmac = (key: Buffer, value: unknown) =>
  createHmac('sha256', key).update(JSON.stringify(value)).digest('hex');

/** The older format's MAC: the entry alone (JSON.stringify keeps insertion order). */
export function macOf(key: Buffer, entry: Record<string, unknown>): string {
  return hmac(key, entry);
}

/** Where an entry sits: its journal's id and its sequence number there. */
export interface Place {
  journal: string;
  seq: number;
}

/** The MAC of an entry at its place. */
export function placedMacOf(key: Buffer, place: Place, entry: Record<string, unknown>): string {
  return MAC_V2 + hmac(key, { format: 2, journal: place.journal, seq: place.seq, entry });
}

/** A line as written: the entry, then its journal id, sequence and MAC. */
export function signedLine(
  key: Buffer,
  place: Place,
  entry: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...entry,
    [JOURNAL_ID_FIELD]: place.journal,
    [SEQ_FIELD]: place.seq,
    [MAC_FIELD]: placedMacOf(key, place, entry),
  };
}

export type Integrity = 'ok' | 'unsigned' | 'mismatch' | 'older-format';

export interface LineCheck {
  integrity: Integrity;
  /** The sequence number of a line that verified at its place. */
  seq?: number;
  /** The journal id the line names, when it differs from this journal's (copied in). */
  otherJournal?: string;
}

const equalHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** Checks one parsed line against the key and this journal's id (undefined: no valid head). */
export function checkLine(key: Buffer | undefined, raw: unknown, journalId?: string): LineCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { integrity: 'unsigned' };
  const {
    [MAC_FIELD]: mac,
    [SEQ_FIELD]: seq,
    [JOURNAL_ID_FIELD]: named,
    ...entry
  } = raw as Record<string, unknown>;
  if (typeof mac !== 'string') return { integrity: 'unsigned' };
  if (!key) return { integrity: 'mismatch' };
  if (/^[0-9a-f]{64}$/.test(mac)) {
    // Older format: the MAC covered everything but itself (seq/journal were not written then).
    const { [MAC_FIELD]: _m, ...rest } = raw as Record<string, unknown>;
    return { integrity: equalHex(macOf(key, rest), mac) ? 'older-format' : 'mismatch' };
  }
  if (!mac.startsWith(MAC_V2) || !/^[0-9a-f]{64}$/.test(mac.slice(MAC_V2.length)))
    return { integrity: 'mismatch' };
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return { integrity: 'mismatch' };
  if (typeof named === 'string' && named !== journalId) return { integrity: 'mismatch', otherJournal: named };
  if (!journalId) return { integrity: 'mismatch' };
  const want = placedMacOf(key, { journal: journalId, seq }, entry).slice(MAC_V2.length);
  return equalHex(want, mac.slice(MAC_V2.length)) ? { integrity: 'ok', seq } : { integrity: 'mismatch' };
}

/** The journal's head: its id and the last sequence number appended (signed). */
export interface Head {
  journal: string;
  seq: number;
}

const headMac = (key: Buffer, h: Head) =>
  hmac(key, { format: 2, head: true, journal: h.journal, seq: h.seq });

/** The head if it exists and verifies; undefined if missing; a reason when it is there and does not. */
export async function readHead(
  journalPath: string,
  key: Buffer | undefined,
): Promise<Head | string | undefined> {
  let text: string;
  try {
    text = (await readLimited(headPathFor(journalPath), { what: 'journal head', maxBytes: 4096 })).toString(
      'utf8',
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return (e as Error).message;
  }
  try {
    const h = JSON.parse(text) as { journal?: unknown; seq?: unknown; mac?: unknown };
    if (typeof h.journal !== 'string' || typeof h.seq !== 'number' || typeof h.mac !== 'string')
      return 'its head file is damaged';
    const head = { journal: h.journal, seq: h.seq };
    if (!key || !/^[0-9a-f]{64}$/.test(h.mac) || !equalHex(headMac(key, head), h.mac))
      return 'its head file does not verify (edited, or signed with another key)';
    return head;
  } catch {
    return 'its head file is damaged';
  }
}

/** A fresh journal id. */
export const newJournalIdentity = () => randomBytes(12).toString('hex');

/** Replaces the head atomically: an admin-only temp file, fsynced, renamed over the old one. */
export async function writeHead(
  journalPath: string,
  key: Buffer,
  head: Head,
  env: FileSecurityEnv = {},
): Promise<void> {
  const path = headPathFor(journalPath);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await createAdminOnlyFile(tmp, env);
    const fh = await fsp.open(tmp, fs.constants.O_RDWR | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      await fh.writeFile(JSON.stringify({ ...head, mac: headMac(key, head) }) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/**
 * Keys this process created (path → hex): while the file still holds one, this process may trust it
 * although its owner is this user — it wrote it itself. Every other process judges the file by its
 * owner and DACL. Windows makes the key Administrators' (created with "O:BA"); Wine makes every file
 * the user's whatever was asked for, so under Wine only the process that made a key trusts it.
 */
const createdHere = new Map<string, string>();

async function readKey(keyPath: string, env: FileSecurityEnv): Promise<Buffer> {
  if ((env.platform ?? process.platform) !== 'win32') {
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
  const problem = await checkAdminOnlyKey(keyPath, env, createdHere.get(keyPath) === text);
  if (problem)
    throw keyError(
      keyPath,
      `${problem}; refusing to trust it. If nobody else could have written it, delete it: a new key is made, and entries signed with the old one no longer verify.`,
    );
  return Buffer.from(text, 'hex');
}

/** The key if it exists (undefined if not): reading a journal never creates one. */
export async function loadKey(keyPath: string, env: FileSecurityEnv = {}): Promise<Buffer | undefined> {
  try {
    return await readKey(keyPath, env);
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
export async function loadOrCreateKey(keyPath: string, env: FileSecurityEnv = {}): Promise<Buffer> {
  const existing = await loadKey(keyPath, env);
  if (existing) return existing;
  const tmp = `${keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const key = randomBytes(KEY_BYTES);
  try {
    // Owned by Administrators from the start (Windows), so other elevated processes trust it.
    await createAdminOnlyFile(tmp, env, RESET_FILE_SDDL);
    const fh = await fsp.open(tmp, fs.constants.O_RDWR | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      await fh.writeFile(key.toString('hex') + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fsp.link(tmp, keyPath);
      createdHere.set(keyPath, key.toString('hex'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  } finally {
    await fsp.rm(tmp, { force: true });
  }
  return readKey(keyPath, env);
}
