import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { basename, dirname } from 'node:path';
import { canonicalGuid } from '../../../native/hns-json';
import { AppFailure } from '../../base/app-error';
import { acquireFileLock } from '../../base/fs/file-lock';
import { READ_LIMITS, readLimited } from '../../base/fs/read-limited';
import { JournalEntrySchema, type JournalEntry, type RequestedBy } from '../views';
import type { JournalLike, JournalListOptions, NewJournalEntry } from './journal-like';
import { createAdminOnlyFile, ensureAdminOnlyDir, type FileSecurityEnv } from './admin-only';
import {
  checkLine,
  headPathFor,
  keyPathFor,
  loadKey,
  loadOrCreateKey,
  newJournalIdentity,
  readHead,
  signedLine,
  writeHead,
  type Head,
  type LineCheck,
} from './integrity';

// The audit log and the source of undo: one JSON object per line, append-only, each line fsynced
// before the operation reports success. Appends go through one promise chain, so the file order is
// the order in which operations completed, however many run at once.

export type { NewJournalEntry, JournalListOptions } from './journal-like';

let counter = 0;
/** Sortable, unique within a process and across processes (random tail): j-<time36>-<seq36>-<hex>. */
export function newJournalId(now = Date.now()): string {
  counter = (counter + 1) % 1_679_616;
  return `j-${now.toString(36)}-${counter.toString(36).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
}

function currentUser(): string {
  try {
    const u = userInfo().username;
    const domain = process.env.USERDOMAIN;
    return domain && process.platform === 'win32' ? `${domain}\\${u}` : u;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? 'unknown';
  }
}

// Appends never follow a symlink planted where the journal should be (POSIX; Windows has no O_NOFOLLOW
// and creates the file admin-only instead).
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0);

const integrityFailure = (id: string, why: string) =>
  new AppFailure({
    code: 'journal-integrity',
    field: 'journalId',
    message: `Journal entry ${id} failed its integrity check: ${why}; refusing to restore it.`,
  });

export interface JournalOptions {
  /** The per-machine HMAC key (default: journal.key beside the journal). */
  keyPath?: string;
  /**
   * The state file this view of the journal is about (CLI --state FILE --persist): appends name it, and
   * only its entries are listed, restored or count for ownership. Left out: the live node, which never
   * sees an entry that changed a file.
   */
  stateFile?: string;
  /** Platform and Win32 calls for the admin-only protection (tests pass a fake). */
  fileSecurity?: FileSecurityEnv;
  /** Recorded in every entry appended: who asked, as an agent's client claimed (agent.identify). */
  requestedBy?: RequestedBy;
}

/** Lines that count as this app's: signed at their place, or in the older format (see integrity.ts). */
const ours = (c: LineCheck | undefined) => c?.integrity === 'ok' || c?.integrity === 'older-format';

/**
 * Why the signed lines of a journal are not whole, or undefined: their sequence numbers must run
 * 1…n without a gap and reach the head's (a crash between the append and the head's update leaves the
 * journal one ahead, never behind).
 */
function sequenceProblem(checks: readonly LineCheck[], head: Head | undefined): string | undefined {
  if (!head) return undefined;
  const seqs = checks
    .flatMap((c) => (c.integrity === 'ok' && c.seq !== undefined ? [c.seq] : []))
    .sort((a, b) => a - b);
  for (let i = 0; i < seqs.length; i++)
    if (seqs[i] !== i + 1)
      return `signed entry #${i + 1} is missing from the journal (a line was deleted or edited)`;
  if (seqs.length < head.seq)
    return `its last ${head.seq - seqs.length === 1 ? 'signed entry is' : `${head.seq - seqs.length} signed entries are`} missing (the journal is shorter than its head file says)`;
  return undefined;
}

export class Journal implements JournalLike {
  private chain: Promise<unknown> = Promise.resolve();
  private entries: JournalEntry[] | undefined;
  /** Integrity of entries[i], checked against the key when the line was read or written. */
  private integrity: LineCheck[] = [];
  private loading: Promise<JournalEntry[]> | undefined;
  /** File size after our last read or append. A different size means another process (the CLI
   * while the app runs, a second admin) appended, so we re-read before answering. */
  private knownSize = -1;
  /** Lines that did not parse (a torn write, a hand edit); kept in the file, skipped here. */
  skippedLines = 0;
  readonly user = currentUser();
  readonly machine = hostname();

  readonly keyPath: string;

  constructor(
    readonly path: string,
    private readonly options: JournalOptions = {},
  ) {
    this.keyPath = options.keyPath ?? keyPathFor(path);
    this.fileSecurity = options.fileSecurity ?? {};
    if (options.stateFile) this.stateFile = options.stateFile;
  }

  readonly stateFile?: string;

  /** The same journal, its appends recording who asked (an agent's client, as it claimed). */
  forRequester(requestedBy: RequestedBy): Journal {
    return new Journal(this.path, { ...this.options, requestedBy });
  }

  private readonly fileSecurity: FileSecurityEnv;
  /** The head and the highest verified sequence number as last read or written. */
  private head: Head | undefined;
  private lastSeq = 0;

