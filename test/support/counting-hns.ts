import type { HnsClient } from '../../native/hns-client';
import { interceptHns } from './intercept-hns';

export interface CountingHns {
  /** Pass as createAppCore({ wrapHns }). */
  wrap(hns: HnsClient): HnsClient;
  /** HNS calls since the last reset, by method. */
  readonly calls: Record<string, number>;
  total(): number;
  reset(): void;
}

/** Counts every HnsClient method call that would reach HNS, on any backend. */
export function countingHns(): CountingHns {
  const calls: Record<string, number> = {};
  return {
    calls,
    total: () => Object.values(calls).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const k of Object.keys(calls)) delete calls[k];
    },
    wrap: (hns) =>
      interceptHns(hns, (method, args, call) => {
        calls[method] = (calls[method] ?? 0) + 1;
        return call(...args);
      }),
  };
}
