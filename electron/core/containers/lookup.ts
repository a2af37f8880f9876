import {
  canonicalGuid,
  endpointId,
  getArray,
  getKey,
  getString,
  guidOf,
  type HostComputeEndpoint,
} from '../../../native/hns-json';
import { AppFailure } from '../../base/app-error';
import { buildTopology, containerIdsOf } from '../endpoint-summary';
import type { AppContext } from '../services/context';
import type { LookupResult } from '../views';
import { defaultCriEndpoint, defaultDockerEndpoint } from './runtime-defaults';
import { pickByPrefix } from './prefix';

export interface LookupInput {
  containerId: string;
  runtimeEndpoint?: string;
  docker?: boolean | string;
}

type Match = LookupResult['matches'][number];

/** HNS namespace → its endpoints: namespace Endpoint resources plus endpoints naming the namespace. */
async function endpointsOfNamespace(
  ctx: AppContext,
  nsId: string,
): Promise<{ eps: HostComputeEndpoint[]; found: boolean }> {
  // The shared node read: several containers of one pod must not each walk every endpoint.
  const { namespaces, endpoints } = await ctx.nodeState.read(ctx.hns);
  // The runtime's namespace id is an edge too: canonical before comparing.
  const want = canonicalGuid(nsId);
  const ns = namespaces.find((n) => guidOf(n, 'ID') === want);
  const ids = new Set<string>();
  for (const r of getArray(ns, 'Resources')) {
    if ((getString(r, 'Type') ?? '').toLowerCase() === 'endpoint') {
      const id = guidOf(getKey(r, 'Data'), 'ID');
      if (id) ids.add(id);
    }
  }
  const eps = endpoints.filter((e) => ids.has(endpointId(e)) || guidOf(e, 'HostComputeNamespace') === want);
  return { eps, found: !!ns || eps.length > 0 };
}

const normMac = (m: string) => m.toLowerCase().replace(/[^0-9a-f]/g, '');

async function viaCri(ctx: AppContext, ref: string, address: string): Promise<LookupResult> {
  // The runtime clients (grpc-js, dockerode) load on first use: never at the CLI's start-up.
  const { criLookup } = await import('./cri');
  const c = await criLookup(address, ref);
  const notes = [...c.notes];
  if (!c.namespaceId) return { matches: [], notes };
  const { eps, found } = await endpointsOfNamespace(ctx, c.namespaceId);
  if (!found)
    notes.push(
      `HNS has no namespace ${c.namespaceId} (the one the runtime recorded for ${c.containerId.slice(0, 13)}).`,
    );
  else if (eps.length === 0) notes.push(`Namespace ${c.namespaceId} has no endpoint attached.`);
  const matches: Match[] = eps.map((e) => ({
    containerId: c.containerId,
    endpointId: endpointId(e),
    endpointName: getString(e, 'Name') ?? '',
    source: 'cri',
    namespaceId: c.namespaceId,
  }));
  return { matches, notes };
}

/** A pod (`namespace/name`) → its sandbox's HNS namespace → that namespace's endpoints. */
async function viaPod(ctx: AppContext, pod: string, address: string): Promise<LookupResult> {
  const { criPods } = await import('./cri');
  const hits = [...(await criPods(address))].filter(([, ref]) => ref.pod === pod);
  if (hits.length === 0)
    throw new AppFailure({
      code: 'not-found',
      message: `The CRI runtime at ${address} has no pod ${pod} with a network namespace (kubectl get pod -n ${pod.split('/')[0]} ${pod.split('/')[1]} -o wide shows which node runs it).`,
    });
  const notes: string[] = [];
  const matches: Match[] = [];
  for (const [nsId, ref] of hits) {
    const { eps, found } = await endpointsOfNamespace(ctx, nsId);
    if (!found) notes.push(`HNS has no namespace ${nsId} (the one the runtime recorded for pod ${pod}).`);
    else if (eps.length === 0) notes.push(`Namespace ${nsId} of pod ${pod} has no endpoint attached.`);
    for (const e of eps)
      matches.push({
        containerId: ref.sandboxId,
        endpointId: endpointId(e),
        endpointName: getString(e, 'Name') ?? '',
        source: 'cri',
        namespaceId: canonicalGuid(nsId),
        pod,
      });
  }
  return { matches, notes };
}

