import type { HnsInfo } from '../views';
import type { AppContext } from './context';
import { hnsVersion, L4WFP_MIN_VERSION, versionAtLeast } from './write-gate';

export async function hnsInfo(ctx: AppContext): Promise<HnsInfo> {
  let version: HnsInfo['version'] = null;
  let versionError: string | undefined;
  try {
    version = await hnsVersion(ctx.hns);
  } catch (e) {
    versionError = e instanceof Error ? e.message : String(e);
  }
  const supported = !!version && versionAtLeast(version, L4WFP_MIN_VERSION);
  const snapshot = ctx.origin.kind === 'snapshot' ? ctx.origin : undefined;
  const unverified = ctx.writeGate.unverifiedVersion;
  const readOnlyReason = snapshot
    ? snapshot.editable
      ? undefined
      : 'A snapshot is open read-only.'
    : !ctx.elevated
      ? 'Not running as administrator.'
      : !supported && !(versionError && unverified)
        ? `HNS ${version ? `${version.major}.${version.minor}` : 'version unknown'}: L4WFPPROXY needs ${L4WFP_MIN_VERSION.major}.${L4WFP_MIN_VERSION.minor}+.`
        : undefined;
  const info: HnsInfo = {
    backend: snapshot ? 'snapshot' : ctx.hns.kind,
    backendLabel: ctx.hns.description,
    version,
    l4WfpProxySupported: supported,
    elevated: ctx.elevated,
    readOnly: readOnlyReason !== undefined,
    appVersion: ctx.appVersion,
    platform: ctx.platform,
  };
  if (snapshot) info.snapshotFile = snapshot.fileName;
  if (versionError) info.versionError = versionError;
  // A version the simulator was told to assume (inferred from a snapshot, or set by the user) says so.
  const note = (ctx.hns as { versionNote?: string }).versionNote;
  if (note) info.versionNote = note;
  if (versionError && unverified && !snapshot) {
    info.versionNote = `not verified: changes allowed by ${unverified.by}`;
  }
  if (readOnlyReason) info.readOnlyReason = readOnlyReason;
  return info;
}
