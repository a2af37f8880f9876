import type { JournalEntry } from '../views';

export type NewJournalEntry = Omit<JournalEntry, 'id' | 'time' | 'user' | 'machine' | 'restoredBy'>;

export interface JournalListOptions {
  endpointId?: string;
  limit?: number;
}

/**
 * What services need of a journal: the machine's signed file (journal.ts) or a what-if session's
 * memory (memory-journal.ts). A service never knows which.
 */
export interface JournalLike {
  /** Where entries go: a file path, or a description of the memory journal. */
  readonly path: string;
  /** Lines of the file that did not parse (0 for memory). */
  readonly skippedLines: number;
  append(entry: NewJournalEntry): Promise<JournalEntry>;
  /** Entries as written, oldest first, with restoredBy filled from later restore entries. */
  all(): Promise<JournalEntry[]>;
  /** Newest first, optionally for one endpoint. */
  list(options?: JournalListOptions): Promise<JournalEntry[]>;
  get(id: string): Promise<JournalEntry | undefined>;
  /** The entry `id` for restore, checked; undefined when absent; throws when it fails a check. */
  verified(id: string): Promise<JournalEntry | undefined>;
  /** Settings of every proxy policy this app added here (add and restore), for ownership. */
  addedPolicies(): Promise<unknown[]>;
  flush(): Promise<void>;
}
