import { basename } from 'node:path';
import type { HnsState } from '../../../native/demo-data';
import { sameGuid } from '../../../native/hns-json';
import { SimulatedHns } from '../../../native/simulated-hns';
import { parseSnapshot } from '../../../native/snapshot/parse';
import { AppFailure } from '../app-error';
import type { AppContext } from './context';
import { hnsVersion } from './write-gate';

// Export the current view of HNS as a file another machine can open; open such a file (or a
// PowerShell/hnsdiag capture) in place of the live backend; close it again.

export const SNAPSHOT_FORMAT = 'hcn-proxy-control-snapshot';

export async function exportSnapshot(ctx: AppContext, endpointIds?: string[]) {
  const [endpoints, networks, namespaces] = await Promise.all([ctx.hns.listEndpoints(), ctx.hns.listNetworks(), ctx.hns.listNamespaces()]);
  let version: HnsState['version'] = { major: 0, minor: 0 };
  try {
    version = await hnsVersion(ctx.hns);
  } catch {
    // A capture without a version is still useful; 0.0 reads as "unknown" (and write-gated) when reopened.
  }
  const picked = endpointIds ? endpoints.filter((e) => endpointIds.some((id) => sameGuid(e.ID, id))) : endpoints;
  // HnsState keys (what parseSnapshot reads as the app format) plus provenance for people.
  const state: HnsState & Record<string, unknown> = {
    format: SNAPSHOT_FORMAT,
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    source: ctx.hns.description,
    networks,
    endpoints: picked,
    namespaces,
    version,
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return { fileName: `hns-snapshot-${stamp}.json`, content: JSON.stringify(state, null, 2), endpointCount: picked.length };
}

export async function openSnapshot(ctx: AppContext, fileName: string, contentBase64: string, editable: boolean) {
  const name = basename(fileName);
  let parsed;
  try {
    parsed = parseSnapshot(Buffer.from(contentBase64, 'base64'), name);
  } catch (e) {
    throw new AppFailure({ code: 'snapshot', field: 'contentBase64', message: `${name} is not a snapshot this app can read: ${e instanceof Error ? e.message : String(e)}` });
  }
  const live = ctx.snapshot?.live ?? ctx.hns;
  if (ctx.snapshot) await ctx.hns.close();
  ctx.hns = new SimulatedHns(parsed.state, `Snapshot: ${name}`);
  ctx.snapshot = { fileName: name, format: parsed.format, editable, live };
  return { fileName: name, format: parsed.format, endpointCount: parsed.state.endpoints.length, warnings: parsed.warnings, editable };
}

export async function closeSnapshot(ctx: AppContext) {
  if (ctx.snapshot) {
    await ctx.hns.close();
    ctx.hns = ctx.snapshot.live;
    delete ctx.snapshot;
  }
  return { backendLabel: ctx.hns.description };
}
