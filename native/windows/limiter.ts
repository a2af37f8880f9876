/** A counting semaphore: at most `limit` tasks run at once, the rest wait in FIFO order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`Concurrency must be a positive integer, got ${limit}.`);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    // Fast path without an extra await: this sits under every HNS call of a 1,000-endpoint list.
    if (this.active < this.limit) {
      this.active++;
      return this.settle(task);
    }
    return new Promise<void>((go) => this.waiting.push(go)).then(() => this.settle(task));
  }

  private settle<T>(task: () => Promise<T>): Promise<T> {
    const release = () => {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter (active stays the same), or release it.
      if (next) next();
      else this.active--;
    };
    let p: Promise<T>;
    try {
      p = task();
    } catch (e) {
      release();
      return Promise.reject(e);
    }
    return p.then(
      (v) => {
        release();
        return v;
      },
      (e: unknown) => {
        release();
        throw e;
      },
    );
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping input order in the result.
 * On the first failure no new item starts, but items already running finish (so they release their
 * handles) before the promise rejects with that first error.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i] as T, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
