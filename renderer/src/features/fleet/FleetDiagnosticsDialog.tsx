import { memo } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FindingList } from '../diagnostics/FindingList';
import type { FleetRow } from './fleet-columns';
import { NodeSection } from './NodeSection';
import { plural } from '../../../../electron/base/plural';
import { endpointLabels } from '../../endpoint-label';

/** Fleet-wide diagnostics, one section per node; endpoints named with their pod where known. */
export const FleetDiagnosticsDialog = memo(function FleetDiagnosticsDialog({
  open,
  onClose,
  rows,
}: {
  open: boolean;
  onClose: () => void;
  rows: readonly FleetRow[];
}) {
  const q = useQuery({
    queryKey: ['fleet', 'diagnose'],
    queryFn: () => unwrap(api.fleet.diagnose({})),
    enabled: open,
  });
  const names = (node: string) => endpointLabels(rows.filter((r) => r.node === node));
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="fleet-diag-title">
      <DialogTitle id="fleet-diag-title">Diagnostics of every node</DialogTitle>
      <DialogContent dividers>
        {q.isError && <ErrorAlert error={q.error} title="Could not diagnose the fleet" />}
        {q.isPending && <Typography role="status">Diagnosing every node…</Typography>}
        {q.data?.nodes.map((n) => (
          <NodeSection
            key={n.node}
            node={n.node}
            label={n.label}
            purpose="Diagnostics of"
            summary={
              n.ok
                ? ` — ${plural(n.value.counts.error, 'error')}, ${plural(n.value.counts.warning, 'warning')}, ${plural(n.value.endpointsChecked, 'endpoint')} checked`
                : undefined
            }
          >
            {!n.ok ? (
              <Alert severity="error">Not diagnosed: {n.error.message}</Alert>
            ) : n.value.findings.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                No findings.
              </Typography>
            ) : (
              <FindingList findings={n.value.findings} endpointNames={names(n.node)} />
            )}
          </NodeSection>
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
});
