import type { WatchEventType } from '../../../../electron/core/watch/event-schema';

// The event kinds the filter offers: typed against the schema's list (a type import keeps zod out of
// the renderer), so a kind added there fails to compile here until it is listed.
const ALL = {
  'endpoint-created': true,
  'endpoint-deleted': true,
  'policy-added': true,
  'policy-removed': true,
  'policy-changed': true,
} as const satisfies Record<WatchEventType, true>;
export const WATCH_EVENT_KINDS = Object.keys(ALL) as WatchEventType[];
