import type { HnsClient } from '../../../native/hns-client';

/** What services share: the live backend (swappable when a snapshot is opened) and the app's facts. */
export interface AppContext {
  hns: HnsClient;
  /** Set while an opened snapshot replaces the live backend. */
  snapshot?: { fileName: string; format: string; editable: boolean; live: HnsClient };
  elevated: boolean;
  appVersion: string;
  platform: string;
}
