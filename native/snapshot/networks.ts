import { getString, sameGuid, type HostComputeEndpoint, type HostComputeNetwork } from '../hns-json';

/**
 * Endpoint-only snapshots (v2 arrays, Get-HnsEndpoint, hnsdiag) carry no networks. So the GUI can
 * still name and group them, make one network per distinct HostComputeNetwork ID, named from the v1
 * VirtualNetworkName when the endpoints carry it. Marked Synthesized so no one mistakes it for HNS data.
 */
export function synthesizeNetworks(
  endpoints: HostComputeEndpoint[],
  known: HostComputeNetwork[],
): HostComputeNetwork[] {
  const out: HostComputeNetwork[] = [];
  for (const ep of endpoints) {
    const id = ep.HostComputeNetwork;
    if (!id || known.some((n) => sameGuid(n.ID, id)) || out.some((n) => sameGuid(n.ID, id))) continue;
    const name = getString(ep, 'VirtualNetworkName');
    const type = getString(ep, 'Type');
    out.push({
      ID: id,
      Name: name ?? `network ${id.slice(0, 8)}`,
      ...(type ? { Type: type } : {}),
      Synthesized: true,
    });
  }
  return out;
}
