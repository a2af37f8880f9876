/**
 * Splits a byte stream into newline-terminated lines without ever holding more than `maxBytes` of one
 * line: a longer line is reported once through onOversize and its bytes are dropped up to the next
 * newline, so a peer cannot make us buffer without bound. The limit may be a function, read as each
 * chunk arrives (the client's limit depends on what it is waiting for). Works on bytes (not strings) so a UTF-8
 * character split across chunks is joined before decoding, and the cap counts bytes.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;

  private readonly limit: () => number;

  constructor(
    maxBytes: number | (() => number),
    private readonly onLine: (line: string) => void,
    private readonly onOversize: (maxBytes: number) => void,
  ) {
    this.limit = typeof maxBytes === 'number' ? () => maxBytes : maxBytes;
  }

  /** Bytes of the current, unfinished line held now (never more than the limit). */
  get buffered(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    const max = this.limit();
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.discarding) {
        const piece = chunk.subarray(start, end);
        if (this.size + piece.length > max) {
          this.parts = [];
          this.size = 0;
          this.discarding = true;
          this.onOversize(max);
        } else if (piece.length) {
          this.parts.push(piece);
          this.size += piece.length;
        }
      }
      if (nl === -1) break;
      if (this.discarding) this.discarding = false;
      else this.flush();
      start = nl + 1;
    }
  }

  /** End of stream: a last line without a newline still counts. */
  end(): void {
    if (!this.discarding && this.size > 0) this.flush();
  }

  private flush(): void {
    const line = Buffer.concat(this.parts, this.size).toString('utf8').replace(/\r$/, '');
    this.parts = [];
    this.size = 0;
    if (line.trim()) this.onLine(line);
  }
}
