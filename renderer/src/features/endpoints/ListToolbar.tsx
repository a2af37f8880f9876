import { memo, type ReactNode } from 'react';
import { Box, CircularProgress, IconButton, Tooltip, Typography } from '@mui/material';
import Refresh from '@mui/icons-material/Refresh';
import { FilterBox } from './FilterBox';

/** 5,000 → "5,000" without Intl (its first use costs ~15 ms of the first render). */
export const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

interface RefreshProps {
  label: string;
  tooltip: string;
  busy: boolean;
  onRefresh: () => void;
}

const RefreshButton = memo(function RefreshButton({ label, tooltip, busy, onRefresh }: RefreshProps) {
  return (
    <Tooltip title={tooltip}>
      <span>
        {/* Not `disabled` while fetching: a disabled button drops keyboard focus to <body>, so an
            admin who pressed Enter on it would have to tab back from the top. Busy clicks are ignored. */}
        <IconButton
          aria-label={label}
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!busy) onRefresh();
          }}
        >
          {busy ? <CircularProgress size={20} aria-label="Refreshing" /> : <Refresh />}
        </IconButton>
      </span>
    </Tooltip>
  );
});

export interface ListToolbarProps {
  onFilter: (f: string) => void;
  /** "12 of 5,000 endpoints", announced politely. */
  status: string;
  statusMinWidth?: number;
  refreshLabel: string;
  refreshTooltip: string;
  refreshing: boolean;
  /** Stable (useCallback): a new function renders the button again. */
  onRefresh: () => void;
  /** Right-aligned actions. Pass a memoized element: the toolbar renders again on every keystroke
   * (the shown count changes), and an element equal to the last one is not rendered again. */
  children?: ReactNode;
}

/**
 * The filter, shown count, refresh and actions above an endpoints table (one node or the fleet).
 * Memoized, with the refresh button and filter box memoized inside: a filter keystroke renders
 * only the count here, not the MUI buttons and menus next to it.
 */
export const ListToolbar = memo(function ListToolbar(p: ListToolbarProps) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
      <FilterBox onFilter={p.onFilter} />
      <Typography
        variant="body2"
        color="text.secondary"
        role="status"
        aria-live="polite"
        sx={{ minWidth: p.statusMinWidth ?? 120 }}
      >
        {p.status}
      </Typography>
      <RefreshButton
        label={p.refreshLabel}
        tooltip={p.refreshTooltip}
        busy={p.refreshing}
        onRefresh={p.onRefresh}
      />
      <Box sx={{ flex: 1 }} />
      {p.children}
    </Box>
  );
});
