import { Chip, Tooltip } from '@mui/material';
import Hub from '@mui/icons-material/Hub';
import ErrorOutline from '@mui/icons-material/ErrorOutlined';
import { describeError } from '../../api';
import { useNodeList } from '../nodes/node-context';
import { nodeStatusText } from '../nodes/NodeSwitcher';
import { LastRefresh } from '../status/LastRefresh';
import { fleetSummary } from './fleet-summary';
import { useFleetEndpoints } from './useFleetEndpoints';

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
