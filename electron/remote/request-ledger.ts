import { constants } from 'node:fs';
import { lstat, open, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppFailure, type Result } from '../base/app-error';
import { acquireFileLock } from '../base/fs/file-lock';
import { writeFileAtomic } from '../base/fs/atomic-write';
import { readLimited } from '../base/fs/read-limited';
import { processAlive } from '../base/process-alive';
import { ensureAdminOnlyDir, ensureOwnDir } from '../core/journal/admin-only';
import type { RequestStatus } from './protocol';

// Which change requests this node has seen, kept on the node beside the journal in one file of JSON
// lines (the newest line for an id is its state). A client whose connection dropped mid-change asks a
// NEW agent process (a new SSH session, a new exec) about the ids it had in flight; the old agent may
// still be working on them, or may not even have read them yet. Every read-decide-append happens under
// the file's lock (base/fs/file-lock.ts), so whoever records an id first decides: the agent that runs
// a change claims it as "started"; a status query records an unknown id as "cancelled", which fences
// it — an old agent that reads the request later finds the fence and refuses to run it. So every
// answer is final: not-received means the change never happens, done carries the outcome the lost
// response had. An id names one change: the same id with another channel is refused, not answered
// with the first change's outcome.
//
// The folder is the agent's, made admin-only and checked not to be a link or someone else's folder
// (admin-only.ts ensureOwnDir) before anything is read or written in it; the file is opened with
// O_NOFOLLOW, replaced by rename, and clean-up rewrites this one file — it never deletes by listing
// a folder, so a planted link cannot point any of it at other files.

type Record =
  | { id: string; state: 'started'; channel: string; pid: number; time: string }
  | { id: string; state: 'cancelled'; pid: number; time: string }
  | { id: string; state: 'done'; channel: string; result: Result<unknown>; time: string };

export type Claim =
  | { claimed: true }
  | { claimed: false; existing: RequestStatus }
  /** The id was recorded for another channel: a second change must not reuse it. */
  | { claimed: false; reusedFrom: string };

/** Records older than this are dropped when an agent starts (the ledger is for reconnects). */
export const LEDGER_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** The ledger file's size limit: a real node stays far below it (records are dropped after 7 days). */
export const LEDGER_MAX_BYTES = 8 * 1024 * 1024;
export const LEDGER_FILE = 'requests.jsonl';
/** Files of the older one-file-per-id layout: removed by name, once old, after the folder is checked. */
const LEGACY_FILE = /^[0-9a-f]{40}\.json$/;
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

const full = (file: string) =>
  new AppFailure({
    code: 'busy',
    message: `The request ledger ${file} is full (${LEDGER_MAX_BYTES / 1024 / 1024} MB of records from the last 7 days); nothing was run. Records age out after 7 days; or delete the file while no agent runs.`,
  });

export class RequestLedger {
  /** Ids this process claimed and has not finished. */
  private readonly mine = new Set<string>();
  readonly file: string;
  private checked: Promise<void> | undefined;
  /** One operation of this process at a time; the file lock orders them with other agents. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    this.file = join(dir, LEDGER_FILE);
  }

  /**
   * The folder, made and checked once per process (a link or a foreign folder is refused); its parent,
   * the journal's folder, is made as the journal makes it (a node's first request may come before its
   * first journal entry).
   */
  private ready(): Promise<void> {
    this.checked ??= ensureAdminOnlyDir(dirname(this.dir)).then(() =>
      ensureOwnDir(this.dir, 'The request ledger folder'),
    );
    return this.checked;
  }

