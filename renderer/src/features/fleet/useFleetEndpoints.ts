import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FleetEndpoints } from '../../../../electron/ipc/fleet-schema';
import { api, unwrap } from '../../api';
import { nodesKey } from '../nodes/node-context';
import { rowKeyOf, type FleetRow } from './fleet-columns';

/** Marks the fleet benchmark reads, as the single-node list does (queries.ts PERF). */
export const FLEET_PERF = { arrived: 'hcn:fleet-arrived' } as const;

/** A node that did not answer the fleet read, and why. */
export type UnreachableNode = Extract<FleetEndpoints['nodes'][number], { ok: false }>;

export const fleetEndpointsKey = ['fleet', 'endpoints'] as const;

/**
 * Every node's endpoints as one list of rows (the fleet view's table, the status strip's freshness).
 * A fleet read dials every node, so the node states the switcher and the status strip show are
 * read again after it.
 */
export function useFleetEndpoints() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: fleetEndpointsKey,
    queryFn: async () => {
      const r = await unwrap(api.fleet.endpoints({}));
      const rows: FleetRow[] = [];
      for (const n of r.nodes)
        if (n.ok)
          // Tagged in place: the answer was just parsed and is ours; a copy of 100,000 rows would
          // double what the garbage collector has to clear right when the table first renders.
          for (const e of n.value)
            rows.push(Object.assign(e, { node: n.node, nodeLabel: n.label, rowKey: rowKeyOf(n.node, e.id) }));
      performance.mark(FLEET_PERF.arrived, { detail: rows.length });
      void qc.invalidateQueries({ queryKey: nodesKey });
      return { rows, failed: r.nodes.filter((n): n is UnreachableNode => !n.ok), nodeCount: r.nodes.length };
    },
    placeholderData: (prev) => prev,
  });
}
