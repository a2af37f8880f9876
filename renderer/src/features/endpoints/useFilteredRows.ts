import { useEffect, useMemo } from 'react';
import type { SortingState } from '@tanstack/react-table';
import type { EndpointSummary } from '../../../../electron/core/views';
import { filterEndpoints, prewarmHaystacks, sortEndpoints } from './row-model';

/**
 * The rows the table shows: `data` sorted once per data or sort change, then filtered (filtering
 * keeps the order), so a keystroke pays for the filter only, not for computing every sort key again.
 *
 * Filter results are kept per filter text for this sorted data (dropped with it): Backspace returns to a result
 * already computed, and typing on (a filter extending one already computed) only narrows — rows
 * failing "we" fail "web" too, as every word of the longer filter contains a word of the shorter —
 * so only that result is searched.
 */
const caches = new WeakMap<EndpointSummary[], Map<string, EndpointSummary[]>>();

function filterCached(sortedAll: EndpointSummary[], filter: string): EndpointSummary[] {
  let results = caches.get(sortedAll);
  if (!results) caches.set(sortedAll, (results = new Map()));
  const key = filter.toLowerCase();
  const hit = results.get(key);
  if (hit) return hit;
  let from = sortedAll;
  for (let i = key.length - 1; i > 0; i--) {
    const shorter = results.get(key.slice(0, i));
    if (shorter) {
      from = shorter;
      break;
    }
  }
  const out = filterEndpoints(from, filter);
  if (results.size >= 200) results.clear();
  results.set(key, out);
  return out;
}

export function useFilteredRows(
  data: EndpointSummary[],
  sorting: SortingState,
  filter: string,
): EndpointSummary[] {
  const sortedAll = useMemo(() => sortEndpoints(data, sorting), [data, sorting]);
  const rows = useMemo(() => filterCached(sortedAll, filter), [sortedAll, filter]);
  // The first keystroke after new data should not pay for building every row's search text.
  useEffect(() => prewarmHaystacks(data), [data]);
  return rows;
}
