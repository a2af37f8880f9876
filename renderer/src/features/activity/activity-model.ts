import type { WatchEvent } from '../../../../electron/core/watch/event-schema';

// What the Activity panel shows, from the watch feeds (watch.events for one node, fleet.watch for the
// fleet): pure functions, so the filters and the drift list are tested without a browser.

export interface ActivityItem {
  /** Unique in the feed: node and sequence number (a resumed event gets its own). */
  key: string;
  /** The node as the app names it ("local", "sim-2", "ssh://…"). */
  node: string;
  label: string;
  event: WatchEvent;
}

export interface ActivityFilter {
  node: string;
  kind: string;
  owner: string;
  /** Matched against the pod and the endpoint's name, case-insensitive. */
  text: string;
}

export const NO_FILTER: ActivityFilter = { node: '', kind: '', owner: '', text: '' };
/** The owner filter's value for changes made by no known owner. */
export const UNKNOWN_OWNER = '(none)';
/** Items kept on screen; the node's watch keeps 10,000 for clients that fall behind. */
export const MAX_ITEMS = 500;

export const ownerOf = (e: WatchEvent): string => e.policy?.owner ?? (e.policy ? UNKNOWN_OWNER : '');

export function matches(item: ActivityItem, f: ActivityFilter): boolean {
  const e = item.event;
  if (f.node && item.node !== f.node) return false;
  if (f.kind && e.type !== f.kind) return false;
  if (f.owner && ownerOf(e) !== f.owner) return false;
  if (f.text) {
    const t = f.text.toLowerCase();
    if (!`${e.endpoint.pod ?? ''} ${e.endpoint.name}`.toLowerCase().includes(t)) return false;
  }
  return true;
}

/** Newest first, at most MAX_ITEMS. */
export function prepend(items: readonly ActivityItem[], fresh: readonly ActivityItem[]): ActivityItem[] {
  return [...fresh.slice().reverse(), ...items].slice(0, MAX_ITEMS);
}

export interface DriftMark {
  node: string;
  endpointId: string;
  endpointName: string;
  pod?: string;
  /** The first event that showed the disagreement, and when it was seen. */
  first: ActivityItem;
  journalId?: string;
}

/**
 * Endpoints where HNS disagrees with this app's journal, by the first event that showed it (drift
 * marked by the node's watch: a policy this app added removed by someone else, or a policy of no
 * known owner). A later event on the same endpoint keeps the first one's time.
 */
export function driftMarks(items: readonly ActivityItem[]): DriftMark[] {
  const out = new Map<string, DriftMark>();
  // Items are newest first: walk oldest first so the first sighting wins.
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    const d = item.event.drift;
    if (!d) continue;
    const k = `${item.node}|${item.event.endpoint.id}`;
    if (out.has(k)) continue;
    out.set(k, {
      node: item.node,
      endpointId: item.event.endpoint.id,
      endpointName: item.event.endpoint.name,
      ...(item.event.endpoint.pod ? { pod: item.event.endpoint.pod } : {}),
      first: item,
      ...(d.kind === 'removed-elsewhere' ? { journalId: d.journalId } : {}),
    });
  }
  return [...out.values()];
}

export function describeEvent(e: WatchEvent): string {
  const what = e.type.replace('-', ' ');
  const policy = e.policy ? `: ${e.policy.summary}` : '';
  return `${what}${policy}`;
}

export function whoMade(e: WatchEvent): string {
  if (e.resumed) return 'while disconnected';
  if (!e.by) return '';
  return e.by.kind === 'app' ? `this app (${e.by.user})` : 'someone else';
}
