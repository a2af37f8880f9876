import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { AppFailure } from '../app-error';
import { processAlive } from '../process-alive';
import { readLimitedSync } from './read-limited';

// An exclusive lock on a file shared by processes (two `--persist` CLI runs on one
// state file each read it, changed it and wrote it back — 16 of 50 adds lost in a measured run).
// The lock is `<file>.lock`, created with O_EXCL (exactly one creator wins, on every OS and on network
// file systems that honour it) holding "pid host token". A lock whose pid is dead on this host is stale
// (a killed CLI) and is taken over; a live one is waited for, then refused with a "busy" error naming
// the holder. The holder keeps it from before it reads the file until after its last write.

export interface FileLock {
  readonly lockPath: string;
  release(): void;
}

export interface FileLockOptions {
  /** How long to wait for a live holder (default 10 s; HCNPROXY_LOCK_TIMEOUT_MS overrides for the CLI). */
  timeoutMs?: number;
  pollMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
}

function readHolder(lockPath: string): { text: string; holder?: Holder } | undefined {
  let text: string;
  try {
    text = readLimitedSync(lockPath, { what: 'lock file', maxBytes: 512, head: true }).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const [pid, host, token] = text.trim().split(/\s+/);
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && host && token ? { text, holder: { pid: n, host, token } } : { text };
}

/**
 * Takes a stale lock away: renamed aside (atomic), then checked to be the one judged stale. If another
 * waiter replaced it in between, that fresh lock is linked back (link fails rather than overwrite).
 */
function breakStale(lockPath: string, seen: string): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return; // someone else broke it first
  }
  try {
    const now = readLimitedSync(aside, { what: 'lock file', maxBytes: 512, head: true }).toString('utf8');
    if (now !== seen) fs.linkSync(aside, lockPath);
  } catch {
    // The name was taken again meanwhile: that holder is the live one.
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireFileLock(file: string, options: FileLockOptions = {}): Promise<FileLock> {
  const lockPath = `${file}.lock`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 20;
  const me = `${process.pid} ${hostname().replace(/\s+/g, '_')} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(
        lockPath,
        fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL,
        0o600,
      );
      try {
        fs.writeSync(fd, me);
      } finally {
        fs.closeSync(fd);
      }
      return {
        lockPath,
        release: () => {
          // Only our own lock: if it was broken as stale and re-taken, it is someone else's now.
          if (readHolder(lockPath)?.text === me) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const seen = readHolder(lockPath);
    if (!seen) continue; // released between our open and our read
    const h = seen.holder;
    // A lock from this host whose process is gone, or one we cannot parse that is not being written
    // right now (older than a second), is stale.
    const unparsedAndOld = !h && Date.now() - safeMtime(lockPath) > 1000;
    if ((h && h.host === hostname().replace(/\s+/g, '_') && !processAlive(h.pid)) || unparsedAndOld) {
      breakStale(lockPath, seen.text);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AppFailure({
        code: 'busy',
        message: `busy: ${file} is locked by ${h ? `pid ${h.pid}${h.host !== hostname().replace(/\s+/g, '_') ? ` on ${h.host}` : ''}` : 'another process'} (lock file ${lockPath}); waited ${Math.round(timeoutMs / 100) / 10} s. Try again when it finishes, or delete the lock file if that process is gone.`,
      });
    }
    await sleep(pollMs);
  }
}

function safeMtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return Date.now();
  }
}
