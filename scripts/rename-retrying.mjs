// A rename that retries what Windows refuses for a moment, for the build scripts and tests that run as
// plain Node (the app's own atomic write has the same rule in TypeScript: electron/base/fs/atomic-write.ts).
// No import.meta here: the Wine lane bundles this file to CommonJS.
import { renameSync } from 'node:fs';

// Windows refuses a rename over a file that is open without FILE_SHARE_DELETE (an antivirus scan,
// the indexer, a process that has the DLL mapped) with EPERM, EACCES or EBUSY; usually for a moment.
// graceful-fs retries the same codes. Waits 10, 20, … 640 ms (1.27 s in all), then gives up.
const RENAME_RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_DELAYS_MS = [10, 20, 40, 80, 160, 320, 640];

/** renameSync that retries the transient refusals above; `rename` is injectable for tests. */
export function renameRetrying(from, to, rename = renameSync) {
  for (let attempt = 0; ; attempt++) {
    try {
      return rename(from, to);
    } catch (e) {
      const delay = RENAME_DELAYS_MS[attempt];
      if (delay === undefined || !RENAME_RETRY_CODES.has(e?.code)) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay); // a synchronous sleep
    }
  }
}
