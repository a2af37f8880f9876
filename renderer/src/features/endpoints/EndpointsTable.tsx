import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { Box, Table, TableBody, TableContainer } from '@mui/material';
import { alpha, keyframes, type Theme } from '@mui/material/styles';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type Row,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EndpointSummary } from '../../../../electron/core/views';
import { PERF } from '../../queries';
import { columns } from './columns';
import { TableHeader } from './TableHeader';
import { useFilteredRows } from './useFilteredRows';
import { useRowKeyboard } from './useRowKeyboard';
import { useRowSelection } from './useRowSelection';

// Why not MUI X DataGrid: the community DataGrid paginates and refuses page sizes over 100, and a
// node can hold thousands of endpoints an admin wants to scroll and filter in one list. A plain MUI
// Table virtualized with @tanstack/react-virtual (rows) and @tanstack/react-table (sort, filter,
// selection, column visibility) rendered 5,000 rows ~3× faster and filtered ~3× faster here
// (docs/design.md §8), keeps the MUI look, and adds no commercial licence.

const ROW_HEIGHT = 37;

const flash = keyframes`from { background-color: var(--hcn-flash); } to { background-color: transparent; }`;

// Body rows are plain <tr>/<td> styled by one rule set that copies MUI's small TableCell look.
// MUI TableRow/TableCell/Checkbox/IconButton per cell (emotion styles, ripples, slots) made a
// filter keystroke that remounts ~30 rows cost ~80 ms; plain elements keep it in budget.
const bodySx = (t: Theme) => ({
  '& tr': { height: ROW_HEIGHT, cursor: 'pointer' },
  '& tr:hover': { backgroundColor: t.palette.action.hover },
  '& tr[aria-selected="true"]': {
    backgroundColor: alpha(t.palette.primary.main, t.palette.action.selectedOpacity),
  },
  '& tr[data-changed]': {
    '--hcn-flash': alpha(t.palette.warning.main, 0.35),
    animation: `${flash} 4s ease-out`,
  },
  '& tr:focus-visible': { outline: `2px solid ${t.palette.primary.main}`, outlineOffset: -2 },
  '& td': {
    ...t.typography.body2,
    color: t.palette.text.primary,
    padding: '4px 16px',
    borderBottom: `1px solid ${t.palette.divider}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  '& td.col-select': { textAlign: 'center', padding: 0 },
  '& input[type="checkbox"]': {
    width: 16,
    height: 16,
    accentColor: t.palette.primary.main,
    cursor: 'pointer',
    verticalAlign: 'middle',
  },
  '& .hcn-short-id': { display: 'inline-flex', alignItems: 'center', gap: '2px', fontFamily: 'monospace' },
  '& .hcn-copy': {
    border: 0,
    background: 'none',
    color: t.palette.text.secondary,
    cursor: 'pointer',
    padding: '2px', // strings: in sx a bare number is theme spacing
    display: 'inline-flex',
    borderRadius: '4px',
    '&:hover': { backgroundColor: t.palette.action.hover },
  },
  '& .hcn-count': {
    display: 'inline-block',
    minWidth: '22px',
    padding: '0 7px',
    borderRadius: '11px',
    textAlign: 'center',
    backgroundColor: t.palette.primary.main,
    color: t.palette.primary.contrastText,
  },
});

interface BodyRowProps {
  row: Row<EndpointSummary>;
  index: number;
  selected: boolean;
  changed: boolean;
  columnsKey: string;
  onOpen: (id: string) => void;
  onKey: React.RefObject<(e: React.KeyboardEvent, index: number, id: string) => void>;
}

/**
 * One body row, memoized: a filter keystroke that keeps an endpoint on screen (at the same position)
 * does not render its cells again. TanStack hands out new Row objects on every render, so the
 * comparison is on what the cells show: the endpoint object, position, selection, flash, columns.
 */
const BodyRow = memo(
  function BodyRow({ row, index, selected, changed, onOpen, onKey }: BodyRowProps) {
    return (
      <tr
        data-index={index}
        data-id={row.id}
        data-changed={changed || undefined}
        aria-rowindex={index + 2}
        aria-selected={selected}
        tabIndex={0}
        onClick={() => onOpen(row.id)}
        onKeyDown={(e) => onKey.current(e, index, row.id)}
      >
        {row.getVisibleCells().map((cell) => (
          <td key={cell.id} className={`col-${cell.column.id}`}>
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.row.original === b.row.original &&
    a.row.id === b.row.id &&
    a.index === b.index &&
    a.selected === b.selected &&
    a.changed === b.changed &&
    a.columnsKey === b.columnsKey &&
    a.onOpen === b.onOpen,
);

export interface EndpointsTableProps {
  data: EndpointSummary[];
  filter: string;
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
  columnVisibility: VisibilityState;
  selected: ReadonlySet<string>;
  onSelectedChange: (s: ReadonlySet<string>) => void;
  changed: ReadonlySet<string>;
  onOpen: (id: string) => void;
  revealId: string | null;
  onRevealed: () => void;
  onShownCount: (n: number) => void;
  /** Other columns (the fleet view adds Node); default: the single-node columns. */
  columns?: typeof columns;
  /** The row's key for selection, open and reveal (the fleet view: node + endpoint id). */
  rowKey?: (e: EndpointSummary) => string;
  ariaLabel?: string;
}

const byId = (e: EndpointSummary) => e.id;

/** Memoized: typing in the filter re-renders the toolbar every key, the table only when the debounced filter lands. */
export const EndpointsTable = memo(function EndpointsTable(p: EndpointsTableProps) {
  const { onShownCount, onSelectedChange, selected } = p;
  const key = p.rowKey ?? byId;
  // Filter + sort the plain array (row-model.ts), virtualize it, and give TanStack only the visible
  // slice: it still owns headers, sort toggles, column visibility and cell rendering.
  const sorted = useFilteredRows(p.data, p.sorting, p.filter);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const visible = useMemo(() => items.map((vi) => sorted[vi.index]!), [items, sorted]);
  const selection = useRowSelection(sorted, selected, onSelectedChange, key);
  const table = useReactTable({
    data: visible,
    columns: p.columns ?? columns,
    meta: selection.meta,
    getRowId: key,
    state: { sorting: p.sorting, columnVisibility: p.columnVisibility, rowSelection: selection.rowSelection },
    manualSorting: true,
    manualFiltering: true,
    onSortingChange: (u) => p.onSortingChange(typeof u === 'function' ? u(p.sorting) : u),
    onRowSelectionChange: selection.onRowSelectionChange,
    enableRowSelection: true,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
  });
  const rows = table.getRowModel().rows;
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const visibleCols = table.getVisibleLeafColumns();

  useEffect(() => onShownCount(sorted.length), [sorted.length, onShownCount]);

  // The ui.render5000_ms benchmark: "data arrived" is marked in the query, "painted" here after the
  // commit and the next frame.
  useEffect(() => {
    const raf = requestAnimationFrame(() =>
      setTimeout(() => performance.mark(PERF.painted, { detail: p.data.length }), 0),
    );
    return () => cancelAnimationFrame(raf);
  }, [p.data]);

  // A new filter or sort order is a new list: start at its top, not somewhere in the old one. Only
  // when not there already (the virtualizer tracks the offset from scroll events): scrollTo forces a
  // layout in the middle of the keystroke, the largest cost of a 10,000-row fleet filter keystroke.
  useEffect(() => {
    if (virtualizer.scrollOffset) scrollRef.current?.scrollTo({ top: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a new filter or sort, not on scroll
  }, [p.filter, p.sorting]);

  const indexOf = useCallback((id: string) => sorted.findIndex((e) => key(e) === id), [sorted, key]);
  const onKeyRef = useRowKeyboard({
    count: sorted.length,
    indexOf,
    virtualizer,
    scrollRef,
    onOpen: p.onOpen,
    onToggle: selection.toggle,
    revealId: p.revealId,
    onRevealed: p.onRevealed,
  });
  const columnsKey = visibleCols.map((c) => c.id).join(',');
  const width = visibleCols.reduce((s, c) => s + c.getSize(), 0);
  return (
    <TableContainer
      ref={scrollRef}
      sx={{ flex: 1, minHeight: 0, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      <Table
        size="small"
        stickyHeader
        aria-label={p.ariaLabel ?? 'Endpoints'}
        aria-rowcount={sorted.length + 1}
        data-filter={p.filter}
        data-rows={sorted.length}
        sx={(t) => ({
          tableLayout: 'fixed',
          minWidth: width,
          width: '100%',
          '& .hcn-select-all': {
            width: 16,
            height: 16,
            accentColor: t.palette.primary.main,
            verticalAlign: 'middle',
          },
        })}
      >
        <TableHeader
          table={table}
          sorting={p.sorting}
          columnsKey={columnsKey}
          allSelected={selection.meta.allSelected}
          someSelected={selection.meta.someSelected}
        />
        <TableBody sx={bodySx}>
          {padTop > 0 && (
            <tr aria-hidden="true">
              <td style={{ height: padTop, padding: 0, border: 0 }} colSpan={visibleCols.length} />
            </tr>
          )}
          {items.map((vi, i) => {
            const row = rows[i]!;
            return (
              <BodyRow
                key={row.id}
                row={row}
                index={vi.index}
                selected={row.getIsSelected()}
                changed={p.changed.has(row.id)}
                columnsKey={columnsKey}
                onOpen={p.onOpen}
                onKey={onKeyRef}
              />
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true">
              <td style={{ height: padBottom, padding: 0, border: 0 }} colSpan={visibleCols.length} />
            </tr>
          )}
        </TableBody>
      </Table>
      {sorted.length === 0 && (
        <Box sx={{ p: 4, textAlign: 'center', color: 'text.secondary' }} role="status">
          {p.data.length === 0 ? 'This node has no HNS endpoints.' : `No endpoint matches “${p.filter}”.`}
        </Box>
      )}
    </TableContainer>
  );
});