async function viaDocker(ctx: AppContext, ref: string, address: string): Promise<LookupResult> {
  const { dockerLookup } = await import('./docker');
  const d = await dockerLookup(address, ref);
  const notes = [...d.notes];
  const { endpoints } = await ctx.nodeState.read(ctx.hns);
  const matches: Match[] = [];
  for (const a of d.attachments) {
    const candidates = a.hnsNetworkId
      ? endpoints.filter((e) => guidOf(e, 'HostComputeNetwork') === canonicalGuid(a.hnsNetworkId ?? ''))
      : endpoints;
    const hit = candidates.filter((e) => {
      const ips = getArray(e, 'IpConfigurations').map((c) => getString(c, 'IpAddress'));
      const mac = getString(e, 'MacAddress') ?? '';
      return (
        (a.ipAddress && ips.includes(a.ipAddress)) ||
        (a.macAddress && mac && normMac(mac) === normMac(a.macAddress))
      );
    });
    if (hit.length === 0)
      notes.push(
        `No HNS endpoint on ${a.hnsNetworkId ? `HNS network ${a.hnsNetworkId}` : 'any network'} has IP ${a.ipAddress || '-'} or MAC ${a.macAddress || '-'} (Docker network ${a.networkName}).`,
      );
    for (const e of hit) {
      const m: Match = {
        containerId: d.containerId,
        endpointId: endpointId(e),
        endpointName: getString(e, 'Name') ?? '',
        source: 'docker',
      };
      const ns = guidOf(e, 'HostComputeNamespace');
      if (ns) m.namespaceId = ns;
      matches.push(m);
    }
  }
  return { matches, notes };
}

/** Containers HNS itself names in namespace resources (v2) or SharedContainers (v1): no runtime needed. */
async function viaHns(ctx: AppContext, ref: string): Promise<LookupResult> {
  const { endpoints, networks, namespaces } = await ctx.nodeState.read(ctx.hns);
  const topo = buildTopology(networks, namespaces);
  const pairs = endpoints.flatMap((e) =>
    containerIdsOf(topo.namespaceOf(e), e).map((cid) => ({ cid, e, ns: topo.namespaceOf(e) })),
  );
  const picked = pickByPrefix(
    pairs,
    ref,
    (p) => p.cid,
    () => undefined,
    'HNS namespace records',
  );
  return {
    matches: pairs
      .filter((p) => p.cid === picked.cid)
      .map((p) => {
        const m: Match = {
          containerId: p.cid,
          endpointId: endpointId(p.e),
          endpointName: getString(p.e, 'Name') ?? '',
          source: 'hns',
        };
        const ns = p.ns && guidOf(p.ns, 'ID');
        if (ns) m.namespaceId = ns;
        return m;
      }),
    notes: [],
  };
}

/**
 * Container → HNS endpoint(s). --docker asks Docker Engine; otherwise CRI v1 (the given
 * runtimeEndpoint, or containerd's default). With no runtime given and the default CRI socket not
 * answering, HNS's own namespace records are searched instead, and the note says so.
 */
export async function lookupContainer(ctx: AppContext, input: LookupInput): Promise<LookupResult> {
  const ref = input.containerId;
  if (ref.includes('/')) {
    if (input.docker !== undefined && input.docker !== false)
      throw new AppFailure({
        code: 'validation',
        message: `${ref} is a pod (namespace/name): pods are known to the CRI runtime, not Docker Engine; drop --docker.`,
      });
    return viaPod(ctx, ref, input.runtimeEndpoint ?? defaultCriEndpoint());
  }
  if (input.docker !== undefined && input.docker !== false) {
    return viaDocker(ctx, ref, typeof input.docker === 'string' ? input.docker : defaultDockerEndpoint());
  }
  if (input.runtimeEndpoint) return viaCri(ctx, ref, input.runtimeEndpoint);
  const address = defaultCriEndpoint();
  try {
    return await viaCri(ctx, ref, address);
  } catch (e) {
    if (!(e instanceof AppFailure) || e.error.code !== 'runtime-unavailable') throw e;
    const r = await viaHns(ctx, ref);
    return { ...r, notes: [`${e.error.message} Searched HNS namespace records instead.`, ...r.notes] };
  }
}
