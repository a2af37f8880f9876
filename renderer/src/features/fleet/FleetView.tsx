import { useCallback, useMemo, useState } from 'react';
import { Alert, Box, Button, CircularProgress, IconButton, Tooltip, Typography } from '@mui/material';
import Refresh from '@mui/icons-material/Refresh';
import PlaylistAdd from '@mui/icons-material/PlaylistAdd';
import HealthAndSafety from '@mui/icons-material/HealthAndSafety';
import type { SortingState, VisibilityState } from '@tanstack/react-table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUi } from '../../ui-state';
import { EndpointsTable } from '../endpoints/EndpointsTable';
import { FilterBox } from '../endpoints/FilterBox';
import { nodesKey, useNodes } from '../nodes/node-context';
import { FleetApplyDialog } from './FleetApplyDialog';
import { FleetDiagnosticsDialog } from './FleetDiagnosticsDialog';
import { fleetColumns, fleetRowKey, splitRowKey, type FleetRow } from './fleet-columns';

/** Marks the fleet benchmark reads, as the single-node list does (queries.ts PERF). */
export const FLEET_PERF = { arrived: 'hcn:fleet-arrived' } as const;

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const NO_CHANGES: ReadonlySet<string> = new Set();
const NO_ROWS: FleetRow[] = [];
const HIDDEN: VisibilityState = { mac: false, namespace: false };

/** Every node's endpoints in one virtualized table (the endpoints table, with a Node column). */
export function FleetView() {
  const nodes = useNodes();
  const ui = useUi();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['fleet', 'endpoints'],
    queryFn: async () => {
      const r = await unwrap(api.fleet.endpoints({}));
      const rows: FleetRow[] = [];
      for (const n of r.nodes)
        if (n.ok) for (const e of n.value) rows.push({ ...e, node: n.node, nodeLabel: n.label });
      performance.mark(FLEET_PERF.arrived, { detail: rows.length });
      return { rows, failed: r.nodes.filter((n) => !n.ok), nodeCount: r.nodes.length };
    },
    placeholderData: (prev) => prev,
  });
  const [filter, setFilter] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'node', desc: false }]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState(0);
  const [diagOpen, setDiagOpen] = useState(false);
  const [applyOpen, setApplyOpen] = useState(false);
  const rows = q.data?.rows;
  const selectedNodes = useMemo(() => new Set([...selected].map((k) => splitRowKey(k).node)), [selected]);
  // A row opens its endpoint on its own node (detail, journal, undo there).
  const open = useCallback(
    (key: string) => {
      const { node, endpointId } = splitRowKey(key);
      nodes.selectNode(node);
      ui.setOpenEndpointId(endpointId);
    },
    [nodes, ui],
  );
  const onRevealed = useCallback(() => undefined, []);
  // Stable, so the (memoized) dialogs do not render on every filter keystroke.
  const closeDiag = useCallback(() => setDiagOpen(false), []);
  const closeApply = useCallback(() => setApplyOpen(false), []);
  const retry = async (node: string) => {
    await api.nodes.connect({ node });
    void qc.invalidateQueries({ queryKey: nodesKey });
    void q.refetch();
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <FilterBox onFilter={setFilter} />
        <Typography
          variant="body2"
          color="text.secondary"
          role="status"
          aria-live="polite"
          sx={{ minWidth: 200 }}
        >
          {q.data
            ? `${grouped(shown)} of ${grouped(q.data.rows.length)} endpoints on ${q.data.nodeCount - q.data.failed.length} of ${q.data.nodeCount} nodes`
            : ''}
        </Typography>
        <Tooltip title="Read every node again">
          <IconButton aria-label="Refresh fleet" onClick={() => void q.refetch()}>
            {q.isFetching ? <CircularProgress size={20} aria-label="Refreshing" /> : <Refresh />}
          </IconButton>
        </Tooltip>
        <Box sx={{ flex: 1 }} />
        {selected.size > 0 && (
          <>
            <Button
              size="small"
              variant="contained"
              startIcon={<PlaylistAdd />}
              onClick={() => setApplyOpen(true)}
            >
              Add policy to {selected.size} on {selectedNodes.size} node(s)
            </Button>
            <Button size="small" onClick={() => setSelected(new Set())}>
              Deselect
            </Button>
          </>
        )}
        <Button size="small" startIcon={<HealthAndSafety />} onClick={() => setDiagOpen(true)}>
          Diagnose fleet
        </Button>
      </Box>
      {q.data?.failed.map((n) =>
        n.ok ? null : (
          <Alert
            key={n.node}
            severity="error"
            data-node={n.node}
            action={
              <Button color="inherit" size="small" onClick={() => void retry(n.node)}>
                Retry
              </Button>
            }
          >
            {n.label} is unreachable: {n.error.message}
          </Alert>
        ),
      )}
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
          revealId={null}
          onRevealed={onRevealed}
          onShownCount={setShown}
          columns={fleetColumns}
          rowKey={fleetRowKey}
          ariaLabel="Fleet endpoints"
        />
      ) : null}
      <FleetDiagnosticsDialog open={diagOpen} onClose={closeDiag} rows={rows ?? NO_ROWS} />
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
