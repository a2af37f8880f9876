import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { canonicalGuid } from '../../../native/hns-json';
import { JournalEntrySchema, type JournalEntry } from '../views';

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

export interface JournalListOptions {
  endpointId?: string;
  limit?: number;
}

export class Journal {
  private chain: Promise<unknown> = Promise.resolve();
  private entries: JournalEntry[] | undefined;
  private loading: Promise<JournalEntry[]> | undefined;
  /** File size after our last read or append. A different size means another process (the CLI
   * while the app runs, a second admin) appended, so we re-read before answering. */
  private knownSize = -1;
  /** Lines that did not parse (a torn write, a hand edit); kept in the file, skipped here. */
  skippedLines = 0;
  readonly user = currentUser();
  readonly machine = hostname();

  constructor(readonly path: string) {}

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
      let bytes = Buffer.alloc(0);
      try {
        bytes = await readFile(this.path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      this.knownSize = bytes.length;
      const text = bytes.toString('utf8');
      const out: JournalEntry[] = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const parsed = JournalEntrySchema.safeParse(JSON.parse(line));
          if (parsed.success) out.push(parsed.data);
          else this.skippedLines++;
        } catch {
          this.skippedLines++;
        }
      }
      this.entries = out;
      return out;
    })();
    return this.loading;
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
      await mkdir(dirname(this.path), { recursive: true });
      let written: { before: number; bytes: number };
      const fh = await open(this.path, 'a+', 0o640);
      try {
        // A torn last line (a crash mid-write, no newline) would swallow this entry: start a new line.
        const { size } = await fh.stat();
        const last = Buffer.alloc(1);
        const torn = size > 0 && (await fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
        const line = (torn ? '\n' : '') + JSON.stringify(full) + '\n';
        await fh.write(line);
        await fh.sync();
        written = { before: size, bytes: Buffer.byteLength(line) };
      } finally {
        await fh.close();
      }
      if (written.before === this.knownSize) {
        entries.push(full);
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
    for (const e of entries)
      if (e.operation === 'restore' && e.restores && e.outcome !== 'failed') restoredBy.set(e.restores, e.id);
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

  /** Settings objects of every L4WFPPROXY policy this app added (add and restore), for ownership. */
  async addedPolicies(): Promise<unknown[]> {
    const entries = await this.load();
    return entries
      .filter((e) => (e.operation === 'add' || e.operation === 'restore') && e.outcome !== 'failed')
      .flatMap((e) => e.policies);
  }

  /** Resolves when every append issued so far is on disk. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
