import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { RowSelectionState, Updater } from '@tanstack/react-table';
import type { EndpointSummary } from '../../../../electron/core/views';
import type { TableMeta } from './columns';

/**
 * The table's selection, owned by the parent as a set of row keys: TanStack's rowSelection view of
 * it, the header's select-all state over the rows shown, and the updates TanStack and the keyboard
 * make (a toggle of one key).
 */
export function useRowSelection(
  shown: EndpointSummary[],
  selected: ReadonlySet<string>,
  onSelectedChange: (s: ReadonlySet<string>) => void,
  key: (e: EndpointSummary) => string,
) {
  const rowSelection = useMemo(() => Object.fromEntries([...selected].map((id) => [id, true])), [selected]);
  // Nothing selected (the usual case while typing a filter): no pass over every fleet row key.
  const selectedShown = useMemo(
    () => (selected.size === 0 ? 0 : shown.reduce((n, e) => n + (selected.has(key(e)) ? 1 : 0), 0)),
    [shown, selected, key],
  );
  // The memoized header keeps the toggleAll it last rendered with: it calls through a ref to the latest.
  const toggleAllRef = useRef(() => {});
  const toggleAllNow = () =>
    onSelectedChange(selectedShown === shown.length ? new Set() : new Set([...selected, ...shown.map(key)]));
  const toggleAll = useCallback(() => toggleAllRef.current(), []);
  useLayoutEffect(() => {
    toggleAllRef.current = toggleAllNow;
  });
  const meta: TableMeta = {
    allSelected: shown.length > 0 && selectedShown === shown.length,
    someSelected: selectedShown > 0,
    toggleAll,
  };
  const onRowSelectionChange = (u: Updater<RowSelectionState>) => {
    const next = typeof u === 'function' ? u(rowSelection) : u;
    onSelectedChange(new Set(Object.keys(next).filter((k) => next[k])));
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    onSelectedChange(next);
  };
  return { rowSelection, meta, onRowSelectionChange, toggle };
}
