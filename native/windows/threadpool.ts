// koffi's async calls run as Node-API async work, i.e. on libuv's thread pool (default 4 threads).
// With 4 threads at most 4 HNS calls overlap, whatever our own concurrency bound says. libuv reads
// UV_THREADPOOL_SIZE exactly once, when the pool is first used (the first fs/dns/crypto/zlib async
// call or koffi async call) — so it must be raised before that:
//  - Electron main / CLI / harness: call raiseThreadpoolSize() as the FIRST statement of the entry
//    module (before any import that touches fs asynchronously), or set the variable in the launcher.
//  - `npm run bench`: test/bench/run.ts re-executes itself with the variable set, which is reliable.
//  - WindowsHns also calls it (best effort: too late if the pool already started, harmless otherwise).

export const DEFAULT_HNS_CONCURRENCY = 16;

/** Sets UV_THREADPOOL_SIZE to at least `min` (libuv caps it at 1024) unless already larger. */
export function raiseThreadpoolSize(min: number = DEFAULT_HNS_CONCURRENCY): number {
  const current = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const wanted = Math.min(1024, Math.max(current, min));
  if (wanted !== current || !process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(wanted);
  return wanted;
}