  private async size(): Promise<number> {
    try {
      return (await stat(this.path)).size;
    } catch {
      return 0;
    }
  }

  private forget(): void {
    this.entries = undefined;
    this.loading = undefined;
    this.skippedLines = 0;
  }

  private async load(): Promise<JournalEntry[]> {
    const cached = this.entries;
    if (cached) {
      const size = await this.size();
      // Re-check after the await: an append may have replaced or dropped the cache meanwhile.
      if (this.entries === cached && size === this.knownSize) return cached;
      if (this.entries === cached) this.forget();
    }
    this.loading ??= (async () => {
      const r = await this.readAll();
      this.head = r.head;
      this.lastSeq = r.lastSeq;
      this.knownSize = r.size;
      this.skippedLines = r.skipped;
      this.entries = r.entries;
      this.integrity = r.integrity;
      return r.entries;
    })();
    return this.loading;
  }

  /** The file as it is now, each entry with its integrity; touches no cache. */
  private async readAll(): Promise<{
    entries: JournalEntry[];
    integrity: LineCheck[];
    size: number;
    skipped: number;
    head: Head | undefined;
    /** Why restores from this journal are refused (its head or sequence), or undefined. */
    placeProblem: string | undefined;
    lastSeq: number;
  }> {
    // A key that is missing or not trustworthy verifies nothing: every signed line reads as a mismatch.
    const key = await loadKey(this.keyPath, this.fileSecurity).catch(() => undefined);
    // The head before the lines: an append between the two reads leaves the journal ahead of it, which
    // is fine, never behind.
    const headRead = await readHead(this.path, key);
    const head = typeof headRead === 'object' ? headRead : undefined;
    let bytes = Buffer.alloc(0);
    try {
      bytes = await readLimited(this.path, { what: 'journal', maxBytes: READ_LIMITS.journal });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const entries: JournalEntry[] = [];
    const integrity: LineCheck[] = [];
    let lastSeq = 0;
    let skipped = 0;
    for (const line of bytes.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const raw: unknown = JSON.parse(line);
        const parsed = JournalEntrySchema.safeParse(raw);
        if (parsed.success) {
          entries.push(parsed.data);
          const check = checkLine(key, raw, head?.journal);
          integrity.push(check);
          if (check.seq !== undefined) lastSeq = Math.max(lastSeq, check.seq);
        } else skipped++;
      } catch {
        skipped++;
      }
    }
    const placeProblem =
      typeof headRead === 'string'
        ? headRead
        : !head && integrity.some((c) => c.otherJournal !== undefined)
          ? `its head file ${headPathFor(this.path)} is missing`
          : sequenceProblem(integrity, head);
    return { entries, integrity, size: bytes.length, skipped, head, placeProblem, lastSeq };
  }

