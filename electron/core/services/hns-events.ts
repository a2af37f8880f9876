import { eventsMentioning, recentHnsEvents, type EventQuery, type ScriptRunner } from '../events/hns-events';
import type { HnsEventsResult } from '../views';
import type { AppContext } from './context';

/**
 * The endpoint's recent HNS events, shown beside a read-back warning. Only the live Windows backend
 * has an event log; for the simulator or a snapshot we say so rather than show another host's log.
 */
export async function endpointHnsEvents(
  ctx: Pick<AppContext, 'hns' | 'origin'>,
  endpointId: string,
  query: EventQuery = {},
  platform: string = process.platform,
  run?: ScriptRunner,
): Promise<HnsEventsResult> {
  if (ctx.origin.kind === 'snapshot' || ctx.hns.kind !== 'windows') {
    return {
      available: false,
      reason: `HNS events come from the live Windows HNS; this view is ${ctx.origin.kind === 'snapshot' ? 'a snapshot' : `the ${ctx.hns.kind} backend`}.`,
      events: [],
    };
  }
  const all = await recentHnsEvents(query, platform, run);
  return { ...all, events: eventsMentioning(all.events, endpointId) };
}
