import { memo, useMemo, useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FindingList } from '../diagnostics/FindingList';
import { SeverityIcon } from '../diagnostics/severity';
import type { FleetRow } from './fleet-columns';
import { plural } from '../../../../electron/base/plural';
import { endpointLabels } from '../../endpoint-label';
import { summarizeFleetDiagnostics, type DiagnosedNode } from './diagnostics-summary';

/** Clean nodes named in the folded line before "and N more". */
const CLEAN_NAMED = 8;

const countsText = (n: DiagnosedNode) =>
  [plural(n.value.counts.error, 'error'), plural(n.value.counts.warning, 'warning')].join(', ');

/**
 * Fleet-wide diagnostics, opening on a summary: nodes with errors or warnings first (most errors
 * first, each expandable to its findings, whose endpoints open in place), the clean nodes folded
 * into one line, and the nodes that did not answer listed apart.
 */
export const FleetDiagnosticsDialog = memo(function FleetDiagnosticsDialog({
  open,
  onClose,
  rows,
  onOpenEndpoint,
}: {
  open: boolean;
  onClose: () => void;
  rows: readonly FleetRow[];
  /** Jumps to a finding's endpoint: node id and endpoint id. */
  onOpenEndpoint: (node: string, endpointId: string) => void;
}) {
  const q = useQuery({
    queryKey: ['fleet', 'diagnose'],
    queryFn: () => unwrap(api.fleet.diagnose({})),
    enabled: open,
  });
  const summary = useMemo(() => (q.data ? summarizeFleetDiagnostics(q.data.nodes) : undefined), [q.data]);
  // Endpoint labels per node, only for the nodes with findings (100,000 fleet rows otherwise).
  const names = useMemo(() => {
    const wanted = new Set(summary?.withFindings.map((n) => n.node));
    const byNode = new Map<string, FleetRow[]>();
    for (const r of wanted.size ? rows : [])
      if (wanted.has(r.node)) byNode.set(r.node, [...(byNode.get(r.node) ?? []), r]);
    return new Map([...byNode].map(([node, rs]) => [node, endpointLabels(rs)]));
  }, [summary, rows]);
  const [showClean, setShowClean] = useState(false);
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="fleet-diag-title">
      <DialogTitle id="fleet-diag-title">Diagnostics of every node</DialogTitle>
      <DialogContent dividers>
        {q.isError && <ErrorAlert error={q.error} title="Could not diagnose the fleet" />}
        {q.isPending && <Typography role="status">Diagnosing every node…</Typography>}
        {summary && (
          <>
            <Alert
              severity={
                summary.withFindings.some((n) => n.value.counts.error > 0)
                  ? 'error'
                  : summary.withFindings.length || summary.unreachable.length
                    ? 'warning'
                    : 'success'
              }
              role="status"
              data-testid="fleet-diag-summary"
              sx={{ mb: 2 }}
            >
              {[
                `${plural(summary.withFindings.length, 'node')} with findings`,
                `${summary.clean.length} clean`,
                `${summary.unreachable.length} unreachable`,
              ].join(' · ')}
            </Alert>
            {summary.withFindings.length > 0 && (
              <Box component="section" aria-labelledby="fleet-diag-findings" sx={{ mb: 2 }}>
                <Typography
                  id="fleet-diag-findings"
                  variant="subtitle1"
                  component="h3"
                  sx={{ fontWeight: 600 }}
                >
                  Nodes with findings
                </Typography>
                {summary.withFindings.map((n) => (
                  <Accordion
                    key={n.node}
                    data-node={n.node}
                    disableGutters
                    slotProps={{ transition: { unmountOnExit: true }, heading: { component: 'h4' } }}
                  >
                    <AccordionSummary expandIcon={<ExpandMore />}>
                      <SeverityIcon severity={n.value.counts.error > 0 ? 'error' : 'warning'} />
                      <Typography sx={{ ml: 1, fontWeight: 500 }}>{n.label}</Typography>
                      <Typography color="text.secondary" sx={{ ml: 1 }}>
                        — {countsText(n)}, {plural(n.value.endpointsChecked, 'endpoint')} checked
                      </Typography>
                    </AccordionSummary>
                    <AccordionDetails>
                      <FindingList
                        findings={n.value.findings}
                        endpointNames={names.get(n.node) ?? new Map()}
                        onOpenEndpoint={(id) => onOpenEndpoint(n.node, id)}
                      />
                    </AccordionDetails>
                  </Accordion>
                ))}
              </Box>
            )}
            {summary.clean.length > 0 && (
              <Box data-testid="fleet-diag-clean" sx={{ mb: 2 }}>
                <Typography variant="body2">
                  <strong>No errors or warnings on {plural(summary.clean.length, 'node')}:</strong>{' '}
                  {(showClean ? summary.clean : summary.clean.slice(0, CLEAN_NAMED))
                    .map((n) => n.label)
                    .join(', ')}
                  {!showClean &&
                    summary.clean.length > CLEAN_NAMED &&
                    ` and ${summary.clean.length - CLEAN_NAMED} more`}
                  {summary.clean.length > CLEAN_NAMED && (
                    <Button size="small" sx={{ ml: 1, py: 0 }} onClick={() => setShowClean(!showClean)}>
                      {showClean ? 'Show fewer' : 'Show all'}
                    </Button>
                  )}
                </Typography>
              </Box>
            )}
            {summary.unreachable.length > 0 && (
              <Box component="section" aria-labelledby="fleet-diag-unreachable">
                <Typography
                  id="fleet-diag-unreachable"
                  variant="subtitle1"
                  component="h3"
                  sx={{ fontWeight: 600 }}
                >
                  Not diagnosed: unreachable
                </Typography>
                <List dense disablePadding>
                  {summary.unreachable.map((n) => (
                    <ListItem key={n.node} data-node={n.node} disableGutters>
                      <ListItemText primary={n.label} secondary={n.error.message} />
                    </ListItem>
                  ))}
                </List>
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
});
