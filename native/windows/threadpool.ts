// koffi's async calls run as Node-API async work, i.e. on libuv's thread pool (default 4 threads).
// With 4 threads at most 4 HNS calls overlap, whatever our own concurrency bound says. libuv reads
// UV_THREADPOOL_SIZE exactly once, when the pool is first used (the first fs/dns/crypto/zlib async
// call or koffi async call); after that, changing the variable does nothing. So every entry point
// raises it before anything can use the pool:
//  - bundles (Electron main: electron.vite.config.ts puts threadpool-init in the first chunk
//    required; the standalone exe: scripts/dist-cli.mjs) import threadpool-init first;
//  - source runs (`npm run cli`, the bin) start through bin/tsx-launch.cjs, which loads
//    threadpool-init before tsx's loader (whose async fs calls would start the pool at 4);
//  - `npm run bench` re-executes itself with the variable set.
// test/unit/entrypoint-threadpool.test.ts measures the calls in flight through each of them.

export const DEFAULT_HNS_CONCURRENCY = 16;

/** Most HNS calls in flight at once: HCNPROXY_HNS_CONCURRENCY when a positive integer, else 16. */
export function configuredHnsConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HCNPROXY_HNS_CONCURRENCY);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_HNS_CONCURRENCY;
}

/** Sets UV_THREADPOOL_SIZE to at least `min` (libuv caps it at 1024) unless already larger. */
export function raiseThreadpoolSize(min: number = configuredHnsConcurrency()): number {
  const current = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const wanted = Math.min(1024, Math.max(current, min));
  if (wanted !== current || !process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(wanted);
  return wanted;
}
