import { HNS_CLIENT_METHODS, RAW_MODIFY_METHOD, type HnsClient } from '../../native/hns-client';

/** Methods that reach HNS (close and the labels do not). */
const HNS_METHODS = new Set<string>([...Object.keys(HNS_CLIENT_METHODS), RAW_MODIFY_METHOD]);

/** Runs one HNS call: `call` sends it to the wrapped backend with the given arguments. */
export type AroundHns = (method: string, args: unknown[], call: (...args: unknown[]) => unknown) => unknown;

/**
 * A backend (simulator, koffi + fake library, ...) whose calls that reach HNS go through `around`;
 * everything else (labels, close, the simulator's own knobs) passes straight to `inner`, called on
 * `inner` itself so backends with private fields work. `extra` adds members of the wrapper's own.
 * The test-side wrapper for counting calls (counting-hns.ts) and injecting faults (harness/faults.ts).
 */
export function interceptHns<E extends object = object>(
  inner: HnsClient,
  around: AroundHns,
  extra?: E,
): HnsClient & E {
  return new Proxy(inner, {
    get(target, prop) {
      if (extra && Object.hasOwn(extra, prop)) return (extra as Record<PropertyKey, unknown>)[prop];
      const v = Reflect.get(target, prop) as unknown;
      if (typeof v !== 'function') return v;
      const fn = v as (...a: unknown[]) => unknown;
      if (typeof prop !== 'string' || !HNS_METHODS.has(prop)) return fn.bind(target);
      return (...args: unknown[]) => around(prop, args, (...a) => fn.apply(target, a));
    },
  }) as HnsClient & E;
}
