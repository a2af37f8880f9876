import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { HnsState } from '../../../native/demo-data';
import { endpointId } from '../../../native/hns-json';
import { SimulatedHns } from '../../../native/simulated-hns';
import { serializeSnapshot } from '../../../native/snapshot/app-format';
import {
  applyVersionOverride,
  parseHnsVersion,
  parseSnapshot,
  versionProvenance,
} from '../../../native/snapshot/parse';
import { AppFailure } from '../../base/app-error';
import { MemoryJournal } from '../journal/memory-journal';
import type { AppContext, Session, Sessions } from './context';
import { NodeStateReader } from './node-state';
import { KeyedQueue } from './queue';
import { hnsVersion } from './write-gate';

// Export the current view of HNS as a file another machine can open; open such a file (or a
// PowerShell/hnsdiag capture) in place of the live backend; close it again.

export async function exportSnapshot(ctx: AppContext, endpointIds?: string[]) {
  // A capture is what HNS holds now, not a read from seconds ago.
  const { endpoints, networks, namespaces } = await ctx.nodeState.read(ctx.hns, { fresh: true });
  // A capture without a version is still useful; serializeSnapshot writes null and a reopened file is write-gated.
  const version = await hnsVersion(ctx.hns).catch(() => null);
  // endpointIds are canonical (EndpointIdSchema), as endpointId() reads HNS's.
  const wanted = endpointIds && new Set(endpointIds);
  const picked = wanted ? endpoints.filter((e) => wanted.has(endpointId(e))) : endpoints;
  const state = { networks, endpoints: picked, namespaces, version } as HnsState;
  // A version the backend inferred or was told is saved as such, never as if HNS reported it.
  const provenance = versionProvenance((ctx.hns as { versionNote?: string }).versionNote);
  const content = serializeSnapshot(state, {
    ...(provenance ? { hnsVersion: provenance } : {}),
    source: {
      backend: ctx.origin.kind === 'snapshot' ? 'snapshot' : ctx.hns.kind,
      description: ctx.hns.description,
      hostname: hostname(),
      appVersion: ctx.appVersion,
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return { fileName: `hns-snapshot-${hostname()}-${stamp}.json`, content, endpointCount: picked.length };
}

/**
 * A what-if session over a snapshot: its own simulator, its own memory journal (so nothing done to it
 * reaches the machine's journal or changes what the live node's ownership, diagnostics or clear see),
 * its own node read and queue. The caller puts it in place of the current session.
 */
export async function openSnapshot(
  fileName: string,
  contentBase64: string,
  editable: boolean,
  hnsVersion?: string,
) {
  const name = basename(fileName);
  const override = hnsVersion?.trim() ? parseHnsVersion(hnsVersion) : undefined;
  if (typeof override === 'string') {
    throw new AppFailure({ code: 'validation', field: 'hnsVersion', message: `HNS version: ${override}.` });
  }
  let parsed;
  try {
    parsed = applyVersionOverride(
      parseSnapshot(Buffer.from(contentBase64, 'base64'), name),
      override,
      'the Open Snapshot dialog',
    );
  } catch (e) {
    throw new AppFailure({
      code: 'snapshot',
      field: 'contentBase64',
      message: `${name} is not a snapshot this app can read: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const session: Session = {
    hns: new SimulatedHns(parsed.state, {
      description: `Snapshot: ${name}`,
      ...(parsed.versionNote ? { versionNote: parsed.versionNote } : {}),
    }),
    journal: new MemoryJournal(`what-if changes to ${name} (kept in memory, never saved)`),
    nodeState: new NodeStateReader(),
    queue: new KeyedQueue(),
    writeGate: {},
    origin: { kind: 'snapshot', fileName: name, format: parsed.format, editable },
  };
  const result = {
    fileName: name,
    format: parsed.format,
    endpointCount: parsed.state.endpoints.length,
    warnings: [...parsed.warnings, ...parsed.notes],
    editable,
    hnsVersion: parsed.state.version,
    ...(parsed.versionNote ? { versionNote: parsed.versionNote } : {}),
  };
  return { session, result };
}

/** Opens a snapshot in place of the current session (a snapshot already open is closed first). */
export async function openSnapshotIn(sessions: Sessions, ...args: Parameters<typeof openSnapshot>) {
  const { session, result } = await openSnapshot(...args);
  const previous = sessions.replace(session);
  if (previous !== sessions.live) await previous.hns.close();
  return result;
}

/** Back to the live session; the snapshot's session, memory journal included, is dropped. */
export async function closeSnapshotIn(sessions: Sessions) {
  const previous = sessions.restoreLive();
  if (previous !== sessions.live) await previous.hns.close();
  return { backendLabel: sessions.live.hns.description };
}
