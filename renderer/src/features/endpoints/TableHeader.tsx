import { memo } from 'react';
import { TableCell, TableHead, TableRow, TableSortLabel } from '@mui/material';
import { flexRender, type SortingState, type Table } from '@tanstack/react-table';
import type { EndpointSummary } from '../../../../electron/core/views';

interface Props {
  table: Table<EndpointSummary>;
  /** What the header shows, for the memo: the table instance itself is the same every render. */
  sorting: SortingState;
  columnsKey: string;
  allSelected: boolean;
  someSelected: boolean;
}

/**
 * The endpoints table's header, memoized: a filter keystroke changes the body only, and the ~12 MUI
 * cells with sort labels (ButtonBase, icons, emotion styles) were half of a keystroke's render.
 * The select-all box reads toggleAll through the table's meta, which must stay callable (a ref).
 */
export const TableHeader = memo(function TableHeader({ table }: Props) {
  return (
    <TableHead>
      {table.getHeaderGroups().map((hg) => (
        <TableRow key={hg.id} aria-rowindex={1}>
          {hg.headers.map((h) => {
            const sorted = h.column.getIsSorted();
            return (
              <TableCell
                key={h.id}
                sx={{
                  width: h.getSize(),
                  fontWeight: 600,
                  whiteSpace: 'nowrap',
                  textAlign: h.column.id === 'select' ? 'center' : undefined,
                }}
                sortDirection={sorted || false}
                padding={h.column.id === 'select' ? 'none' : 'normal'}
              >
                {h.column.getCanSort() ? (
                  <TableSortLabel
                    active={!!sorted}
                    direction={sorted || 'asc'}
                    onClick={h.column.getToggleSortingHandler()}
                  >
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </TableSortLabel>
                ) : (
                  flexRender(h.column.columnDef.header, h.getContext())
                )}
              </TableCell>
            );
          })}
        </TableRow>
      ))}
    </TableHead>
  );
});
