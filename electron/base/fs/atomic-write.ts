import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

// The one way this app replaces a file (settings.json, simulator state files): a reader, or a crash
// at any point, sees the old file or the new one, never a torn or empty one.
//   1. write a temp file in the same folder (rename is only atomic within one file system),
//   2. fsync it (so after a power loss the renamed file is not empty),
//   3. rename it over the target (retried briefly when Windows refuses it for a moment, below),
//   4. fsync the folder, so the rename itself survives a power loss (POSIX; on Windows a folder
//      cannot be opened for fsync and NTFS journals the rename, so this step is skipped there).
// Every failure before the rename removes the temp file; after the rename there is none left.

/** The file system calls used, injectable so tests can fail each step. */
export interface AtomicWriteFs {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, data: string | Uint8Array) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
  rmSync: typeof fs.rmSync;
}

export interface AtomicWriteFsAsync {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
}

const nodeFs: AtomicWriteFs = {
  openSync: fs.openSync,
  writeSync: (fd, data) =>
    typeof data === 'string' ? fs.writeSync(fd, data, null, 'utf8') : fs.writeSync(fd, data),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  rmSync: fs.rmSync,
};

const nodeFsAsync: AtomicWriteFsAsync = { open: fsp.open, rename: fsp.rename, rm: fsp.rm };

/**
 * Beside the target, hidden, unique per process and call: two writers (two processes, or two calls
 * in one) never share a temp file. 'wx' below refuses to follow a planted file of the same name.
 */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

// Windows refuses a rename over a file someone holds open without FILE_SHARE_DELETE (an antivirus
// scanner, the search indexer, a backup agent) with EPERM, EACCES or EBUSY, usually for milliseconds.
// graceful-fs retries the same codes on Windows (polyfills.js). So does this, on every platform (on
// POSIX these codes are rare on a rename whose temp file was just created): after 10, 20, … 640 ms,
// 1.27 s in all, the error stands.
export const RENAME_RETRY_DELAYS_MS: readonly number[] = [10, 20, 40, 80, 160, 320, 640];
const TRANSIENT_RENAME_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

function retryDelay(e: unknown, attempt: number): number | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code && TRANSIENT_RENAME_CODES.has(code) ? RENAME_RETRY_DELAYS_MS[attempt] : undefined;
}

function renameRetryingSync(io: AtomicWriteFs, from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      io.renameSync(from, to);
      return;
    } catch (e) {
      const delay = retryDelay(e, attempt);
      if (delay === undefined) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay); // a synchronous sleep
    }
  }
}

async function renameRetrying(io: AtomicWriteFsAsync, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await io.rename(from, to);
      return;
    } catch (e) {
      const delay = retryDelay(e, attempt);
      if (delay === undefined) throw e;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const SYNC_DIRS = process.platform !== 'win32';

function syncDirSync(dir: string): void {
  if (!SYNC_DIRS) return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function syncDir(dir: string): Promise<void> {
  if (!SYNC_DIRS) return;
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Synchronous, for callers that must finish before returning (the simulator's onChange). */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  io: AtomicWriteFs = nodeFs,
  /** The new file's mode (POSIX; before the umask): 0o600 for files only their owner may read. */
  mode = 0o666,
): void {
  const tmp = tempPathFor(file);
  try {
    const fd = io.openSync(tmp, 'wx', mode);
    try {
      io.writeSync(fd, data);
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
    renameRetryingSync(io, tmp, file);
  } catch (e) {
    io.rmSync(tmp, { force: true });
    throw e;
  }
  syncDirSync(dirname(file));
}

/** The same steps without blocking the event loop (settings in Electron main). */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  io: AtomicWriteFsAsync = nodeFsAsync,
): Promise<void> {
  const tmp = tempPathFor(file);
  try {
    const fh = await io.open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameRetrying(io, tmp, file);
  } catch (e) {
    await io.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dirname(file));
}
