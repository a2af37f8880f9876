import type { HnsClient } from '../../../native/hns-client';
import type { Journal } from '../journal/journal';
import type { NodeStateReader } from './node-state';
import type { KeyedQueue } from './queue';
import type { SettingsStore } from './settings';

/** What services share: the live backend (swappable when a snapshot is opened) and the app's facts. */
export interface AppContext {
  hns: HnsClient;
  /** Set while an opened snapshot replaces the live backend. */
  snapshot?: { fileName: string; format: string; editable: boolean; live: HnsClient };
  elevated: boolean;
  /**
   * Set when the user chose to change this node although its HNS version cannot be read (CLI
   * --force, the app's confirmation): the version gate lets writes through and every change
   * records `versionUnverified` in the journal.
   */
  unverifiedVersion?: { by: string };
  appVersion: string;
  platform: string;
  /** Audit log and source of restore. */
  journal: Journal;
  /** Per-endpoint serialization of changes. */
  queue: KeyedQueue;
  settings: SettingsStore;
  /** The shared whole-node read (list + diagnostics of one refresh cost one HNS pass). */
  nodeState: NodeStateReader;
}