  /** Appends durably (write + fsync) and resolves with the stored entry, in call order. */
  append(entry: NewJournalEntry): Promise<JournalEntry> {
    const run = async (): Promise<JournalEntry> => {
      const full: JournalEntry = {
        id: newJournalId(),
        time: new Date().toISOString(),
        user: this.user,
        machine: this.machine,
        ...entry,
        ...(this.stateFile ? { stateFile: this.stateFile } : {}),
        ...(this.options.requestedBy ? { requestedBy: this.options.requestedBy } : {}),
      };
      await ensureAdminOnlyDir(dirname(this.path), this.fileSecurity);
      const key = await loadOrCreateKey(this.keyPath, this.fileSecurity);
      await createAdminOnlyFile(this.path, this.fileSecurity);
      // The sequence number is the journal's, shared by every process appending to it: taken under
      // the file's lock, from the journal as it is now.
      const lock = await acquireFileLock(this.path);
      try {
        const entries = await this.load();
        // No head that verifies (a new journal, or one whose head was removed or edited): a new
        // identity, so no line written before can verify at a place in it.
        const head: Head = this.head
          ? { journal: this.head.journal, seq: Math.max(this.head.seq, this.lastSeq) + 1 }
          : { journal: newJournalIdentity(), seq: 1 };
        let written: { before: number; bytes: number };
        const fh = await open(this.path, APPEND_FLAGS);
        try {
          // A torn last line (a crash mid-write, no newline) would swallow this entry: start a new line.
          const { size } = await fh.stat();
          const last = Buffer.alloc(1);
          const torn = size > 0 && (await fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
          const line = (torn ? '\n' : '') + JSON.stringify(signedLine(key, head, full)) + '\n';
          await fh.write(line);
          await fh.sync();
          written = { before: size, bytes: Buffer.byteLength(line) };
        } finally {
          await fh.close();
        }
        await writeHead(this.path, key, head, this.fileSecurity);
        if (written.before === this.knownSize && this.entries === entries) {
          entries.push(full);
          this.integrity.push({ integrity: 'ok', seq: head.seq });
          this.knownSize = written.before + written.bytes;
          this.head = head;
          this.lastSeq = head.seq;
        } else {
          // Another process appended since we read: re-read on next use instead of guessing.
          this.forget();
        }
      } finally {
        lock.release();
      }
      return full;
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Entries as written, oldest first, with restoredBy filled from later restore entries. */
  async all(): Promise<JournalEntry[]> {
    const entries = await this.load();
    const restoredBy = new Map<string, string>();
    // Only restores this app wrote count: a planted line must not mark an entry as already restored.
    entries.forEach((e, i) => {
      if (e.operation === 'restore' && e.restores && e.outcome !== 'failed' && ours(this.integrity[i]))
        restoredBy.set(e.restores, e.id);
    });
    return entries.filter(this.inScope).map((e) => {
      const by = restoredBy.get(e.id);
      return by ? { ...e, restoredBy: by } : { ...e };
    });
  }

  /** Whether an entry belongs to this view: the same state file, or both about the live node. */
  private readonly inScope = (e: JournalEntry): boolean => (e.stateFile ?? undefined) === this.stateFile;

  /** Newest first (what a person reading an audit log wants), optionally for one endpoint. */
  async list(options: JournalListOptions = {}): Promise<JournalEntry[]> {
    const all = await this.all();
    const ep = options.endpointId && canonicalGuid(options.endpointId);
    const picked = ep ? all.filter((e) => canonicalGuid(e.endpointId) === ep) : all;
    return picked.reverse().slice(0, options.limit ?? 200);
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.all()).find((e) => e.id === id);
  }

  /**
   * The entry `id` for restore: it must occur once, carry a MAC that verifies under this machine's key
   * at its place in this journal, have been written on this machine, and the journal's signed lines
   * must be whole (no line deleted). Undefined when there is no such entry; an AppFailure naming the
   * entry when it fails the check. An older-format line is refused: nothing in it says whether it was
   * copied from another journal or whether its restore record was deleted.
   */
  async verified(id: string): Promise<JournalEntry | undefined> {
    // Read from disk, not the cache: the cache is re-read only when the size changes, and an edit that
    // keeps the size (one hex digit of a MAC, one GUID for another) must not go unseen here.
    const { entries, integrity, placeProblem } = await this.readAll();
    const at = entries.flatMap((e, i) => (e.id === id ? [i] : []));
    if (at.length === 0) return undefined;
    if (at.length > 1) throw integrityFailure(id, `the id occurs ${at.length} times in ${this.path}`);
    const i = at[0] as number;
    const check = integrity[i] as LineCheck;
    const state = check.integrity;
    if (state !== 'ok') {
      const key = await loadKey(this.keyPath, this.fileSecurity).catch((e: unknown) =>
        e instanceof Error ? e : undefined,
      );
      throw integrityFailure(
        id,
        key instanceof Error
          ? key.message
          : !key
            ? `there is no integrity key (${this.keyPath}) to check it with`
            : state === 'unsigned'
              ? 'it carries no MAC (this app did not write it, or wrote it before entries were signed)'
              : state === 'older-format'
                ? 'it was signed in the older format, which does not bind an entry to its journal and place, so restore cannot tell a copied line or a deleted restore record; re-add its policies by hand (journal show lists them)'
                : check.otherJournal !== undefined
                  ? `it belongs to journal ${check.otherJournal}, not to this one${placeProblem ? ` (${placeProblem})` : ''}: it was copied here from another journal, or this journal's head file was removed`
                  : 'its MAC does not match (the entry was edited, moved, or signed with another key)',
      );
    }
    if (placeProblem)
      throw integrityFailure(
        id,
        `${this.path} ${placeProblem}, so an earlier restore of it may have been erased; no entry of this journal is restored. Move the journal and ${headPathFor(basename(this.path))} aside to start a new one, and re-add policies by hand`,
      );
    const machine = entries[i]?.machine;
    if (machine !== this.machine)
      throw integrityFailure(
        id,
        `it was written on machine ${machine}, this is ${this.machine}; restore only re-adds what was removed on this machine`,
      );
    const entry = { ...(entries[i] as JournalEntry) };
    if (!this.inScope(entry))
      throw new AppFailure({
        code: 'validation',
        field: 'journalId',
        message: entry.stateFile
          ? `Journal entry ${id} changed the state file ${entry.stateFile}, not ${this.stateFile ? `the state file ${this.stateFile}` : 'this node'}; restore it with --state ${JSON.stringify(entry.stateFile)} --persist.`
          : `Journal entry ${id} changed the live node, not the state file ${this.stateFile}; restore it without --state.`,
      });
    const by = entries.find(
      (e, k) =>
        e.operation === 'restore' && e.restores === id && e.outcome !== 'failed' && ours(integrity[k]),
    );
    if (by) entry.restoredBy = by.id;
    return entry;
  }

  /** Settings objects of every L4WFPPROXY policy this app added (add and restore), for ownership. */
  async addedPolicies(): Promise<unknown[]> {
    const entries = await this.load();
    // Only lines this app signed: a planted "add" would make a foreign policy look like ours, and
    // clear removes ours without asking.
    return entries
      .filter(
        (e, i) =>
          (e.operation === 'add' || e.operation === 'restore') &&
          e.outcome !== 'failed' &&
          ours(this.integrity[i]) &&
          this.inScope(e),
      )
      .flatMap((e) => e.policies);
  }

  /** Resolves when every append issued so far is on disk. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
