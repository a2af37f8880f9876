import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { canonicalGuid } from '../../../native/hns-json';
import { AppFailure } from '../../base/app-error';
import { READ_LIMITS, readLimited } from '../../base/fs/read-limited';
import { JournalEntrySchema, type JournalEntry } from '../views';
import { createAdminOnlyFile, ensureAdminOnlyDir } from './admin-only';
import {
  checkLine,
  keyPathFor,
  loadKey,
  loadOrCreateKey,
  MAC_FIELD,
  macOf,
  type Integrity,
} from './integrity';

// The audit log and the source of undo: one JSON object per line, append-only, each line fsynced
// before the operation reports success. Appends go through one promise chain, so the file order is
// the order in which operations completed, however many run at once.

export type NewJournalEntry = Omit<JournalEntry, 'id' | 'time' | 'user' | 'machine' | 'restoredBy'>;

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
}

export interface JournalListOptions {
  endpointId?: string;
  limit?: number;
}

export class Journal {
  private chain: Promise<unknown> = Promise.resolve();
  private entries: JournalEntry[] | undefined;
  /** Integrity of entries[i], checked against the key when the line was read or written. */
  private integrity: Integrity[] = [];
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
    options: JournalOptions = {},
  ) {
    this.keyPath = options.keyPath ?? keyPathFor(path);
  }

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
    integrity: Integrity[];
    size: number;
    skipped: number;
  }> {
    let bytes = Buffer.alloc(0);
    try {
      bytes = await readLimited(this.path, { what: 'journal', maxBytes: READ_LIMITS.journal });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // A key that is missing or not trustworthy verifies nothing: every signed line reads as a mismatch.
    const key = await loadKey(this.keyPath).catch(() => undefined);
    const entries: JournalEntry[] = [];
    const integrity: Integrity[] = [];
    let skipped = 0;
    for (const line of bytes.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const raw: unknown = JSON.parse(line);
        const parsed = JournalEntrySchema.safeParse(raw);
        if (parsed.success) {
          entries.push(parsed.data);
          integrity.push(checkLine(key, raw));
        } else skipped++;
      } catch {
        skipped++;
      }
    }
    return { entries, integrity, size: bytes.length, skipped };
  }

  /** Appends durably (write + fsync) and resolves with the stored entry, in call order. */
  append(entry: NewJournalEntry): Promise<JournalEntry> {
    const run = async (): Promise<JournalEntry> => {
      const entries = await this.load();
      const full: JournalEntry = {
        id: newJournalId(),
        time: new Date().toISOString(),
        user: this.user,
        machine: this.machine,
        ...entry,
      };
      await ensureAdminOnlyDir(dirname(this.path));
      const key = await loadOrCreateKey(this.keyPath);
      await createAdminOnlyFile(this.path);
      let written: { before: number; bytes: number };
      const fh = await open(this.path, APPEND_FLAGS);
      try {
        // A torn last line (a crash mid-write, no newline) would swallow this entry: start a new line.
        const { size } = await fh.stat();
        const last = Buffer.alloc(1);
        const torn = size > 0 && (await fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
        const signed = { ...full, [MAC_FIELD]: macOf(key, full) };
        const line = (torn ? '\n' : '') + JSON.stringify(signed) + '\n';
        await fh.write(line);
        await fh.sync();
        written = { before: size, bytes: Buffer.byteLength(line) };
      } finally {
        await fh.close();
      }
      if (written.before === this.knownSize && this.entries === entries) {
        entries.push(full);
        this.integrity.push('ok');
        this.knownSize = written.before + written.bytes;
      } else {
        // Another process appended since we read: re-read on next use instead of guessing.
        this.forget();
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
      if (e.operation === 'restore' && e.restores && e.outcome !== 'failed' && this.integrity[i] === 'ok')
        restoredBy.set(e.restores, e.id);
    });
    return entries.map((e) => {
      const by = restoredBy.get(e.id);
      return by ? { ...e, restoredBy: by } : { ...e };
    });
  }

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
   * The entry `id` for restore: it must occur once and carry a MAC that verifies under this machine's
   * key. Undefined when there is no such entry; an AppFailure naming the entry when it fails the check.
   */
  async verified(id: string): Promise<JournalEntry | undefined> {
    // Read from disk, not the cache: the cache is re-read only when the size changes, and an edit that
    // keeps the size (one hex digit of a MAC, one GUID for another) must not go unseen here.
    const { entries, integrity } = await this.readAll();
    const at = entries.flatMap((e, i) => (e.id === id ? [i] : []));
    if (at.length === 0) return undefined;
    if (at.length > 1) throw integrityFailure(id, `the id occurs ${at.length} times in ${this.path}`);
    const i = at[0] as number;
    const state = integrity[i];
    if (state !== 'ok') {
      const key = await loadKey(this.keyPath).catch((e: unknown) => (e instanceof Error ? e : undefined));
      throw integrityFailure(
        id,
        key instanceof Error
          ? key.message
          : !key
            ? `there is no integrity key (${this.keyPath}) to check it with`
            : state === 'unsigned'
              ? 'it carries no MAC (this app did not write it, or wrote it before entries were signed)'
              : 'its MAC does not match (the entry was edited, or signed with another key)',
      );
    }
    const entry = { ...(entries[i] as JournalEntry) };
    const by = entries.find(
      (e, k) =>
        e.operation === 'restore' && e.restores === id && e.outcome !== 'failed' && integrity[k] === 'ok',
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
          this.integrity[i] === 'ok',
      )
      .flatMap((e) => e.policies);
  }

  /** Resolves when every append issued so far is on disk. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
