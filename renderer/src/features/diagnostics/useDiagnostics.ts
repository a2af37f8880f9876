import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { useEndpoints } from '../../queries';

// Diagnostics follow the endpoint list: whenever the list is refetched (after any change, or on
// auto-refresh) the findings are recomputed, so a fix in the drawer clears its badge.

export const diagnosticsKeys = {
  all: (stamp: number) => ['diagnostics', 'all', stamp] as const,
  endpoint: (id: string, stamp: number) => ['diagnostics', 'endpoint', id, stamp] as const,
};

export function useNodeDiagnostics() {
  const stamp = useEndpoints().dataUpdatedAt;
  return useQuery({
    queryKey: diagnosticsKeys.all(stamp),
    queryFn: () => unwrap(api.diagnostics.all({})),
    placeholderData: (prev) => prev,
  });
}

export function useEndpointDiagnostics(endpointId: string) {
  const stamp = useEndpoints().dataUpdatedAt;
  return useQuery({
    queryKey: diagnosticsKeys.endpoint(endpointId, stamp),
    queryFn: () => unwrap(api.diagnostics.endpoint({ endpointId })),
    placeholderData: (prev) => prev,
  });
}
