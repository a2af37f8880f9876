import { useCallback, useState } from 'react';
import {
  Box,
  Button,
  CircularProgress,
  IconButton,
  MenuItem,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import Refresh from '@mui/icons-material/Refresh';
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
import { FilterBox } from './FilterBox';
import { usePersistentState } from './usePersistentState';
import { useRefreshKeys } from './useRefreshKeys';

const AUTO_REFRESH = [0, 5, 15, 60];

/** 5,000 → "5,000" without Intl (its first use costs ~15 ms of the first render). */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

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
  const selectedIds = [...ui.selected];

  const doExport = async (ids?: string[]) => {
    try {
      const r = await exportSnapshot(ids);
      notify({ message: `Exported ${r.endpointCount} endpoint(s) to ${r.fileName}.` });
    } catch (e) {
      const d = describeError(e);
      notify({ severity: 'error', message: `Export failed: ${d.title}${d.detail ? ` — ${d.detail}` : ''}` });
    }
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
          sx={{ minWidth: 120 }}
        >
          {q.data ? `${grouped(shown)} of ${grouped(q.data.length)} endpoints` : ''}
        </Typography>
        <Tooltip title="Refresh (Ctrl+R, F5)">
          <span>
            {/* Not `disabled` while fetching: a disabled button drops keyboard focus to <body>, so an
                admin who pressed Enter on it would have to tab back from the top. Busy clicks are ignored. */}
            <IconButton
              aria-label="Refresh"
              aria-disabled={q.isFetching || undefined}
              onClick={() => {
                if (!q.isFetching) refreshAll();
              }}
            >
              {q.isFetching ? <CircularProgress size={20} aria-label="Refreshing" /> : <Refresh />}
            </IconButton>
          </span>
        </Tooltip>
        <Box sx={{ flex: 1 }} />
        {selectedIds.length > 0 && (
          <>
            <Button
              size="small"
              variant="contained"
              startIcon={<PlaylistAdd />}
              disabled={!writable.ok}
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
      </Box>
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
