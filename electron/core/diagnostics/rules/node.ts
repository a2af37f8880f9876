import type { Finding } from '../../views';
import type { NodeRule } from '../types';

/** hcsshim hcn/hcnsupport.go: L4WfpProxyPolicyVersion = 13.2 (docs/hcn-api.md §1.5). */
export const MIN_L4WFPPROXY = { major: 13, minor: 2 };

export const hnsTooOld: NodeRule = {
  id: 'node.hns-too-old',
  title: 'HNS older than 13.2 does not support L4WFPPROXY.',
  check(ctx, endpoints) {
    const v = ctx.input.hnsVersion;
    if (!v) return [];
    const old =
      v.major < MIN_L4WFPPROXY.major || (v.major === MIN_L4WFPPROXY.major && v.minor < MIN_L4WFPPROXY.minor);
    if (!old) return [];
    const withProxy = endpoints.filter((e) => e.proxies.length > 0).map((e) => e.id);
    const f: Finding = {
      id: this.id,
      severity: 'error',
      message: `HNS ${v.major}.${v.minor} is older than 13.2: L4WFPPROXY policies are not supported here${withProxy.length ? ` and the ${withProxy.length} present are not enforced` : ''}.`,
      fix: 'Run the workload on Windows Server 2022 or later (HNS 13.2+).',
      evidence: { hnsVersion: v, required: MIN_L4WFPPROXY, endpointsWithProxy: withProxy },
    };
    return [f];
  },
};
