import type { WatchEvent } from '../../core/watch/event-schema';
import { safeText } from '../../core/safe-text';
import { UsageError } from '../errors';
import type { CliCommand } from './types';

// Long polls of watch.events, each waiting this long for a change before asking again.
const WAIT_MS = 25_000;

const who = (e: WatchEvent) =>
  !e.by
    ? ''
    : e.by.kind === 'app'
      ? ` by this app (${e.by.user}, journal ${e.by.journalId})`
      : ' by someone else';

/** One line per event: time, node, what happened, to which endpoint (and pod), owner, who. */
export function eventLine(e: WatchEvent): string {
  const ep = `${e.endpoint.name || e.endpoint.id}${e.endpoint.pod ? ` (${e.endpoint.pod})` : ''}`;
  const policy = e.policy
    ? ` #${e.policy.index} ${e.policy.summary}${e.policy.owner ? ` [${e.policy.owner}]` : ''}`
    : '';
  const before = e.before ? ` (was ${e.before.summary})` : '';
  return safeText(`${e.time}  ${e.node}  ${e.type}  ${ep}${policy}${before}${who(e)}`);
}

/** The call's answer, or undefined as soon as the watch is stopped (the long poll is left behind). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const stop = () => resolve(undefined);
    signal.addEventListener('abort', stop, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

export const watch: CliCommand = {
  name: 'watch',
  summary:
    'Stream changes as they happen: endpoints created or deleted, proxy policies added, removed or changed, and who made them.',
  usage: 'watch [--interval SECONDS] [--events N]',
  help: [
    '--interval SECONDS  how often the node is read (default 2; 0.2 to 600)',
    '--events N          stop after N changes (scripts: wait for a pod to get its sidecar)',
    'With --json: one JSON object per line; the first is {"type":"watching",…} once the watch has',
    'its starting state, so a script can act after it. Ctrl+C stops the watch (exit 0).',
  ],
  options: { interval: { type: 'string' }, events: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  readsOnly: true,
  async run(ctx, { values }) {
    const seconds = typeof values.interval === 'string' ? Number(values.interval) : 2;
    if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 600)
      throw new UsageError('--interval must be a number of seconds between 0.2 and 600.');
    const max = typeof values.events === 'string' ? Number(values.events) : undefined;
    if (max !== undefined && (!Number.isInteger(max) || max < 1))
      throw new UsageError('--events must be a whole number of 1 or more.');
    const intervalMs = Math.round(seconds * 1000);
    const signal = ctx.signal;
    const first = await ctx.call('watch.events', { since: 0, waitMs: 0, intervalMs });
    ctx.stream({
      line: safeText(`Watching ${first.node}: ${first.source} (Ctrl+C to stop)`),
      data: { type: 'watching', node: first.node, intervalMs, source: first.source, watchId: first.watchId },
    });
    let since = first.next;
    let watchId = first.watchId;
    let seen = 0;
    while (!signal.aborted && (max === undefined || seen < max)) {
      const b = await untilAborted(
        ctx.call('watch.events', { since, watchId, waitMs: WAIT_MS, intervalMs }),
        signal,
      );
      if (!b) break;
      if (b.restarted)
        ctx.stream({
          line: 'The watch restarted on the node: changes since the last event may have been missed.',
          data: { type: 'restarted', node: b.node },
        });
      if (b.missed)
        ctx.stream({
          line: `${b.missed} events were dropped before they could be read.`,
          data: { type: 'missed', node: b.node, count: b.missed },
        });
      for (const e of b.events) {
        if (max !== undefined && seen >= max) break;
        ctx.stream({ line: eventLine(e), data: e });
        seen++;
      }
      since = b.next;
      watchId = b.watchId;
    }
    return { data: undefined, lines: [] };
  },
};
