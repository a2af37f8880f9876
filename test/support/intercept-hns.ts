import { HNS_CLIENT_METHODS, RAW_MODIFY_METHOD, type HnsClient } from '../../native/hns-client';

/** Methods that reach HNS (close and the labels do not). */
const HNS_METHODS = [...Object.keys(HNS_CLIENT_METHODS), RAW_MODIFY_METHOD];

/** Runs one HNS call: `call` sends it to the wrapped backend with the given arguments. */
export type AroundHns = (method: string, args: unknown[], call: (...args: unknown[]) => unknown) => unknown;

type Members = Record<string, unknown>;

/**
 * A backend (simulator, koffi + fake library, ...) whose calls that reach HNS go through `around`;
 * every other method and getter (labels, close, the simulator's own knobs) is forwarded to `inner`
 * and runs on it, so backends with private fields work. The backend is the wrapper's prototype
 * (Object.getPrototypeOf gives it back, as a test that patches the real backend needs). `extra`
 * adds members of the wrapper's own. Used to count calls (counting-hns.ts) and inject faults
 * (harness/faults.ts).
 */
export function interceptHns<E extends object = object>(
  inner: HnsClient,
  around: AroundHns,
  extra?: E,
): HnsClient & E {
  const target = inner as unknown as Members;
  const wrapper = Object.create(inner) as Members;
  for (const name of HNS_METHODS) {
    if (typeof target[name] !== 'function') continue;
    wrapper[name] = (...args: unknown[]) =>
      around(name, args, (...a) => (target[name] as (...x: unknown[]) => unknown).apply(inner, a));
  }
  // Looked up at call time, so a method patched on the backend later is the one that runs.
  for (
    let o: object | null = inner;
    o && o !== Object.prototype;
    o = Object.getPrototypeOf(o) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor' || Object.hasOwn(wrapper, name)) continue;
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (d?.get) Object.defineProperty(wrapper, name, { get: () => target[name], configurable: true });
      else if (typeof d?.value === 'function')
        wrapper[name] = (...a: unknown[]) => (target[name] as (...x: unknown[]) => unknown).apply(inner, a);
    }
  }
  if (extra) Object.assign(wrapper, extra);
  return wrapper as unknown as HnsClient & E;
}
