import { SnapshotError } from './errors';

/**
 * Bytes → text. PowerShell 5's `>` writes UTF-16LE with a BOM; `Out-File -Encoding utf8` writes a
 * UTF-8 BOM; other tools write plain UTF-8. UTF-16 without a BOM is recognised by its zero bytes
 * (JSON starts with ASCII, so one byte of the first pair is 0).
 */
export function decodeText(bytes: Uint8Array, fileName = 'snapshot'): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let start = 0;
  if (b0 === 0xff && b1 === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (b0 === 0xfe && b1 === 0xff) [encoding, start] = ['utf-16be', 2];
  else if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes.length >= 2 && b0 !== 0 && b1 === 0) encoding = 'utf-16le';
  else if (bytes.length >= 2 && b0 === 0 && b1 !== 0) encoding = 'utf-16be';
  const body = bytes.subarray(start);
  if (encoding !== 'utf-8' && body.length % 2 === 1) {
    throw new SnapshotError(
      fileName,
      `the file is UTF-16 but has an odd number of bytes: it was cut off mid-character (truncated).`,
    );
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new SnapshotError(
      fileName,
      `the file is not ${encoding.toUpperCase()} text (is it a binary file or a zip?).`,
    );
  }
}
