import { AppFailure } from '../app-error';
import { buildTopology, summarizeEndpoint } from '../endpoint-summary';
import type { EndpointSummary } from '../views';
import type { AppContext } from './context';

export async function listEndpoints(ctx: AppContext): Promise<EndpointSummary[]> {
  const [endpoints, networks, namespaces] = await Promise.all([
    ctx.hns.listEndpoints(),
    ctx.hns.listNetworks(),
    ctx.hns.listNamespaces(),
  ]);
  const topo = buildTopology(networks, namespaces);
  return endpoints.map((ep) => summarizeEndpoint(ep, topo));
}

export function notYet(what: string): never {
  throw new AppFailure({ code: 'not-implemented', message: `${what} is not available yet.` });
}
