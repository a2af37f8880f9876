import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { keys, useEndpoints } from '../../queries';
import { useCurrentNode } from '../nodes/node-context';

// Diagnostics follow the endpoint list: whenever the list is refetched (after any change, or on
// auto-refresh) the findings are recomputed, so a fix in the drawer clears its badge.

export const diagnosticsKeys = {
  all: (node: string, stamp: number) => [...keys.node(node), 'diagnostics', 'all', stamp] as const,
  endpoint: (node: string, id: string, stamp: number) =>
    [...keys.node(node), 'diagnostics', 'endpoint', id, stamp] as const,
};

export function useNodeDiagnostics() {
  const stamp = useEndpoints().dataUpdatedAt;
  const node = useCurrentNode();
  return useQuery({
    queryKey: diagnosticsKeys.all(node, stamp),
    queryFn: () => unwrap(api.diagnostics.all({})),
    placeholderData: (prev) => prev,
  });
}

export function useEndpointDiagnostics(endpointId: string) {
  const stamp = useEndpoints().dataUpdatedAt;
  const node = useCurrentNode();
  return useQuery({
    queryKey: diagnosticsKeys.endpoint(node, endpointId, stamp),
    queryFn: () => unwrap(api.diagnostics.endpoint({ endpointId })),
    placeholderData: (prev) => prev,
  });
}
