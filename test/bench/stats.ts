// How every timing figure of the bench is reported: the median of at least MIN_RUNS repetitions, with
// the fastest and slowest beside it, so one figure read on a busy machine shows its own spread.
// `timing('list1000.app_ms', runs)` gives list1000.app_ms (the median), list1000.app_min_ms and
// list1000.app_max_ms; a key not ending in a unit gets _min/_max appended
// (list1000.overhead_us_per_endpoint_min).

export const MIN_RUNS = 5;

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median (the middle run; the mean of the two middle ones for an even count), min and max. */
export function spread(samples: readonly number[]): Spread {
  if (samples.length < MIN_RUNS)
    throw new Error(`a timing figure needs at least ${MIN_RUNS} runs, got ${samples.length}`);
  if (samples.some((x) => !Number.isFinite(x)))
    throw new Error(`a run measured no number: ${samples.join(', ')}`);
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

const UNIT = /_(ms|us|s)$/;

/** The names of a timing figure's min and max: `a_ms` → `a_min_ms`, `a_max_ms`; else `a_min`, `a_max`. */
export function spreadKeys(key: string): { min: string; max: string } {
  const unit = UNIT.exec(key);
  if (!unit) return { min: `${key}_min`, max: `${key}_max` };
  const stem = key.slice(0, unit.index);
  return { min: `${stem}_min${unit[0]}`, max: `${stem}_max${unit[0]}` };
}

const roundTo = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** The figure `key` as the median of `samples`, with its min and max (rounded to `digits` decimals). */
export function timing(key: string, samples: readonly number[], digits = 1): Record<string, number> {
  const s = spread(samples);
  const names = spreadKeys(key);
  return {
    [key]: roundTo(s.median, digits),
    [names.min]: roundTo(s.min, digits),
    [names.max]: roundTo(s.max, digits),
  };
}

/** Runs `once` `runs` times, one after another (never overlapping: each run has the machine to itself). */
export async function repeat<T>(runs: number, once: (run: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await once(i));
  return out;
}

/** "12.1, 13.4, 12.9 → median 12.9 (min 12.1, max 13.4)", for a producer's progress line. */
export function describeRuns(samples: readonly number[], digits = 1): string {
  const s = spread(samples);
  const f = (x: number) => roundTo(x, digits);
  return `${samples.map(f).join(', ')} → median ${f(s.median)} (min ${f(s.min)}, max ${f(s.max)})`;
}

/**
 * Timing figures in `figures` without their min and max beside them (a figure is a timing when its
 * name ends in a time unit or names one: _ms, _us). run.ts warns about each.
 */
export function unspreadTimings(figures: Record<string, unknown>): string[] {
  const keys = new Set(Object.keys(figures));
  return [...keys].filter((k) => {
    if (!/_(ms|us)(_|$)/.test(k) || /_(min|max)(_|$)/.test(k)) return false;
    const { min, max } = spreadKeys(k);
    return !keys.has(min) || !keys.has(max);
  });
}
