import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Result } from '../base/app-error';
import type { RequestStatus } from './protocol';
import { READ_LIMITS, readLimited } from '../base/fs/read-limited';
import { processAlive } from '../base/process-alive';

// Which change requests this node has seen, kept on the node beside the journal, one small file per
// request id. A client whose connection dropped mid-change asks a NEW agent process (a new SSH
// session, a new exec) about the ids it had in flight; the old agent may still be working on them, or
// may not even have read them yet. The id's file is claimed with an exclusive create (O_EXCL, atomic
// on NTFS and POSIX file systems): whoever creates it first decides. The agent that runs a change
// claims it as "started"; a status query claims an unknown id as "cancelled", which fences it — an old
// agent that reads the request later finds the claim and refuses to run it. So every answer is final:
// not-received means the change never happens, done carries the outcome the lost response had.

type Record =
  | { state: 'started'; channel: string; pid: number; time: string }
  | { state: 'cancelled'; pid: number; time: string }
  | { state: 'done'; channel: string; result: Result<unknown>; time: string };

export type Claim = { claimed: true } | { claimed: false; existing: RequestStatus };

/** Request files older than this are removed when an agent starts (the ledger is for reconnects). */
export const LEDGER_RETENTION_MS = 7 * 24 * 3600 * 1000;

export class RequestLedger {
  /** Ids this process claimed and has not finished. */
  private readonly mine = new Set<string>();

  constructor(readonly dir: string) {}

  /** Ids are the client's: the file name is their hash, so no id can name another path. */
  private file(id: string): string {
    return join(this.dir, createHash('sha256').update(id).digest('hex').slice(0, 40) + '.json');
  }

  private async create(id: string, record: Record): Promise<boolean> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    let fh;
    try {
      fh = await open(this.file(id), 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    try {
      await fh.writeFile(JSON.stringify(record));
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  }

  private async read(id: string): Promise<RequestStatus> {
    let record: Record | undefined;
    try {
      const bytes = await readLimited(this.file(id), { what: 'request record', maxBytes: READ_LIMITS.small });
      record = JSON.parse(bytes.toString('utf8')) as Record;
    } catch {
      // Claimed, then the agent died before the claim's bytes reached the disk.
      return { id, state: 'interrupted' };
    }
    if (record.state === 'cancelled') return { id, state: 'not-received' };
    if (record.state === 'done') return { id, state: 'done', result: record.result };
    // Our own pid: only the ids this process claimed are ours (a dead agent's pid may be reused).
    const running = record.pid === process.pid ? this.mine.has(id) : processAlive(record.pid);
    return running
      ? { id, state: 'running', pid: record.pid }
      : { id, state: 'interrupted', channel: record.channel };
  }

  /** Before running a change: true if this process may run it. */
  async claim(id: string, channel: string): Promise<Claim> {
    const record: Record = { state: 'started', channel, pid: process.pid, time: new Date().toISOString() };
    if (await this.create(id, record)) {
      this.mine.add(id);
      return { claimed: true };
    }
    return { claimed: false, existing: await this.read(id) };
  }

  /** After the router answered: the outcome replaces the claim atomically (write, fsync, rename). */
  async finish(id: string, channel: string, result: Result<unknown>): Promise<void> {
    const record: Record = { state: 'done', channel, result, time: new Date().toISOString() };
    const tmp = `${this.file(id)}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(record));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file(id));
    this.mine.delete(id);
  }

  /** What the node knows of an id; an id nobody claimed yet is fenced first (see the top). */
  async status(id: string): Promise<RequestStatus> {
    const fence: Record = { state: 'cancelled', pid: process.pid, time: new Date().toISOString() };
    if (await this.create(id, fence)) return { id, state: 'not-received' };
    return this.read(id);
  }

  /** Drops files older than the retention; errors are ignored (another agent may be pruning too). */
  async prune(now = Date.now()): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    await Promise.all(
      names.map(async (n) => {
        const p = join(this.dir, n);
        try {
          if (now - (await stat(p)).mtimeMs > LEDGER_RETENTION_MS) await unlink(p);
        } catch {
          /* raced with another agent */
        }
      }),
    );
  }
}
