import { NodeStateReader } from '../../core/services/node-state';
import { parseArgs } from 'node:util';
import { formatReport } from '../../core/diagnostics/format';
import { eventsMentioning, recentHnsEvents, type HnsEvent } from '../../core/events/hns-events';
import {
  diagnoseAll,
  diagnoseEndpoint,
  endpointNames,
  EndpointRefError,
  resolveEndpointRef,
  type DiagnosticsDeps,
} from '../../core/services/diagnostics';

// `diagnose [<endpoint> | --all] [--json]`: the node's (or one endpoint's) findings.
// runDiagnose is a plain function (argv in, exit code out) so tests drive it without a process.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** DESIGN §6: exit 0 done, 1 failed, 2 bad input. Findings are a result, not a failure. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export class BadInput extends Error {}

export async function guard(io: CliIo, run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return EXIT.ok;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return e instanceof BadInput || e instanceof EndpointRefError ? EXIT.badInput : EXIT.failed;
  }
}

export function parseOrBad<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new BadInput(`${(e as Error).message}\nusage: ${usage}`);
  }
}

export const DIAGNOSE_USAGE = 'diagnose [<endpoint> | --all] [--json]';

/** Item 5: next to a read-back mismatch, the recent HNS events (Windows only) that name the endpoint. */
async function eventsFor(
  mismatched: string[],
  fetch: typeof recentHnsEvents,
): Promise<{ note?: string; byEndpoint: Record<string, HnsEvent[]> }> {
  if (mismatched.length === 0) return { byEndpoint: {} };
  const r = await fetch({ minutes: 24 * 60 });
  if (!r.available) return { note: r.reason, byEndpoint: {} };
  return { byEndpoint: Object.fromEntries(mismatched.map((id) => [id, eventsMentioning(r.events, id)])) };
}

function formatEvents(e: { note?: string; byEndpoint: Record<string, HnsEvent[]> }): string[] {
  const lines: string[] = [];
  if (e.note) lines.push('', `Host Network Service events: ${e.note}`);
  for (const [id, evs] of Object.entries(e.byEndpoint)) {
    lines.push('', `Host Network Service events naming ${id} (last 24 h): ${evs.length === 0 ? 'none' : ''}`);
    for (const ev of evs.slice(0, 20))
      lines.push(`  ${ev.time} ${ev.level} ${ev.id}: ${ev.message.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return lines;
}

export function runDiagnose(
  given: DiagnosticsDeps,
  argv: string[],
  io: CliIo,
  events: typeof recentHnsEvents = recentHnsEvents,
): Promise<number> {
  // Resolving a name, diagnosing and labelling findings share one walk of the node.
  const deps: DiagnosticsDeps = { ...given, nodeState: given.nodeState ?? new NodeStateReader() };
  return guard(io, async () => {
    const { values, positionals } = parseOrBad(DIAGNOSE_USAGE, () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        options: { all: { type: 'boolean' }, json: { type: 'boolean' } },
      }),
    );
    if (positionals.length > 1 || (values.all && positionals.length > 0))
      throw new BadInput(`usage: ${DIAGNOSE_USAGE}`);
    const target = positionals[0];
    const report = target
      ? await diagnoseEndpoint(deps, await resolveEndpointRef(deps, target))
      : await diagnoseAll(deps);
    const mismatched = report.findings
      .filter((f) => f.id === 'journal.read-back-mismatch' && f.endpointId)
      .map((f) => f.endpointId as string);
    const ev = await eventsFor(mismatched, events);
    if (values.json)
      io.out(JSON.stringify(mismatched.length ? { ...report, hnsEvents: ev } : report, null, 2));
    else io.out([formatReport(report, await endpointNames(deps)), ...formatEvents(ev)].join('\n'));
  });
}
