import { createColumnHelper } from '@tanstack/react-table';
import type { EndpointSummary } from '../../../../electron/core/views';
import { ShortIdCell } from '../../components/ShortId';

const col = createColumnHelper<EndpointSummary>();

/** Set by EndpointsTable: selection is over all filtered rows, while TanStack sees only visible ones. */
export interface TableMeta {
  allSelected: boolean;
  someSelected: boolean;
  toggleAll: () => void;
}

export const COLUMN_LABELS: Record<string, string> = {
  id: 'ID',
  name: 'Name',
  proxy: 'Proxy policies',
  other: 'Other policies',
  network: 'Network',
  ip: 'IP',
  mac: 'MAC',
  namespace: 'Namespace',
  pod: 'Pod',
  container: 'Container',
};

export const columns = [
  col.display({
    id: 'select',
    size: 48,
    enableHiding: false,
    header: ({ table }) => {
      const m = table.options.meta as TableMeta;
      return (
        <input
          type="checkbox"
          className="hcn-select-all"
          aria-label="Select all shown endpoints"
          checked={m.allSelected}
          ref={(el) => {
            if (el) el.indeterminate = m.someSelected && !m.allSelected;
          }}
          onChange={m.toggleAll}
        />
      );
    },
    // A native checkbox (see EndpointsTable's bodySx for why rows avoid MUI inputs).
    cell: ({ row }) => (
      <input
        type="checkbox"
        tabIndex={-1}
        aria-label={`Select ${row.original.name || row.original.id}`}
        checked={row.getIsSelected()}
        onClick={(e) => e.stopPropagation()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  }),
  col.accessor('id', { id: 'id', header: 'ID', size: 130, cell: (c) => <ShortIdCell id={c.getValue()} /> }),
  col.accessor('name', { id: 'name', header: 'Name', size: 200 }),
  // The policy columns right after the name: they are what the app is for, and at 1024 px the
  // columns after MAC scroll out of view.
  col.accessor('proxyPolicyCount', {
    id: 'proxy',
    header: 'Proxy policies',
    size: 110,
    sortDescFirst: true,
    cell: (c) => (c.getValue() > 0 ? <span className="hcn-count">{c.getValue()}</span> : '0'),
  }),
  col.accessor((e) => e.otherPolicyTypes.join(', '), { id: 'other', header: 'Other policies', size: 160 }),
  col.accessor('networkName', { id: 'network', header: 'Network', size: 110 }),
  col.accessor((e) => e.ipAddresses.join(', '), { id: 'ip', header: 'IP', size: 130 }),
  col.accessor('macAddress', { id: 'mac', header: 'MAC', size: 150 }),
  col.accessor('namespaceId', {
    id: 'namespace',

    header: 'Namespace',
    size: 100,
    cell: (c) => (c.getValue() ? <span title={c.getValue()}>{c.getValue().slice(0, 8)}</span> : '—'),
  }),
  // namespace/name from the node's CRI (containerd): what Kubernetes users look for.
  col.accessor((e) => e.pod ?? '', {
    id: 'pod',
    header: 'Pod',
    size: 180,
    cell: (c) => (c.getValue() ? <span title={c.getValue()}>{c.getValue()}</span> : '—'),
  }),
  col.accessor((e) => e.containerIds[0] ?? '', {
    id: 'container',

    header: 'Container',
    size: 120,
    cell: ({ row }) => {
      const ids = row.original.containerIds;
      if (ids.length === 0) return '—';
      return (
        <span title={ids.join('\n')}>
          {ids[0]!.slice(0, 12)}
          {ids.length > 1 ? ` +${ids.length - 1}` : ''}
        </span>
      );
    },
  }),
];
