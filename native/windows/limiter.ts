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
