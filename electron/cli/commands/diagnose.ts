import { parseArgs } from 'node:util';
import { formatReport } from '../../core/diagnostics/format';
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

export function runDiagnose(deps: DiagnosticsDeps, argv: string[], io: CliIo): Promise<number> {
  return guard(io, async () => {
    const { values, positionals } = parseOrBad(DIAGNOSE_USAGE, () =>
      parseArgs({ args: argv, allowPositionals: true, options: { all: { type: 'boolean' }, json: { type: 'boolean' } } }),
    );
    if (positionals.length > 1 || (values.all && positionals.length > 0)) throw new BadInput(`usage: ${DIAGNOSE_USAGE}`);
    const target = positionals[0];
    const report = target ? await diagnoseEndpoint(deps, await resolveEndpointRef(deps, target)) : await diagnoseAll(deps);
    io.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report, await endpointNames(deps)));
  });
}
