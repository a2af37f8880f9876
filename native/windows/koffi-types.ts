import { HnsUnavailableError } from '../hns-error';

// koffi is imported lazily: importing native/ must never fail, even where koffi's native package
// for this platform is missing (a Windows-only packaging mistake should show as "HNS unavailable").

type Koffi = typeof import('koffi').default;
export type KoffiFunction = ReturnType<import('koffi').LibraryHandle['func']>;
export type LibraryHandle = import('koffi').LibraryHandle;

let koffiPromise: Promise<Koffi> | undefined;

export function loadKoffi(): Promise<Koffi> {
  koffiPromise ??= import('koffi').then(
    (m) => (m.default ?? m) as Koffi,
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
