import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { AppFailure } from '../app-error';

// The one way the app reads a file (journal, state, settings, snapshot, its own renderer files).
// Two attacks it closes (docs/security.md): a path naming /dev/zero, a FIFO or a huge file made the
// elevated process read until it ran out of memory (2 GB measured). So: open without blocking (a FIFO
// with no writer would hang open()), refuse anything fstat does not call a regular file, and read at
// most `maxBytes` (+1 to tell "exactly full" from "too large"); st.size is not trusted, the file may grow.

export const MB = 1024 * 1024;
/** Per kind of file: generous for real use, far below what would hurt the process. */
export const READ_LIMITS = {
  journal: 256 * MB,
  state: 64 * MB,
  snapshot: 64 * MB,
  settings: 1 * MB,
  asset: 64 * MB,
  /** Keys, known-hosts files, per-request records: small by nature. */
  small: 4 * MB,
} as const;

export interface ReadLimitedOptions {
  /** What the file is, for the message: "journal", "state file", "settings". */
  what: string;
  maxBytes: number;
  /** Return the first maxBytes bytes instead of refusing a larger file (a header check). */
  head?: boolean;
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function kindOf(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

const notAFile = (o: ReadLimitedOptions, path: string, kind: string) =>
  new AppFailure({
    code: 'not-a-file',
    message: `Refused to read ${o.what} ${path}: it is ${kind}, not a regular file.`,
  });

const tooLarge = (o: ReadLimitedOptions, path: string) =>
  new AppFailure({
    code: 'file-too-large',
    message: `Refused to read ${o.what} ${path}: it is larger than the ${formatLimit(o.maxBytes)} limit.`,
  });

function formatLimit(n: number): string {
  return n >= MB && n % MB === 0 ? `${n / MB} MB` : `${n} bytes`;
}

function finish(
  o: ReadLimitedOptions,
  path: string,
  buf: Buffer<ArrayBuffer>,
  got: number,
): Buffer<ArrayBuffer> {
  if (got > o.maxBytes) {
    if (!o.head) throw tooLarge(o, path);
    return buf.subarray(0, o.maxBytes);
  }
  return buf.subarray(0, got);
}

/**
 * Holds what was read so far, growing up to maxBytes + 1: one byte over the limit says "too large"
 * without reading the rest (a device or a huge file never fills memory).
 */
class BoundedBuffer {
  buf: Buffer<ArrayBuffer>;
  got = 0;
  constructor(
    private readonly maxBytes: number,
    sizeHint: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(sizeHint + 1, 64 * 1024)));
  }

  /** Where the next read goes, or undefined once more than maxBytes are in. */
  room(): Buffer<ArrayBuffer> | undefined {
    if (this.got === this.buf.length) {
      if (this.got > this.maxBytes) return undefined;
      const next = Buffer.allocUnsafe(Math.min(this.maxBytes + 1, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.got);
      this.buf = next;
    }
    return this.buf.subarray(this.got);
  }
}

/** Reads a regular file of at most maxBytes. Missing files reject with Node's ENOENT error as usual. */
export async function readLimited(path: string, o: ReadLimitedOptions): Promise<Buffer<ArrayBuffer>> {
  const fh = await fsp.open(path, OPEN_FLAGS);
  try {
    const st = await fh.stat();
    const kind = kindOf(st);
    if (kind) throw notAFile(o, path, kind);
    const b = new BoundedBuffer(o.maxBytes, st.size);
    for (let room = b.room(); room; room = b.room()) {
      const { bytesRead } = await fh.read(room, 0, room.length, b.got);
      if (bytesRead === 0) break;
      b.got += bytesRead;
    }
    return finish(o, path, b.buf, b.got);
  } finally {
    await fh.close();
  }
}

/** The same, synchronously (the CLI's start-up reads the --state file before anything else runs). */
export function readLimitedSync(path: string, o: ReadLimitedOptions): Buffer<ArrayBuffer> {
  const fd = fs.openSync(path, OPEN_FLAGS);
  try {
    const st = fs.fstatSync(fd);
    const kind = kindOf(st);
    if (kind) throw notAFile(o, path, kind);
    const b = new BoundedBuffer(o.maxBytes, st.size);
    for (let room = b.room(); room; room = b.room()) {
      const n = fs.readSync(fd, room, 0, room.length, b.got);
      if (n === 0) break;
      b.got += n;
    }
    return finish(o, path, b.buf, b.got);
  } finally {
    fs.closeSync(fd);
  }
}
