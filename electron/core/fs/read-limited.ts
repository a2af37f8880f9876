import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { AppFailure } from '../app-error';

// The one way the app reads a file (journal, state, settings, snapshot, its own renderer files).
// Two attacks it closes (issue 13 item 9): a path naming /dev/zero, a FIFO or a huge file made the
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

/** Reads a regular file of at most maxBytes. Missing files reject with Node's ENOENT error as usual. */
export async function readLimited(path: string, o: ReadLimitedOptions): Promise<Buffer<ArrayBuffer>> {
  const fh = await fsp.open(path, OPEN_FLAGS);
  try {
    const st = await fh.stat();
    const kind = kindOf(st);
    if (kind) throw notAFile(o, path, kind);
    let big = Buffer.allocUnsafe(Math.min(o.maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let got = 0;
    for (;;) {
      if (got === big.length) {
        if (got > o.maxBytes) break;
        const next = Buffer.allocUnsafe(Math.min(o.maxBytes + 1, big.length * 2));
        big.copy(next, 0, 0, got);
        big = next;
      }
      const { bytesRead } = await fh.read(big, got, big.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return finish(o, path, big, got);
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
    let big = Buffer.allocUnsafe(Math.min(o.maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let got = 0;
    for (;;) {
      if (got === big.length) {
        if (got > o.maxBytes) break;
        const next = Buffer.allocUnsafe(Math.min(o.maxBytes + 1, big.length * 2));
        big.copy(next, 0, 0, got);
        big = next;
      }
      const n = fs.readSync(fd, big, got, big.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return finish(o, path, big, got);
  } finally {
    fs.closeSync(fd);
  }
}
