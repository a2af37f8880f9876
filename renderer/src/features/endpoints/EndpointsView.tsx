import { useCallback, useMemo, useState } from 'react';
import { Box, Button, CircularProgress, MenuItem, TextField, Typography } from '@mui/material';
import PlaylistAdd from '@mui/icons-material/PlaylistAdd';
import FileDownload from '@mui/icons-material/FileDownload';
import type { SortingState, VisibilityState } from '@tanstack/react-table';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useEndpoints, useRefreshAll } from '../../queries';
import { useUi } from '../../ui-state';
import { useNotify } from '../notify/Notifier';
import { exportSnapshot } from '../snapshot/download';
import { useWritable } from '../status/useWritable';
import { describeError } from '../../api';
import { ColumnChooser } from './ColumnChooser';
import { EndpointsTable } from './EndpointsTable';
import { useChangedRows } from './useChangedRows';
import { grouped, ListToolbar } from './ListToolbar';
import { usePersistentState } from './usePersistentState';
import { useRefreshKeys } from './useRefreshKeys';
import { plural } from '../../../../electron/base/plural';

const AUTO_REFRESH = [0, 5, 15, 60];

export function EndpointsView() {
  const ui = useUi();
  const notify = useNotify();
  const writable = useWritable();
  const [autoRefresh, setAutoRefresh] = usePersistentState('hcn.autoRefreshSeconds', 0);
  const q = useEndpoints(autoRefresh > 0 ? autoRefresh * 1000 : false);
  const refreshAll = useRefreshAll();
  useRefreshKeys(refreshAll);
  const [filter, setFilter] = useState('');
  const [sorting, setSorting] = usePersistentState<SortingState>('hcn.sorting', [
    { id: 'name', desc: false },
  ]);
  const [columnVisibility, setColumnVisibility] = usePersistentState<VisibilityState>('hcn.columns', {});
  const [shown, setShown] = useState(0);
  const changed = useChangedRows(q.data);
  const onRevealed = useCallback(() => ui.setRevealId(null), [ui]);
  const writableOk = writable.ok;

  // Memoized: the toolbar renders again on every filter keystroke, these buttons and menus need not.
  const actions = useMemo(() => {
    const selectedIds = [...ui.selected];
    const doExport = async (ids?: string[]) => {
      try {
        const r = await exportSnapshot(ids);
        notify({ message: `Exported ${plural(r.endpointCount, 'endpoint')} to ${r.fileName}.` });
      } catch (e) {
        const d = describeError(e);
        notify({
          severity: 'error',
          message: `Export failed: ${d.title}${d.detail ? ` — ${d.detail}` : ''}`,
        });
      }
    };
    return (
      <>
        {selectedIds.length > 0 && (
          <>
            <Button
              size="small"
              variant="contained"
              startIcon={<PlaylistAdd />}
              disabled={!writableOk}
              onClick={() => ui.setAddTargets(selectedIds)}
            >
              Add policy to {selectedIds.length}
            </Button>
            <Button size="small" startIcon={<FileDownload />} onClick={() => void doExport(selectedIds)}>
              Export {selectedIds.length}
            </Button>
            <Button size="small" onClick={() => ui.setSelected(new Set())}>
              Deselect
            </Button>
          </>
        )}
        <TextField
          select
          size="small"
          label="Auto-refresh"
          value={autoRefresh}
          onChange={(e) => setAutoRefresh(Number(e.target.value))}
          sx={{ width: 120 }}
        >
          {AUTO_REFRESH.map((s) => (
            <MenuItem key={s} value={s}>
              {s === 0 ? 'Off' : `Every ${s} s`}
            </MenuItem>
          ))}
        </TextField>
        <ColumnChooser value={columnVisibility} onChange={setColumnVisibility} />
      </>
    );
  }, [ui, notify, writableOk, autoRefresh, setAutoRefresh, columnVisibility, setColumnVisibility]);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 1 }}>
      <ListToolbar
        onFilter={setFilter}
        status={q.data ? `${grouped(shown)} of ${grouped(q.data.length)} endpoints` : ''}
        refreshLabel="Refresh"
        refreshTooltip="Refresh (Ctrl+R, F5)"
        refreshing={q.isFetching}
        onRefresh={refreshAll}
      >
        {actions}
      </ListToolbar>
      {q.isError && (
        <ErrorAlert
          error={q.error}
          title="Could not list endpoints"
          action={
            <Button color="inherit" size="small" onClick={() => void q.refetch()}>
              Retry
            </Button>
          }
        />
      )}
      {q.isPending ? (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 4 }} role="status">
          <CircularProgress size={24} aria-label="Loading endpoints" />
          <Typography>Reading endpoints from HNS…</Typography>
        </Box>
      ) : q.data ? (
        <EndpointsTable
          data={q.data}
          filter={filter}
          sorting={sorting}
          onSortingChange={setSorting}
          columnVisibility={columnVisibility}
          selected={ui.selected}
          onSelectedChange={ui.setSelected}
          changed={changed}
          onOpen={ui.setOpenEndpointId}
          revealId={ui.revealId}
          onRevealed={onRevealed}
          onShownCount={setShown}
        />
      ) : null}
    </Box>
  );
}
