import { canonicalGuid } from '../../../native/hns-json';

/**
 * Changes to one endpoint run one at a time (read → modify → read back → journal), so two clicks,
 * a CLI call and a bulk apply never interleave on the same endpoint; different endpoints run in
 * parallel. Keys are canonical GUIDs (HNS and hcsshim disagree on GUID case).
 */
export class KeyedQueue {
  private tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const k = canonicalGuid(key);
    const prev = this.tails.get(k) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(k, tail);
    // Forget idle keys so a long-running app does not keep one entry per endpoint ever touched.
    void tail.then(() => {
      if (this.tails.get(k) === tail) this.tails.delete(k);
    });
    return next;
  }

  get pending(): number {
    return this.tails.size;
  }
}