  private async readRecords(): Promise<Map<string, Record>> {
    let text = '';
    try {
      text = (await readLimited(this.file, { what: 'request ledger', maxBytes: LEDGER_MAX_BYTES })).toString(
        'utf8',
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const byId = new Map<string, Record>();
    for (const line of text.split('\n')) {
      try {
        const r = JSON.parse(line) as Record;
        if (r && typeof r.id === 'string' && typeof r.state === 'string') byId.set(r.id, r);
      } catch {
        // A torn last line (an agent killed mid-append): that record never counted.
      }
    }
    return byId;
  }

  /** Runs `fn` with the records, under this process's queue and the file's lock; appends what it returns. */
  private locked<T>(fn: (records: Map<string, Record>) => { value: T; append?: Record[] }): Promise<T> {
    const run = async (): Promise<T> => {
      await this.ready();
      const lock = await acquireFileLock(this.file);
      try {
        const { value, append = [] } = fn(await this.readRecords());
        if (append.length) {
          const bytes = append.map((r) => JSON.stringify(r) + '\n').join('');
          const fh = await open(this.file, APPEND_FLAGS, 0o600);
          try {
            const { size } = await fh.stat();
            if (size + Buffer.byteLength(bytes) > LEDGER_MAX_BYTES) throw full(this.file);
            // A torn last line must not swallow this record.
            const torn = size > 0 && (await fh.read(Buffer.alloc(1), 0, 1, size - 1)).buffer[0] !== 0x0a;
            await fh.write((torn ? '\n' : '') + bytes);
            await fh.sync();
          } finally {
            await fh.close();
          }
        }
        return value;
      } finally {
        lock.release();
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private statusOf(id: string, record: Record): RequestStatus {
    if (record.state === 'cancelled') return { id, state: 'not-received' };
    if (record.state === 'done') return { id, state: 'done', result: record.result };
    // Our own pid: only the ids this process claimed are ours (a dead agent's pid may be reused).
    const running = record.pid === process.pid ? this.mine.has(id) : processAlive(record.pid);
    return running
      ? { id, state: 'running', pid: record.pid }
      : { id, state: 'interrupted', channel: record.channel };
  }

  /** Before running a change: whether this process may run it. */
  async claim(id: string, channel: string): Promise<Claim> {
    const claim = await this.locked<Claim>((records) => {
      const r = records.get(id);
      if (!r) {
        const started: Record = { id, state: 'started', channel, pid: process.pid, time: now() };
        return { value: { claimed: true }, append: [started] };
      }
      if (r.state !== 'cancelled' && r.channel !== channel)
        return { value: { claimed: false, reusedFrom: r.channel } };
      return { value: { claimed: false, existing: this.statusOf(id, r) } };
    });
    if (claim.claimed) this.mine.add(id);
    return claim;
  }

  /** After the router answered: the outcome, appended (it supersedes the claim). */
  async finish(id: string, channel: string, result: Result<unknown>): Promise<void> {
    await this.locked(() => ({
      value: undefined,
      append: [{ id, state: 'done', channel, result, time: now() }],
    }));
    this.mine.delete(id);
  }

  /** What the node knows of each id; an id nobody recorded yet is fenced first (see the top). */
  statuses(ids: readonly string[]): Promise<RequestStatus[]> {
    return this.locked((records) => {
      const append: Record[] = [];
      const value = ids.map((id): RequestStatus => {
        const r = records.get(id);
        if (r) return this.statusOf(id, r);
        const fence: Record = { id, state: 'cancelled', pid: process.pid, time: now() };
        records.set(id, fence);
        append.push(fence);
        return { id, state: 'not-received' };
      });
      return { value, append };
    });
  }

  async status(id: string): Promise<RequestStatus> {
    return (await this.statuses([id]))[0] as RequestStatus;
  }

  /**
   * Drops records older than the retention by rewriting the file (atomic rename, under the lock), and
   * the older layout's per-id files once they are as old. Errors are the caller's to log.
   */
  async prune(at = Date.now()): Promise<void> {
    await this.ready();
    const lock = await acquireFileLock(this.file);
    try {
      const records = await this.readRecords();
      const keep = [...records.values()].filter((r) => at - Date.parse(r.time) <= LEDGER_RETENTION_MS);
      if (keep.length < records.size)
        await writeFileAtomic(this.file, keep.map((r) => JSON.stringify(r) + '\n').join(''));
    } finally {
      lock.release();
    }
    for (const name of await readdir(this.dir)) {
      if (!LEGACY_FILE.test(name)) continue;
      const p = join(this.dir, name);
      const st = await lstat(p);
      if (st.isFile() && at - st.mtimeMs > LEDGER_RETENTION_MS) await unlink(p);
    }
  }
}

const now = () => new Date().toISOString();
