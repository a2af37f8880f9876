import type { SortingState } from '@tanstack/react-table';
import { naturalKey } from '../../../../electron/base/natural-compare';
import type { EndpointSummary } from '../../../../electron/core/views';

// Filtering and sorting on the plain array, before TanStack Table sees anything: the table then
// builds row objects only for the ~40 rows the virtualizer shows. Letting TanStack build and sort
// 5,000 row objects cost ~130 ms per data change here, most of the ui.render5000 budget.

/** A fleet row also names its node (features/fleet): filtered and sorted like any other column. */
export interface NodeTagged {
  node?: string;
  nodeLabel?: string;
}

/** One lower-cased haystack per endpoint object, built lazily, dropped with the data. */
const haystacks = new WeakMap<EndpointSummary, string>();
function haystack(e: EndpointSummary & NodeTagged): string {
  let h = haystacks.get(e);
  if (h === undefined) {
    h = [
      e.nodeLabel ?? '',
      e.pod ?? '',
      e.id,
      e.name,
      e.networkName,
      ...e.ipAddresses,
      e.macAddress,
      e.namespaceId,
      ...e.containerIds,
      ...e.otherPolicyTypes,
    ]
      .join(' ')
      .toLowerCase();
    haystacks.set(e, h);
  }
  return h;
}

/**
 * Builds the haystacks in idle time after new data arrives, so the first filter keystroke does not
 * pay for 5,000 string joins. Returns a cancel function.
 */
export function prewarmHaystacks(data: EndpointSummary[]): () => void {
  let i = 0;
  let handle = 0;
  const step = (deadline: IdleDeadline) => {
    while (i < data.length && deadline.timeRemaining() > 1) haystack(data[i++]!);
    if (i < data.length) handle = requestIdleCallback(step);
  };
  handle = requestIdleCallback(step);
  return () => cancelIdleCallback(handle);
}

/** Every whitespace-separated word must appear somewhere in the row ("calico 15006" style). */
export function filterEndpoints(data: EndpointSummary[], filter: string): EndpointSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return data;
  return data.filter((e) => {
    const h = haystack(e);
    return words.every((w) => h.includes(w));
  });
}

/** Sort keys per column id (what the user sees in the cell, case-insensitive; names and addresses in natural order). */
export const SORT_KEYS: Record<string, (e: EndpointSummary) => string | number> = {
  id: (e) => e.id.toLowerCase(),
  name: (e) => naturalKey(e.name),
  network: (e) => e.networkName.toLowerCase(),
  ip: (e) => naturalKey(e.ipAddresses[0] ?? ''),
  mac: (e) => e.macAddress.toLowerCase(),
  namespace: (e) => e.namespaceId.toLowerCase(),
  container: (e) => (e.containerIds[0] ?? '').toLowerCase(),
  pod: (e) => naturalKey(e.pod ?? ''),
  node: (e) => nodeKey((e as NodeTagged).nodeLabel ?? ''),
  proxy: (e) => e.proxyPolicyCount,
  other: (e) => e.otherPolicyTypes.join(', ').toLowerCase(),
};

/** A fleet has a few labels over many rows (1,000 nodes, 100,000 rows): each label's key is made once. */
const nodeKeys = new Map<string, string>();
function nodeKey(label: string): string {
  let k = nodeKeys.get(label);
  if (k === undefined) {
    if (nodeKeys.size > 10_000) nodeKeys.clear();
    nodeKeys.set(label, (k = naturalKey(label)));
  }
  return k;
}

/**
 * Stable decorate-sort: keys computed once per row, not once per comparison. Data already in that
 * order (a fleet's rows arrive node by node) is returned as it is, without sorting 100,000 indexes.
 */
export function sortEndpoints(data: EndpointSummary[], sorting: SortingState): EndpointSummary[] {
  const s = sorting[0];
  const key = s && SORT_KEYS[s.id];
  if (!s || !key) return data;
  const keys = data.map(key);
  const dir = s.desc ? -1 : 1;
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++)
    ordered = !(dir * (keys[i - 1]! < keys[i]! ? -1 : keys[i - 1]! > keys[i]! ? 1 : 0) > 0);
  if (ordered) return data;
  const idx = data.map((_, i) => i);
  idx.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    return x < y ? -dir : x > y ? dir : a - b;
  });
  return idx.map((i) => data[i]!);
}
