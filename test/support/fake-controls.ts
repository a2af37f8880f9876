import { loadKoffi } from '../../native/windows/koffi-types';

// The fake computenetwork library's test-only exports (test/fixtures/fake-computenetwork.c).
// Synchronous: they only read or set counters under the library's mutex.

export interface FakeKnobs {
  /** Injected latency per HNS call, microseconds. */
  latencyUs?: number;
  /** Fail the Nth call (of failFn if given, else of any HNS function; with failId, of that object). */
  failNth?: number;
  /** Fail calls of this function (every call unless failNth is given). */
  failFn?: string;
  /**
   * Fail only calls that name this object (a GUID): open/delete by ID, query/modify/close by a handle
   * of it. Under concurrency this is the way to hit one particular object; failNth counts arrivals.
   * With failHr ERROR_NOT_FOUND (0x80070490) the object answers as if it had vanished.
   */
  failId?: string;
  /**
   * Keep the next holdCount (default 1) calls of holdFn on object holdId (either alone: any) inside
   * the library until release() or the next configure(): a call in flight for as long as a test needs,
   * without guessing a latency. Only calls that name an object (open, query, modify, close, delete).
   */
  holdFn?: string;
  holdId?: string;
  holdCount?: number;
  /** HRESULT of the injected failure (default E_FAIL 0x80004005). */
  failHr?: number;
  /** This function returns S_OK but with a non-empty ErrorRecord. */
  okRecordFn?: string;
}

export interface FakeCounters {
  openHandles: number;
  unfreedBuffers: number;
  badFrees: number;
}

export interface FakeControls {
  /** Re-seeds all state from a JSON file ({networks, endpoints, namespaces, version}). */
  loadState(path: string): void;
  /** Replaces all knobs (missing = off) and restarts the call counters. */
  configure(knobs: FakeKnobs): void;
  counters(): FakeCounters;
  callCount(): number;
  /** Most HNS calls inside the library at once since the last configure(). */
  maxInFlight(): number;
  /** Calls waiting on the hold knob right now. */
  held(): number;
  /** Lets held calls go on and holds no more. */
  release(): void;
  resetCounters(): void;
}

export async function loadFakeControls(libraryPath: string): Promise<FakeControls> {
  const koffi = await loadKoffi();
  const lib = koffi.load(libraryPath);
  const loadState = lib.func('int HcnFakeLoadState(const char *path)');
  const configure = lib.func('int HcnFakeConfigure(const char *json)');
  const openHandles = lib.func('long HcnFakeOpenHandles(void)');
  const unfreed = lib.func('long HcnFakeUnfreedBuffers(void)');
  const badFrees = lib.func('long HcnFakeBadFrees(void)');
  const callCount = lib.func('long HcnFakeCallCount(void)');
  const reset = lib.func('void HcnFakeResetCounters(void)');
  const maxInFlight = lib.func('long HcnFakeMaxInFlight(void)');
  const held = lib.func('long HcnFakeHeld(void)');
  const release = lib.func('void HcnFakeRelease(void)');
  const num = (v: unknown) => Number(v);
  return {
    loadState(path) {
      const r = num(loadState(path));
      if (r !== 0)
        throw new Error(
          `The fake HNS library could not load state from ${path} (${r === -1 ? 'unreadable' : 'not a state object'}).`,
        );
    },
    configure(knobs) {
      const failHr = knobs.failHr === undefined ? undefined : knobs.failHr >>> 0;
      if (num(configure(JSON.stringify({ ...knobs, failHr }))) !== 0)
        throw new Error('HcnFakeConfigure rejected the knobs.');
    },
    counters: () => ({
      openHandles: num(openHandles()),
      unfreedBuffers: num(unfreed()),
      badFrees: num(badFrees()),
    }),
    callCount: () => num(callCount()),
    maxInFlight: () => num(maxInFlight()),
    held: () => num(held()),
    release: () => void release(),
    resetCounters: () => void reset(),
  };
}

/** The HCNFAKE_* variables the C library reads at its first call, as knobs (unset or empty = off). */
const ENV_KNOBS = {
  HCNFAKE_LATENCY_US: 'latencyUs',
  HCNFAKE_FAIL_NTH: 'failNth',
  HCNFAKE_FAIL_HR: 'failHr',
  HCNFAKE_FAIL_FN: 'failFn',
  HCNFAKE_FAIL_ID: 'failId',
} as const;

/**
 * Knobs from the environment, so `HCNFAKE_LATENCY_US=2000 hcnproxyctl --backend fake …` rehearses a
 * slow HNS: createFakeHns re-configures the library, which would otherwise reset them to off.
 * Numbers accept decimal or 0x hex (failHr); anything else is an error naming the variable.
 */
export function knobsFromEnv(env: NodeJS.ProcessEnv = process.env): FakeKnobs {
  const knobs: Record<string, number | string> = {};
  for (const [name, key] of Object.entries(ENV_KNOBS)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (key === 'failFn' || key === 'failId') {
      knobs[key] = raw;
      continue;
    }
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${name} must be a non-negative integer (decimal or 0x hex), got "${raw}".`);
    knobs[key] = n;
  }
  return knobs as FakeKnobs;
}
