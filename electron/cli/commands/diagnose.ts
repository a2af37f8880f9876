import { formatReport } from '../../core/diagnostics/format';
import { safeText } from '../../core/safe-text';
import type { HnsEvent } from '../../core/events/hns-events';
import type { EndpointSummary } from '../../core/views';
import { ENDPOINT_REF_HELP, endpointsFor, resolveEndpointRef } from '../endpoint-ref';
import { UsageError } from '../errors';
import type { CliCommand, CommandContext } from './types';

// `diagnose [<endpoint> | --all]`: the node's (or one endpoint's) findings. Findings are a result,
// not a failure (exit 0); an endpoint HNS does not know is a failed operation (exit 1).

const EVENT_MINUTES = 24 * 60;

interface EventsByEndpoint {
  note?: string;
  byEndpoint: Record<string, HnsEvent[]>;
}

/** Item 5: next to a read-back mismatch, the recent HNS events (Windows only) that name the endpoint. */
async function eventsFor(ctx: CommandContext, mismatched: string[]): Promise<EventsByEndpoint> {
  const byEndpoint: Record<string, HnsEvent[]> = {};
  for (const endpointId of mismatched) {
    const r = await ctx.call('diagnostics.events', { endpointId, minutes: EVENT_MINUTES });
    // Unavailable for one is unavailable for all (not Windows, a snapshot, PowerShell failed).
    if (!r.available)
      return { note: r.reason ?? 'Host Network Service events are not available.', byEndpoint: {} };
    byEndpoint[endpointId] = r.events;
  }
  return { byEndpoint };
}

function formatEvents(e: EventsByEndpoint): string[] {
  const lines: string[] = [];
  if (e.note) lines.push('', `Host Network Service events: ${safeText(e.note)}`);
  for (const [id, evs] of Object.entries(e.byEndpoint)) {
    lines.push(
      '',
      `Host Network Service events naming ${safeText(id)} (last 24 h): ${evs.length === 0 ? 'none' : ''}`,
    );
    // Event fields come from the node's event log: each is one escaped field.
    for (const ev of evs.slice(0, 20))
      lines.push(
        `  ${safeText(ev.time)} ${safeText(ev.level)} ${safeText(ev.id)}: ${safeText(ev.message.replace(/\s+/g, ' ').slice(0, 300))}`,
      );
  }
  return lines;
}

const names = (endpoints: readonly EndpointSummary[] = []) => new Map(endpoints.map((e) => [e.id, e.name]));

export const diagnose: CliCommand = {
  name: 'diagnose',
  summary: 'Find misconfigured proxy policies on the node or one endpoint.',
  usage: 'diagnose [<endpoint> | --all]',
  help: [ENDPOINT_REF_HELP, '--all        the whole node (the default)'],
  options: { all: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(ctx, { positionals, values }) {
    const target = positionals[0];
    if (values.all && target !== undefined)
      throw new UsageError(`Give an endpoint or --all, not both.\nUsage: hcnproxyctl ${diagnose.usage}`);
    // One list serves both the name lookup and the labels of the text report.
    const endpoints = await endpointsFor(ctx, target, !ctx.globals.json);
    const report =
      target === undefined
        ? await ctx.call('diagnostics.all', {})
        : await ctx.call('diagnostics.endpoint', { endpointId: resolveEndpointRef(target, endpoints ?? []) });
    const mismatched = report.findings
      .filter((f) => f.id === 'journal.read-back-mismatch' && f.endpointId)
      .map((f) => f.endpointId as string);
    const events = mismatched.length ? await eventsFor(ctx, mismatched) : undefined;
    return {
      data: events ? { ...report, hnsEvents: events } : report,
      lines: [formatReport(report, names(endpoints)), ...(events ? formatEvents(events) : [])],
    };
  },
};
