import { HnsUnavailableError } from '../hns-error';
import { configuredHnsConcurrency } from './threadpool';

// koffi is imported lazily: importing native/ must never fail, even where koffi's native package
// for this platform is missing (a Windows-only packaging mistake should show as "HNS unavailable").

type Koffi = typeof import('koffi').default;
export type KoffiFunction = ReturnType<import('koffi').LibraryHandle['func']>;
export type LibraryHandle = import('koffi').LibraryHandle;

let koffiPromise: Promise<Koffi> | undefined;

/**
 * koffi keeps `resident_async_pools` (default 8) stack+heap sets for async calls and allocates a
 * fresh 256 KiB set for every call beyond that — an allocation per call on the list hot path when
 * 16 calls are in flight. Keep as many resident sets as HNS calls may be in flight (koffi's max is
 * 32). koffi accepts this only before the first library is loaded, hence here, right after import.
 */
function tuneAsyncPools(koffi: Koffi): void {
  const cfg = koffi.config();
  const inFlight = configuredHnsConcurrency();
  const resident = Math.min(32, Math.max(cfg.resident_async_pools ?? 8, inFlight));
  const maxCalls = Math.min(4096, Math.max(cfg.max_async_calls ?? 256, inFlight));
  try {
    koffi.config({ ...cfg, resident_async_pools: resident, max_async_calls: maxCalls });
  } catch (e) {
    // A library was loaded through koffi without loadKoffi (every load must go through it). The
    // defaults still work, a little slower: say so rather than fail, but never silently.
    process.emitWarning(
      `koffi's async pools stay at their defaults (${e instanceof Error ? e.message : String(e)}): a library was loaded before loadKoffi().`,
      { code: 'HCNPROXY_KOFFI_CONFIG' },
    );
  }
}

export function loadKoffi(): Promise<Koffi> {
  koffiPromise ??= import('koffi').then(
    (m) => {
      const koffi = (m.default ?? m) as Koffi;
      tuneAsyncPools(koffi);
      return koffi;
    },
    (e: unknown) => {
      koffiPromise = undefined;
      throw new HnsUnavailableError(
        `the koffi FFI module could not be loaded (${e instanceof Error ? e.message : String(e)})`,
      );
    },
  );
  return koffiPromise;
}

/** Calls a koffi function in async mode (on a libuv worker thread) and resolves with its result. */
export function callAsync(fn: KoffiFunction, args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    try {
      fn.async(...args, (err: unknown, result: number) => (err ? reject(err) : resolve(result)));
    } catch (e) {
      // koffi throws synchronously when more than max_async_calls are queued.
      reject(e);
    }
  });
}
