import type { WatchEvent } from '../../core/watch/event-schema';
import { WatchFollower } from '../../core/watch/follow';
import { plural } from '../../base/plural';
import { safeText } from '../../core/safe-text';
import { UsageError } from '../errors';
import type { CliCommand } from './types';

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
  const resumed = e.resumed ? ' (while disconnected)' : '';
  return safeText(`${e.time}  ${e.node}  ${e.type}  ${ep}${policy}${before}${who(e)}${resumed}`);
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
    // The node's waits do not hold the process open (so a stopped watch can exit): the watch does,
    // until it is stopped or has its N events.
    const alive = setInterval(() => undefined, 2 ** 30);
    try {
      return await follow(ctx, intervalMs, max, signal);
    } finally {
      clearInterval(alive);
    }
  },
};

async function follow(
  ctx: Parameters<CliCommand['run']>[0],
  intervalMs: number,
  max: number | undefined,
  signal: AbortSignal,
): Promise<{ data: undefined; lines: string[] }> {
  const follower = new WatchFollower((input) => ctx.call('watch.events', input), intervalMs);
  const first = await follower.start();
  if (first.type === 'watching')
    ctx.stream({
      line: safeText(`Watching ${first.node}: ${first.source} (Ctrl+C to stop)`),
      data: first,
    });
  let seen = 0;
  while (!signal.aborted && (max === undefined || seen < max)) {
    const items = await untilAborted(follower.next(), signal);
    if (!items) break;
    for (const item of items) {
      if (item.type === 'event') {
        if (max !== undefined && seen >= max) break;
        ctx.stream({ line: eventLine(item.event), data: item.event });
        seen++;
      } else if (item.type === 'restarted') {
        ctx.stream({
          line: safeText(
            `The watch restarted on ${item.node} (a new agent): ${plural(item.resumed, 'change')} found by comparing its state with the last one seen; who made them is not known.`,
          ),
          data: item,
        });
      } else if (item.type === 'missed') {
        ctx.stream({
          line: safeText(
            `${plural(item.count, 'event')} dropped on ${item.node} before they could be read: ${plural(item.resumed, 'change')} found by comparing states instead.`,
          ),
          data: item,
        });
      }
    }
  }
  return { data: undefined, lines: [] };
}
