import type { HnsState } from '../demo-data';
import { stringifyExact } from './exact-json';

/** The app's own export format ("hcnproxy-snapshot", version 1). */
export const SNAPSHOT_FORMAT = 'hcnproxy-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotSource {
  /** windows | simulated | fake | snapshot */
  backend: string;
  /** The backend's description, e.g. "Windows HNS" or "Simulated HNS seeded from node7.json". */
  description: string;
  hostname?: string;
  appVersion?: string;
}

export interface AppSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** ISO 8601 time of capture. */
  capturedAt: string;
  source: SnapshotSource;
  networks: HnsState['networks'];
  endpoints: HnsState['endpoints'];
  namespaces: HnsState['namespaces'];
  /** HNS service version ({major, minor}); null when it could not be read. */
  hnsVersion: HnsState['version'] | null;
  /**
   * Absent when hnsVersion was read from HNS. "inferred" (from the policies it holds) or "set" (by
   * the user) when it was not: the saved file says so, and reopening it keeps saying so.
   */
  hnsVersionSource?: 'inferred' | 'set';
  hnsVersionNote?: string;
}

export interface SnapshotMeta {
  source: SnapshotSource;
  capturedAt?: Date | string;
  /** How the version was obtained when it was not read from HNS (the backend's versionNote). */
  hnsVersion?: { source: 'inferred' | 'set'; note: string };
}

/** The export file's text: pretty JSON (people diff and read these), UTF-8, trailing newline. */
export function serializeSnapshot(state: HnsState, meta: SnapshotMeta): string {
  const capturedAt =
    meta.capturedAt instanceof Date
      ? meta.capturedAt.toISOString()
      : (meta.capturedAt ?? new Date().toISOString());
  const snap: AppSnapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    capturedAt,
    source: meta.source,
    networks: state.networks,
    endpoints: state.endpoints,
    namespaces: state.namespaces,
    hnsVersion: state.version ?? null,
  };
  if (state.version && meta.hnsVersion) {
    snap.hnsVersionSource = meta.hnsVersion.source;
    snap.hnsVersionNote = meta.hnsVersion.note;
  }
  // Exact: 64-bit integers HNS wrote are written back digit for digit (exact-json.ts).
  return stringifyExact(snap, 2) + '\n';
}
