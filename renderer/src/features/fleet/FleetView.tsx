import { memo, useCallback, useMemo, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Menu, MenuItem, Typography } from '@mui/material';
import FileDownload from '@mui/icons-material/FileDownload';
import PlaylistAdd from '@mui/icons-material/PlaylistAdd';
import HealthAndSafety from '@mui/icons-material/HealthAndSafety';
import type { SortingState, VisibilityState } from '@tanstack/react-table';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUi } from '../../ui-state';
import { EndpointsTable } from '../endpoints/EndpointsTable';
import { grouped, ListToolbar } from '../endpoints/ListToolbar';
import { nodesKey, useNodes } from '../nodes/node-context';
import { FleetApplyDialog } from './FleetApplyDialog';
import { FleetDiagnosticsDialog } from './FleetDiagnosticsDialog';
import { fleetColumns, fleetRowKey, rowKeyOf, splitRowKey, type FleetRow } from './fleet-columns';
import { useFleetEndpoints, type UnreachableNode } from './useFleetEndpoints';
import { fleetCsv, fleetJson } from './fleet-export';
import { downloadText } from '../snapshot/download';
import { plural } from '../../../../electron/base/plural';

const NO_CHANGES: ReadonlySet<string> = new Set();
const NO_ROWS: FleetRow[] = [];
const HIDDEN: VisibilityState = { mac: false, namespace: false };

/** One alert per node that did not answer, with Retry. Memoized: not rendered again per keystroke. */
const UnreachableAlerts = memo(function UnreachableAlerts({
  failed,
  onRetry,
}: {
  failed: readonly UnreachableNode[];
  onRetry: (node: string) => void;
}) {
  return failed.map((n) => (
    <Alert
      key={n.node}
      severity="error"
      data-node={n.node}
      action={
        <Button color="inherit" size="small" onClick={() => onRetry(n.node)}>
          Retry
        </Button>
      }
    >
      {n.label} is unreachable: {n.error.message}
    </Alert>
  ));
});

/** Every node's endpoints in one virtualized table (the endpoints table, with a Node column). */
export function FleetView() {
  const nodes = useNodes();
  const ui = useUi();
  const qc = useQueryClient();
  const q = useFleetEndpoints();
  const [filter, setFilter] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'node', desc: false }]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState(0);
  const [diagOpen, setDiagOpen] = useState(false);
  const [applyOpen, setApplyOpen] = useState(false);
  const rows = q.data?.rows;
  const { refetch } = q;
  const [revealKey, setRevealKey] = useState<string | null>(null);
  const [exportAnchor, setExportAnchor] = useState<HTMLElement | null>(null);
  // A row opens its endpoint's detail over the fleet view: the window talks to that node (its
  // detail, journal and undo are there) while the fleet view, its filter, selection and scroll
  // position stay behind the drawer. selectNode shows the node's own view; the fleet view is kept.
  const open = useCallback(
    (key: string) => {
      const { node, endpointId } = splitRowKey(key);
      nodes.selectNode(node);
      nodes.setView('fleet');
      ui.setOpenEndpointId(endpointId);
    },
    [nodes, ui],
  );
  // From a diagnostics finding: the dialog closes, the row is scrolled to and its detail opens.
  const jump = useCallback(
    (node: string, endpointId: string) => {
      setDiagOpen(false);
      setRevealKey(rowKeyOf(node, endpointId));
      open(rowKeyOf(node, endpointId));
    },
    [open],
  );
  const onRevealed = useCallback(() => setRevealKey(null), []);
  // Stable, so the memoized toolbar, alerts and dialogs do not render on every filter keystroke.
  const closeDiag = useCallback(() => setDiagOpen(false), []);
  const closeApply = useCallback(() => setApplyOpen(false), []);
  const refresh = useCallback(() => void refetch(), [refetch]);
  const retry = useCallback(
    async (node: string) => {
      await api.nodes.connect({ node });
      void qc.invalidateQueries({ queryKey: nodesKey });
      void refetch();
    },
    [qc, refetch],
  );
  const onRetry = useCallback((node: string) => void retry(node), [retry]);
  const actions = useMemo(() => {
    const selectedNodes = new Set([...selected].map((k) => splitRowKey(k).node));
    return (
      <>
        {selected.size > 0 && (
          <>
            <Button
              size="small"
              variant="contained"
              startIcon={<PlaylistAdd />}
              onClick={() => setApplyOpen(true)}
            >
              Add policy to {selected.size} on {plural(selectedNodes.size, 'node')}
            </Button>
            <Button size="small" onClick={() => setSelected(new Set())}>
              Deselect
            </Button>
          </>
        )}
        <Button size="small" startIcon={<HealthAndSafety />} onClick={() => setDiagOpen(true)}>
          Diagnose fleet
        </Button>
        <Button
          size="small"
          startIcon={<FileDownload />}
          aria-haspopup="menu"
          onClick={(e) => setExportAnchor(e.currentTarget)}
        >
          Export
        </Button>
      </>
    );
  }, [selected]);
  const d = q.data;
  const exportAs = (kind: 'csv' | 'json') => {
    setExportAnchor(null);
    if (!d) return;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (kind === 'csv') downloadText(`fleet-endpoints-${stamp}.csv`, fleetCsv(d.rows), 'text/csv');
    else downloadText(`fleet-endpoints-${stamp}.json`, fleetJson(d.rows, d.failed));
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 1 }}>
      <ListToolbar
        onFilter={setFilter}
        status={
          d
            ? `${grouped(shown)} of ${grouped(d.rows.length)} endpoints on ${d.nodeCount - d.failed.length} of ${d.nodeCount} nodes`
            : ''
        }
        statusMinWidth={200}
        refreshLabel="Refresh fleet"
        refreshTooltip="Read every node again"
        refreshing={q.isFetching}
        onRefresh={refresh}
      >
        {actions}
      </ListToolbar>
      {d && <UnreachableAlerts failed={d.failed} onRetry={onRetry} />}
      {q.isError && <ErrorAlert error={q.error} title="Could not read the fleet" />}
      {q.isPending ? (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 4 }} role="status">
          <CircularProgress size={24} aria-label="Loading the fleet" />
          <Typography>Reading every node…</Typography>
        </Box>
      ) : rows ? (
        <EndpointsTable
          data={rows}
          filter={filter}
          sorting={sorting}
          onSortingChange={setSorting}
          columnVisibility={HIDDEN}
          selected={selected}
          onSelectedChange={setSelected}
          changed={NO_CHANGES}
          onOpen={open}
          revealId={revealKey}
          onRevealed={onRevealed}
          onShownCount={setShown}
          columns={fleetColumns}
          rowKey={fleetRowKey}
          ariaLabel="Fleet endpoints"
        />
      ) : null}
      <Menu anchorEl={exportAnchor} open={exportAnchor !== null} onClose={() => setExportAnchor(null)}>
        <MenuItem onClick={() => exportAs('csv')}>Every endpoint as CSV</MenuItem>
        <MenuItem onClick={() => exportAs('json')}>Every endpoint as JSON</MenuItem>
      </Menu>
      <FleetDiagnosticsDialog
        open={diagOpen}
        onClose={closeDiag}
        rows={rows ?? NO_ROWS}
        onOpenEndpoint={jump}
      />
      <FleetApplyDialog
        key={`apply-${applyOpen}`}
        open={applyOpen}
        onClose={closeApply}
        selected={selected}
        rows={rows ?? NO_ROWS}
      />
    </Box>
  );
}
