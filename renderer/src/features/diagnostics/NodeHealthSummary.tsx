import { useMemo } from 'react';
import { Alert, Box, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useEndpoints } from '../../queries';
import { FindingList } from './FindingList';
import { SeverityIcon } from './severity';
import { useNodeDiagnostics } from './useDiagnostics';
import { endpointLabels } from '../../endpoint-label';
import { plural } from '../../../../electron/base/plural';

export interface NodeHealthSummaryProps {
  /** Opens an endpoint's detail (the drawer) from a finding. */
  onOpenEndpoint: (endpointId: string) => void;
}

/** Node-wide health: counts by severity and every finding, each linking to its endpoint. */
export function NodeHealthSummary({ onOpenEndpoint }: NodeHealthSummaryProps) {
  const q = useNodeDiagnostics();
  const list = useEndpoints();
  const names = useMemo(() => endpointLabels(list.data ?? []), [list.data]);
  if (q.isPending) return <CircularProgress size={24} aria-label="Running diagnostics" />;
  if (q.isError) return <ErrorAlert error={q.error} title="Diagnostics failed" />;
  const { counts, findings, endpointsChecked } = q.data;
  return (
    <Box component="section" aria-label="Node health" data-testid="node-health">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        {/* Default-coloured chips with a severity icon: filled warning/info chips fail contrast. */}
        <Chip
          size="small"
          variant="outlined"
          icon={<SeverityIcon severity="error" />}
          label={`${plural(counts.error, 'error')}`}
        />
        <Chip
          size="small"
          variant="outlined"
          icon={<SeverityIcon severity="warning" />}
          label={`${plural(counts.warning, 'warning')}`}
        />
        <Chip
          size="small"
          variant="outlined"
          icon={<SeverityIcon severity="info" />}
          label={`${counts.info} info`}
        />
        <Typography variant="body2" color="text.secondary">
          {plural(endpointsChecked, 'endpoint')} checked
        </Typography>
      </Stack>
      {findings.length === 0 ? (
        <Alert severity="success">No problems found in the proxy setup of this node.</Alert>
      ) : (
        <FindingList findings={findings} endpointNames={names} onOpenEndpoint={onOpenEndpoint} />
      )}
    </Box>
  );
}
