import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { WatchBatch } from '../../../../electron/core/watch/event-schema';
import type { FleetWatchBatch } from '../../../../electron/ipc/fleet-schema';
import { api, unwrap } from '../../api';
import { keys } from '../../queries';
import { prepend, type ActivityItem } from './activity-model';

// The live feed: one long poll after another (watch.events on the node shown, fleet.watch for the
// fleet), each from the last sequence number, so nothing arrives twice and a gap is said. A change on
// the node shown refreshes its endpoints, and the table flashes the rows that changed.

const WAIT_MS = 20_000;
/** After a failed poll (node unreachable, app closing), ask again after this long. */
const RETRY_MS = 3_000;

export interface ActivityFeed {
  items: ActivityItem[];
  /** The last problem (a node unreachable, events missed), for the panel's header. */
  note?: string;
  /** The nodes followed (the fleet's, with their labels), for the node filter. */
  nodes?: Array<{ node: string; label: string }>;
}

/**
 * `enabled`: the feed runs while the Activity panel is open. Closed, the window asks the node for
 * nothing in the background: no HNS reads every interval that nobody looks at, and the rest of the
 * window (its refreshes, a slow call, an error it shows) is never raced by a watch read. Opened
 * again, it goes on from its last sequence number: what changed meanwhile arrives then, once.
 */
export function useActivityFeed(
  scope: { kind: 'node'; node: string } | { kind: 'fleet' },
  enabled = true,
): ActivityFeed {
  const qc = useQueryClient();
  const [feed, setFeed] = useState<ActivityFeed>({ items: [] });
  const scopeKey = scope.kind === 'node' ? `node:${scope.node}` : 'fleet';
  const cursor = useRef<{ scopeKey: string; since: number; watchId?: string }>({ scopeKey, since: 0 });
  useEffect(() => {
    cursor.current = { scopeKey, since: 0 };
    setFeed({ items: [] });
  }, [scopeKey]);
  useEffect(() => {
    let alive = true;
    if (!enabled) return;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const node = scope.kind === 'node' ? scope.node : '';
    void (async () => {
      let { since, watchId } =
        cursor.current.scopeKey === scopeKey ? cursor.current : { since: 0, watchId: undefined };
      while (alive) {
        try {
          const input = { since, ...(watchId ? { watchId } : {}), waitMs: watchId ? WAIT_MS : 0 };
          if (scope.kind === 'node') {
            const b: WatchBatch = await unwrap(api.watch.events(input));
            if (!alive) return;
            const fresh = b.restarted && watchId ? [] : b.events;
            const items = fresh.map((event) => ({
              key: `${node}|${b.watchId}|${event.seq}`,
              node,
              label: b.node,
              event,
            }));
            if (items.length) void qc.invalidateQueries({ queryKey: keys.endpoints(node) });
            const note = b.restarted
              ? 'The watch restarted on the node: changes in between may be missing.'
              : b.missed
                ? `${b.missed} events were dropped before they could be shown.`
                : undefined;
            setFeed((f) => ({
              items: prepend(f.items, items),
              ...(note ? { note } : f.note ? { note: f.note } : {}),
            }));
            since = b.next;
            watchId = b.watchId;
            cursor.current = { scopeKey, since, watchId };
          } else {
            const b: FleetWatchBatch = await unwrap(api.fleet.watch(input));
            if (!alive) return;
            const items: ActivityItem[] = b.items.flatMap((i) =>
              i.event
                ? [{ key: `${i.node}|${b.watchId}|${i.seq}`, node: i.node, label: i.label, event: i.event }]
                : [],
            );
            const failing = b.nodes.filter((n) => n.error);
            const note = failing.length
              ? `${failing.length} of ${b.nodes.length} nodes not watched: ${failing[0]!.label}: ${failing[0]!.error!.message}`
              : undefined;
            const nodes = b.nodes.map(({ node, label }) => ({ node, label }));
            setFeed((f) => ({ items: prepend(f.items, items), nodes, ...(note ? { note } : {}) }));
            since = b.next;
            watchId = b.watchId;
            cursor.current = { scopeKey, since, watchId };
          }
        } catch (e) {
          if (!alive) return;
          setFeed((f) => ({ ...f, note: e instanceof Error ? e.message : String(e) }));
          await sleep(RETRY_MS);
        }
      }
    })();
    return () => {
      alive = false;
    };
    // scopeKey names the scope: a new node or the fleet starts a new feed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scopeKey, qc, enabled]);
  return feed;
}
