import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { HnsState } from '../../../native/demo-data';
import { endpointId } from '../../../native/hns-json';
import { SimulatedHns } from '../../../native/simulated-hns';
import { serializeSnapshot } from '../../../native/snapshot/app-format';
import { applyVersionOverride, parseHnsVersion, parseSnapshot } from '../../../native/snapshot/parse';
import { AppFailure } from '../../base/app-error';
import type { AppContext } from './context';
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
  const content = serializeSnapshot(state, {
    source: {
      backend: ctx.snapshot ? 'snapshot' : ctx.hns.kind,
      description: ctx.hns.description,
      hostname: hostname(),
      appVersion: ctx.appVersion,
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return { fileName: `hns-snapshot-${hostname()}-${stamp}.json`, content, endpointCount: picked.length };
}

export async function openSnapshot(
  ctx: AppContext,
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
  const live = ctx.snapshot?.live ?? ctx.hns;
  if (ctx.snapshot) await ctx.hns.close();
  ctx.hns = new SimulatedHns(parsed.state, {
    description: `Snapshot: ${name}`,
    ...(parsed.versionNote ? { versionNote: parsed.versionNote } : {}),
  });
  ctx.snapshot = { fileName: name, format: parsed.format, editable, live };
  return {
    fileName: name,
    format: parsed.format,
    endpointCount: parsed.state.endpoints.length,
    warnings: [...parsed.warnings, ...parsed.notes],
    editable,
    hnsVersion: parsed.state.version,
    ...(parsed.versionNote ? { versionNote: parsed.versionNote } : {}),
  };
}

export async function closeSnapshot(ctx: AppContext) {
  if (ctx.snapshot) {
    await ctx.hns.close();
    ctx.hns = ctx.snapshot.live;
    delete ctx.snapshot;
  }
  return { backendLabel: ctx.hns.description };
}
