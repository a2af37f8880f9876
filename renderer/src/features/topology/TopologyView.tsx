import { useMemo } from 'react';
import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useQueries } from '@tanstack/react-query';
import type { EndpointDetail } from '../../../../electron/core/views';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys, useEndpoints } from '../../queries';
import { useNodeDiagnostics } from '../diagnostics/useDiagnostics';
import { buildTopoModel } from './model';
import { TopologyDiagram } from './TopologyDiagram';

export interface TopologyViewProps {
  /** One network's picture; omit for every network on the node. */
  networkId?: string;
  /** One endpoint's picture (its network, itself, its ports and exceptions). */
  endpointId?: string;
  onOpenEndpoint: (endpointId: string) => void;
}

/** Endpoints drawn with their proxy ports: above this the picture stops being readable. */
export const MAX_DRAWN = 150;

/** Connected topology: endpoint list + details of endpoints with proxies + diagnostics badges. */
export function TopologyView({ networkId, endpointId, onOpenEndpoint }: TopologyViewProps) {
  const list = useEndpoints();
  const diag = useNodeDiagnostics();
  const scope = useMemo(
    () =>
      (list.data ?? []).filter(
        (e) => (!networkId || e.networkId === networkId) && (!endpointId || e.id === endpointId),
      ),
    [list.data, networkId, endpointId],
  );
  const drawn = scope.slice(0, MAX_DRAWN);
  // Same query keys as the detail drawer, so opening an endpoint reuses what the picture fetched.
  const details = useQueries({
    queries: drawn
      .filter((e) => e.proxyPolicyCount > 0)
      .map((e) => ({
        queryKey: keys.endpoint(e.id),
        queryFn: () => unwrap(api.endpoints.get({ endpointId: e.id })),
      })),
  });
  const detailMap = new Map<string, EndpointDetail>();
  for (const d of details) if (d.data) detailMap.set(d.data.summary.id, d.data);
  if (list.isPending) return <CircularProgress size={24} aria-label="Loading topology" />;
  if (list.isError) return <ErrorAlert error={list.error} title="Could not list endpoints" />;
  const model = buildTopoModel({
    endpoints: drawn,
    details: detailMap,
    findings: diag.data?.findings ?? [],
    networkId,
    endpointId,
  });
  return (
    <Box data-testid="topology" sx={{ overflow: 'auto' }}>
      {diag.isError && <ErrorAlert error={diag.error} title="Diagnostics unavailable (no badges)" />}
      {model.nodeFindings.map((f, i) => (
        <Alert key={i} severity={f.severity} sx={{ mb: 1 }}>
          {f.message}
        </Alert>
      ))}
      {scope.length === 0 ? (
        <Typography color="text.secondary">No endpoints to draw.</Typography>
      ) : (
        <TopologyDiagram
          model={model}
          onOpenEndpoint={onOpenEndpoint}
          label={endpointId ? 'Endpoint topology' : 'Network topology'}
        />
      )}
      {scope.length > MAX_DRAWN && (
        <Typography variant="caption" color="text.secondary">
          Showing {MAX_DRAWN} of {scope.length} endpoints; pick one network to see the rest.
        </Typography>
      )}
    </Box>
  );
}
