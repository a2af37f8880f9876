import { Chip } from '@mui/material';
import Dns from '@mui/icons-material/Dns';
import { useNodeList, useNodes } from '../nodes/node-context';

/**
 * In the fleet view, an endpoint's detail names its node: the app bar says "All nodes", and the
 * drawer acts on that node alone (its detail, journal, changes). Nothing outside the fleet view,
 * where the app bar names the node already.
 */
export function DetailNodeName() {
  const nodes = useNodes();
  const list = useNodeList();
  if (nodes.view !== 'fleet') return null;
  const label = list.data?.find((n) => n.id === nodes.node)?.label ?? nodes.node;
  return <Chip size="small" icon={<Dns />} label={`on ${label}`} data-testid="detail-node" />;
}
