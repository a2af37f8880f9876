import { createColumnHelper } from '@tanstack/react-table';
import type { EndpointSummary } from '../../../../electron/core/views';
import { columns } from '../endpoints/columns';
import type { NodeTagged } from '../endpoints/row-model';

/** `rowKey` ("sim-1|guid") is built once with the row: the table asks for it per row per keystroke. */
export type FleetRow = EndpointSummary & Required<NodeTagged> & { rowKey: string };

const col = createColumnHelper<EndpointSummary>();

/** The endpoints table's columns with Node after the selection box (the table is the same one). */
export const fleetColumns = [
  columns[0]!,
  col.accessor((e) => (e as FleetRow).nodeLabel, { id: 'node', header: 'Node', size: 130 }),
  ...columns.slice(1),
] as typeof columns;

export const fleetRowKey = (e: EndpointSummary): string => (e as FleetRow).rowKey;

export const rowKeyOf = (node: string, endpointId: string): string => `${node}|${endpointId}`;

/** "sim-1|guid" → its node and endpoint (rowKeyOf backwards; neither id may hold a "|"). */
export function splitRowKey(key: string): { node: string; endpointId: string } {
  const i = key.lastIndexOf('|');
  return { node: key.slice(0, i), endpointId: key.slice(i + 1) };
}
