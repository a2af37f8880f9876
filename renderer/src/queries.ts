import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChangeResult } from '../../electron/core/views';
import { api, getCurrentNode, unwrap } from './api';
import { useCurrentNode } from './features/nodes/node-context';

// Query keys in one place so a change can invalidate exactly what it touched. What a node answers
// (node-scoped channels, ipc/channels.ts) is keyed by that node, so switching between two nodes keeps
// each one's cache; what the app answers (settings, the node list, the fleet) is not.
const at = (node: string) => ['node', node] as const;
export const keys = {
  node: (node = getCurrentNode()) => at(node),
  endpoints: (node = getCurrentNode()) => [...at(node), 'endpoints'] as const,
  info: (node = getCurrentNode()) => [...at(node), 'hns-info'] as const,
  settings: ['settings'] as const,
  endpoint: (id: string, node = getCurrentNode()) => [...at(node), 'endpoint', id] as const,
  endpoints_: (node = getCurrentNode()) => [...at(node), 'endpoint'] as const,
  journal: (id?: string, node = getCurrentNode()) =>
    id ? ([...at(node), 'journal', id] as const) : ([...at(node), 'journal'] as const),
};

/** Performance marks the ui.* benchmarks read: data arrived → rows painted (see EndpointsTable). */
export const PERF = { arrived: 'hcn:endpoints-arrived', painted: 'hcn:rows-painted' } as const;

export function useEndpoints(refetchInterval: number | false = false) {
  const node = useCurrentNode();
  return useQuery({
    queryKey: keys.endpoints(node),
    queryFn: async () => {
      const list = await unwrap(api.endpoints.list({}));
      performance.mark(PERF.arrived, { detail: list.length });
      return list;
    },
    refetchInterval,
    // Keep rows on screen while a refresh is in flight (no flash of "loading" on every refresh).
    placeholderData: (prev) => prev,
  });
}

export function useHnsInfo() {
  const node = useCurrentNode();
  return useQuery({ queryKey: keys.info(node), queryFn: () => unwrap(api.hns.info({})) });
}

export function useEndpointDetail(id: string | null) {
  const node = useCurrentNode();
  return useQuery({
    queryKey: keys.endpoint(id ?? '', node),
    queryFn: () => unwrap(api.endpoints.get({ endpointId: id as string })),
    enabled: id !== null,
  });
}

export function useJournal(endpointId: string | undefined) {
  const node = useCurrentNode();
  return useQuery({
    queryKey: keys.journal(endpointId, node),
    queryFn: () => unwrap(api.journal.list(endpointId ? { endpointId, limit: 200 } : { limit: 200 })),
  });
}

export function useSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: () => unwrap(api.settings.get({})) });
}

/** After any change: the list, that endpoint's detail and the journal are stale. */
export function useInvalidateAfterChange() {
  const qc = useQueryClient();
  return useCallback(
    (endpointIds?: string[]) => {
      void qc.invalidateQueries({ queryKey: keys.endpoints() });
      void qc.invalidateQueries({ queryKey: keys.journal() });
      if (endpointIds)
        for (const id of endpointIds) void qc.invalidateQueries({ queryKey: keys.endpoint(id) });
      else void qc.invalidateQueries({ queryKey: keys.endpoints_() });
    },
    [qc],
  );
}

/**
 * After changes that came back: each result carries the endpoint as main read it back (detail), so
 * it goes into the cache as is rather than being read again; the list and the journal are stale.
 * A result without a detail (read-back failed, nothing sent) and the `stale` ids (failed changes,
 * which may still have changed something) are read again.
 */
export function useApplyChanges() {
  const qc = useQueryClient();
  return useCallback(
    (results: readonly ChangeResult[], stale: readonly string[] = []) => {
      void qc.invalidateQueries({ queryKey: keys.endpoints() });
      void qc.invalidateQueries({ queryKey: keys.journal() });
      for (const r of results) {
        if (r.detail) qc.setQueryData(keys.endpoint(r.endpointId), r.detail);
        else void qc.invalidateQueries({ queryKey: keys.endpoint(r.endpointId) });
      }
      for (const id of stale) void qc.invalidateQueries({ queryKey: keys.endpoint(id) });
    },
    [qc],
  );
}

/** Ctrl+R / F5 / the button: everything the screen shows. */
export function useRefreshAll() {
  const qc = useQueryClient();
  return useCallback(() => {
    // Everything this node's views show (endpoints, detail, journal, diagnostics, HNS info).
    void qc.invalidateQueries({ queryKey: keys.node() });
  }, [qc]);
}
