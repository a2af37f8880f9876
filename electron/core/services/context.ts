import type { HnsClient } from '../../../native/hns-client';
import type { JournalLike } from '../journal/journal-like';
import type { NodeStateReader } from './node-state';
import type { KeyedQueue } from './queue';
import type { SettingsStore } from './settings';

/**
 * What a session's state is: the machine's own HNS (`live`), a state file the CLI or the harness
 * seeded the simulator from (`state-file`: changes are saved to it only with --persist), or a snapshot
 * the window opened in place of the live node (`snapshot`: changes are a what-if, never saved).
 */
export type SessionOrigin =
  | { readonly kind: 'live' }
  | { readonly kind: 'state-file'; readonly path: string; readonly saved: boolean }
  | {
      readonly kind: 'snapshot';
      readonly fileName: string;
      readonly format: string;
      readonly editable: boolean;
    };

/** The write gate's state: the user's confirmation to change a node whose HNS version is unreadable. */
export interface WriteGateState {
  readonly unverifiedVersion?: { readonly by: string };
}

/**
 * One node's state as one value: the backend, the journal that records its changes (and says who owns
 * its policies), its shared node read, its per-endpoint queue, its write gate and where it came from.
 * Opening or closing a snapshot, a confirmation, or a new journal path replaces it whole; nothing
 * mutates one. A snapshot's session has its own journal, so nothing done to it reaches the machine's.
 */
export interface Session {
  readonly hns: HnsClient;
  readonly journal: JournalLike;
  readonly nodeState: NodeStateReader;
  readonly queue: KeyedQueue;
  readonly writeGate: WriteGateState;
  readonly origin: SessionOrigin;
}

/** Facts about this app that no session changes. */
export interface AppFacts {
  readonly elevated: boolean;
  readonly appVersion: string;
  readonly platform: string;
  readonly settings: SettingsStore;
}

/** What a service receives: the app's facts and the session current when the call began, for the whole call. */
export type AppContext = AppFacts & Session;

/** Whether changes in this session reach something that outlives the process (HNS, a persisted file). */
export const savesChanges = (origin: SessionOrigin): boolean =>
  origin.kind === 'live' || (origin.kind === 'state-file' && origin.saved);

/**
 * The current session of one host, and the machine's live session behind an opened snapshot. Handlers
 * take `context()` once per call; only the session-replacing operations call `replace`/`restoreLive`.
 */
export class Sessions {
  #live: Session;
  #current: Session;

  constructor(
    readonly app: AppFacts,
    live: Session,
  ) {
    this.#live = live;
    this.#current = live;
  }

  /** A frozen view for one call: a session replaced during the call does not change what it sees. */
  context(): AppContext {
    return Object.freeze({ ...this.app, ...this.#current });
  }

  get current(): Session {
    return this.#current;
  }

  get live(): Session {
    return this.#live;
  }

  /** Puts `next` in place of the current session (a snapshot over the live one, or another snapshot). */
  replace(next: Session): Session {
    const previous = this.#current;
    this.#current = next;
    return previous;
  }

  /** Replaces the live session; also the current one unless a snapshot is open over it. */
  replaceLive(next: Session): void {
    if (this.#current === this.#live) this.#current = next;
    this.#live = next;
  }

  /** Back to the live session (closing a snapshot). */
  restoreLive(): Session {
    return this.replace(this.#live);
  }
}
