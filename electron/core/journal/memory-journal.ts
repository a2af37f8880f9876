import { hostname } from 'node:os';
import { canonicalGuid } from '../../../native/hns-json';
import type { JournalEntry } from '../views';
import type { JournalLike, JournalListOptions, NewJournalEntry } from './journal-like';
import { newJournalId } from './journal';

/**
 * The journal of a what-if session (a snapshot opened in the window, a --state file without
 * --persist): undo and ownership work as on a live node for as long as the session lasts, and nothing
 * is written anywhere, so the machine's signed journal never records a change that HNS never saw.
 * Over a state file it also reads what was saved to that file before (`under`: the machine journal's
 * entries naming it), so policies this app added there still count as its own.
 */
export class MemoryJournal implements JournalLike {
  readonly #entries: JournalEntry[] = [];

  constructor(
    readonly path: string,
    private readonly under?: JournalLike,
  ) {}

  get skippedLines(): number {
    return this.under?.skippedLines ?? 0;
  }

  async append(entry: NewJournalEntry): Promise<JournalEntry> {
    const full: JournalEntry = {
      ...entry,
      id: newJournalId(),
      time: new Date().toISOString(),
      user: 'what-if',
      machine: hostname(),
    };
    this.#entries.push(full);
    return { ...full };
  }

  async all(): Promise<JournalEntry[]> {
    const restoredBy = new Map<string, string>();
    for (const e of this.#entries)
      if (e.operation === 'restore' && e.restores && e.outcome !== 'failed') restoredBy.set(e.restores, e.id);
    const saved = (await this.under?.all()) ?? [];
    return [...saved, ...this.#entries].map((e) => {
      const by = restoredBy.get(e.id);
      return by ? { ...e, restoredBy: by } : { ...e };
    });
  }

  async list(options: JournalListOptions = {}): Promise<JournalEntry[]> {
    const ep = options.endpointId && canonicalGuid(options.endpointId);
    const all = await this.all();
    const picked = ep ? all.filter((e) => canonicalGuid(e.endpointId) === ep) : all;
    return picked.reverse().slice(0, options.limit ?? 200);
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.all()).find((e) => e.id === id);
  }

  /** This session's entries never leave the process: nothing to verify beyond their presence. */
  async verified(id: string): Promise<JournalEntry | undefined> {
    const mine = this.#entries.some((e) => e.id === id);
    if (!mine) return this.under?.verified(id);
    return this.get(id);
  }

  async addedPolicies(): Promise<unknown[]> {
    const saved = (await this.under?.addedPolicies()) ?? [];
    return saved.concat(
      this.#entries
        .filter((e) => (e.operation === 'add' || e.operation === 'restore') && e.outcome !== 'failed')
        .flatMap((e) => e.policies),
    );
  }

  async flush(): Promise<void> {}
}
