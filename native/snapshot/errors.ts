/** A snapshot file we cannot use: the message names the file and the problem, for the user. */
export class SnapshotError extends Error {
  constructor(
    readonly fileName: string,
    detail: string,
  ) {
    super(`${fileName}: ${detail}`);
    this.name = 'SnapshotError';
  }
}
