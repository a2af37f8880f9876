import type { NodeInfo } from '../../../../electron/ipc/fleet-schema';
import { plural } from '../../../../electron/base/plural';

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
    plural(nodes.length, 'node'),
    `${count('connected')} connected`,
    `${count('unreachable')} unreachable`,
  ];
  for (const [s, words] of OTHER_STATES) if (count(s) > 0) parts.push(`${count(s)} ${words}`);
  return parts.join(' · ');
}
