import { HNS_CLIENT_METHODS, RAW_MODIFY_METHOD, type HnsClient } from '../../native/hns-client';

/** Methods that reach HNS (close and the labels do not). */
const HNS_METHODS = new Set<string>([...Object.keys(HNS_CLIENT_METHODS), RAW_MODIFY_METHOD]);

export interface CountingHns {
  /** Pass as createAppCore({ wrapHns }). */
  wrap(hns: HnsClient): HnsClient;
  /** HNS calls since the last reset, by method. */
  readonly calls: Record<string, number>;
  total(): number;
  reset(): void;
}

/**
 * Counts every HnsClient method call that would reach HNS. A Proxy rather than a subclass, so it
 * wraps any backend (simulator, koffi + fake library) and also counts methods added later.
 */
export function countingHns(): CountingHns {
  const calls: Record<string, number> = {};
  return {
    calls,
    total: () => Object.values(calls).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const k of Object.keys(calls)) delete calls[k];
    },
    wrap: (hns) =>
      new Proxy(hns, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof prop !== 'string' || !HNS_METHODS.has(prop) || typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            calls[prop] = (calls[prop] ?? 0) + 1;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }),
  };
}
