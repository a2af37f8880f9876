import { getArray, getKey, getString, isObject, type HostComputeEndpoint } from '../../../native/hns-json';
import { buildTopology, isProxyPolicy, summarizeEndpoint } from '../endpoint-summary';
import { fromHns } from '../policy/hns-mapping';
import type { EndpointDetail, ProxyPolicyView } from '../views';
import type { AppContext } from './context';
import { ownersOf } from './ownership';

/** The endpoint's L4WFPPROXY policies in HNS order, raw objects as HNS returned them. */
export function rawProxyPolicies(ep: HostComputeEndpoint): unknown[] {
  return getArray(ep, 'Policies').filter((p) => isObject(p) && isProxyPolicy(p));
}

/** Parsed views of the proxy policies; `added` is what the journal says this app added. */
export function proxyViews(ep: HostComputeEndpoint, added: unknown[]): ProxyPolicyView[] {
  const raws = rawProxyPolicies(ep);
  const owners = ownersOf(raws, added);
  return raws.map((raw, index) => {
    const parsed = fromHns(raw);
    const flags: ProxyPolicyView['flags'] = [];
    if (parsed.legacyPort !== undefined) flags.push('legacy-port');
    if (parsed.unknownFields.length > 0) flags.push('unknown-fields');
    if (!parsed.policy) flags.push('unparseable');
    const owner = owners[index];
    if (owner) flags.push('foreign-owner');
    const view: ProxyPolicyView = {
      index,
      policy: parsed.policy,
      raw,
      unknownFields: parsed.unknownFields,
      flags,
    };
    if (parsed.legacyPort !== undefined) view.legacyPort = parsed.legacyPort;
    if (owner) view.owner = owner;
    if (parsed.issues.length > 0) view.issues = parsed.issues;
    return view;
  });
}

/**
 * The endpoint as the detail view shows it. `addedNow`: policies a change of ours has just sent but
 * not journalled yet (commitChange describes before it appends), so ownership counts them as ours.
 */
export async function describeEndpoint(
  ctx: AppContext,
  ep: HostComputeEndpoint,
  addedNow: readonly unknown[] = [],
): Promise<EndpointDetail> {
  const [networks, namespaces, journalled, { pods }] = await Promise.all([
    ctx.hns.listNetworks(),
    ctx.hns.listNamespaces(),
    ctx.journal.addedPolicies(),
    // The pods of the shared node read (one CRI walk per refresh), without waiting for its list.
    ctx.nodeState.podsFor(ctx.hns),
  ]);
  const added = [...journalled, ...addedNow];
  const summary = summarizeEndpoint(ep, buildTopology(networks, namespaces, pods));
  const otherPolicies = getArray(ep, 'Policies')
    .filter((p) => isObject(p) && !isProxyPolicy(p))
    .map((p) => ({ type: getString(p, 'Type') ?? '?', settings: getKey(p, 'Settings') ?? null }));
  return { summary, proxyPolicies: proxyViews(ep, added), otherPolicies, raw: ep };
}

export async function getEndpointDetail(ctx: AppContext, endpointId: string): Promise<EndpointDetail> {
  return describeEndpoint(ctx, await ctx.hns.getEndpoint(endpointId));
}
