import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
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
  /** Lines that did not parse (a torn write, a hand edit); kept in the file, skipped here. */
  skippedLines = 0;
  readonly user = currentUser();
  readonly machine = hostname();

  constructor(readonly path: string) {}

  private async load(): Promise<JournalEntry[]> {
    if (this.entries) return this.entries;
    this.loading ??= (async () => {
      let text = '';
      try {
        text = await readFile(this.path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
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
      const fh = await open(this.path, 'a', 0o640);
      try {
        await fh.write(JSON.stringify(full) + '\n');
        await fh.sync();
      } finally {
        await fh.close();
      }
      entries.push(full);
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
    for (const e of entries) if (e.operation === 'restore' && e.restores && e.outcome !== 'failed') restoredBy.set(e.restores, e.id);
    return entries.map((e) => {
      const by = restoredBy.get(e.id);
      return by ? { ...e, restoredBy: by } : { ...e };
    });
  }

  /** Newest first (what a person reading an audit log wants), optionally for one endpoint. */
  async list(options: JournalListOptions = {}): Promise<JournalEntry[]> {
    const all = await this.all();
    const ep = options.endpointId?.replace(/[{}]/g, '').toLowerCase();
    const picked = ep ? all.filter((e) => e.endpointId.toLowerCase() === ep) : all;
    return picked.reverse().slice(0, options.limit ?? 200);
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.all()).find((e) => e.id === id);
  }

  /** Settings objects of every L4WFPPROXY policy this app added (add and restore), for ownership. */
  async addedPolicies(): Promise<unknown[]> {
    const entries = await this.load();
    return entries.filter((e) => (e.operation === 'add' || e.operation === 'restore') && e.outcome !== 'failed').flatMap((e) => e.policies);
  }

  /** Resolves when every append issued so far is on disk. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
