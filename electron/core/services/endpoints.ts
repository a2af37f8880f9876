import { buildTopology, summarizeEndpoint } from '../endpoint-summary';
import type { EndpointSummary } from '../views';
import type { AppContext } from './context';

export async function listEndpoints(ctx: AppContext): Promise<EndpointSummary[]> {
  const { endpoints, networks, namespaces, pods } = await ctx.nodeState.read(ctx.hns, { fresh: true });
  const topo = buildTopology(networks, namespaces, pods);
  return endpoints.map((ep) => summarizeEndpoint(ep, topo));
}
