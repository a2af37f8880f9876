import type { HnsClient } from '../../../native/hns-client';
import type { HnsVersion } from '../../../native/hns-json';
import { AppFailure } from '../../base/app-error';
import type { AppContext } from './context';

/** L4WFPPROXY exists from HNS 13.2 (hcsshim hcn/hcnsupport.go L4WfpProxyPolicyVersion). */
export const L4WFP_MIN_VERSION: HnsVersion = { major: 13, minor: 2 };

export function versionAtLeast(v: HnsVersion, min: HnsVersion): boolean {
  return v.major > min.major || (v.major === min.major && v.minor >= min.minor);
}

// The version never changes while a backend is open; ask once per backend object.
const versions = new WeakMap<HnsClient, Promise<HnsVersion>>();

export function hnsVersion(hns: HnsClient): Promise<HnsVersion> {
  let p = versions.get(hns);
  if (!p) {
    p = hns.getVersion();
    versions.set(hns, p);
    // A failed read is not cached: the service may simply have been starting.
    p.catch(() => versions.delete(hns));
  }
  return p;
}

const fmt = (v: HnsVersion) => `${v.major}.${v.minor}`;

/**
 * Every write passes here first: read-only when not elevated, read-only snapshots, and the HNS
 * version gate. Reads never do, so an old or unprivileged host can still be inspected.
 */
export async function assertWritable(ctx: AppContext): Promise<void> {
  const snapshot = ctx.origin.kind === 'snapshot' ? ctx.origin : undefined;
  if (snapshot && !snapshot.editable) {
    throw new AppFailure({
      code: 'read-only',
      message: `The snapshot ${snapshot.fileName} is open read-only; open it as editable to try changes, or close it to work on this host.`,
    });
  }
  if (!ctx.elevated && !snapshot) {
    throw new AppFailure({
      code: 'read-only',
      message:
        'Read-only: HCN Proxy Control is not running as administrator, and HNS accepts policy changes only from an elevated process. Restart it elevated to make changes.',
    });
  }
  let v: HnsVersion;
  try {
    v = await hnsVersion(ctx.hns);
  } catch (e) {
    // An editable snapshot without a recorded version (PowerShell and hnsdiag captures carry none)
    // changes nothing real: let people try changes on it. A recorded old version still refuses.
    if (snapshot?.editable) return;
    // The user's explicit choice (CLI --force, the app's confirmation); commitChange journals it.
    if (ctx.writeGate.unverifiedVersion) return;
    throw new AppFailure({
      code: 'hns-version',
      message: `Could not read the HNS version (${e instanceof Error ? e.message : String(e)}); L4WFPPROXY policies need HNS ${fmt(L4WFP_MIN_VERSION)} or later, so changes are refused. To change this node anyway, pass --force (CLI) or confirm in the app; the journal records that the version was not verified.`,
    });
  }
  if (!versionAtLeast(v, L4WFP_MIN_VERSION)) {
    throw new AppFailure({
      code: 'hns-version',
      message: `This host runs HNS ${fmt(v)}; L4WFPPROXY policies need HNS ${fmt(L4WFP_MIN_VERSION)} or later (Windows Server 2022). Reading works, changes are refused.`,
    });
  }
}
