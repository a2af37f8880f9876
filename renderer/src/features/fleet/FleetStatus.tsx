import { Chip, Tooltip } from '@mui/material';
import Hub from '@mui/icons-material/Hub';
import ErrorOutline from '@mui/icons-material/ErrorOutlined';
import type { NodeInfo } from '../../../../electron/remote/fleet-schema';
import { describeError } from '../../api';
import { useNodeList } from '../nodes/node-context';
import { nodeStatusText } from '../nodes/NodeSwitcher';
import { LastRefresh } from '../status/LastRefresh';
import { useFleetEndpoints } from './useFleetEndpoints';

const OTHER_STATES: [NodeInfo['status'], string][] = [
  ['connecting', 'connecting'],
  ['host-key', 'awaiting host key'],
  ['idle', 'not connected yet'],
];

/** "Fleet · 4 nodes · 3 connected · 1 unreachable", plus the rarer states when some node is in them. */
export function fleetSummary(nodes: readonly NodeInfo[]): string {
  const count = (s: NodeInfo['status']) => nodes.filter((n) => n.status === s).length;
  const parts = [
    'Fleet',
    `${nodes.length} node${nodes.length === 1 ? '' : 's'}`,
    `${count('connected')} connected`,
    `${count('unreachable')} unreachable`,
  ];
  for (const [s, words] of OTHER_STATES) if (count(s) > 0) parts.push(`${count(s)} ${words}`);
  return parts.join(' · ');
}

/**
 * The status strip in the fleet view: the node states the switcher shows (nodes.list, read again
 * after every fleet read), the nodes not connected named in the tooltip, and the fleet read's time.
 */
export function FleetStatus() {
  const list = useNodeList();
  const fleet = useFleetEndpoints();
  const nodes = list.data ?? [];
  const down = nodes.filter((n) => n.status !== 'connected');
  return (
    <>
      {list.isError && (
        <Chip
          size="small"
          color="error"
          icon={<ErrorOutline />}
          label={`Node states unavailable: ${describeError(list.error).title}`}
        />
      )}
      {list.data && (
        <Tooltip
          title={
            down.length === 0
              ? 'Every node is connected.'
              : down.map((n) => `${n.label}: ${nodeStatusText(n)}`).join('\n')
          }
          slotProps={{ tooltip: { sx: { whiteSpace: 'pre-line' } } }}
        >
          <Chip
            size="small"
            variant="outlined"
            color={
              down.some((n) => n.status === 'unreachable') ? 'error' : down.length > 0 ? 'warning' : 'success'
            }
            icon={<Hub />}
            label={fleetSummary(nodes)}
            data-testid="fleet-summary"
          />
        </Tooltip>
      )}
      <LastRefresh at={fleet.dataUpdatedAt} />
    </>
  );
}
