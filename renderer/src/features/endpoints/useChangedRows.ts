import { useEffect, useState } from 'react';
import type { EndpointSummary } from '../../../../electron/core/views';

const signature = (e: EndpointSummary) =>
  `${e.name}|${e.ipAddresses.join()}|${e.proxyPolicyCount}|${e.otherPolicyTypes.join()}|${e.containerIds.join()}|${e.namespaceId}`;

function diff(prev: EndpointSummary[] | undefined, next: EndpointSummary[] | undefined): ReadonlySet<string> {
  if (!prev || !next) return new Set();
  const before = new Map(prev.map((e) => [e.id, signature(e)]));
  const changed = new Set<string>();
  for (const e of next) if (before.get(e.id) !== signature(e)) changed.add(e.id);
  return changed;
}

/**
 * Ids whose row differs from the previous refresh (new rows included), for a few seconds: the
 * auto-refresh highlight. Derived during render (React's "adjust state on prop change" pattern).
 */
export function useChangedRows(data: EndpointSummary[] | undefined, holdMs = 4000): ReadonlySet<string> {
  const [prev, setPrev] = useState(data);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  if (data !== prev) {
    setPrev(data);
    setChanged(diff(prev, data));
  }
  useEffect(() => {
    if (changed.size === 0) return;
    const t = setTimeout(() => setChanged(new Set()), holdMs);
    return () => clearTimeout(t);
  }, [changed, holdMs]);
  return changed;
}
