// The one bounded pool: HNS reads, bulk changes and fleet fan-out all run through it.

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping input order in the result.
 * On the first failure no new item starts, but items already running finish (so they release their
 * handles) before the promise rejects with that first error.
 */
export async function mapLimit<T, R>(
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
