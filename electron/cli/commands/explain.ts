import { parseArgs } from 'node:util';
import { formatExplanation } from '../../core/diagnostics/format';
import { parseFlow } from '../../core/flow/parse-flow';
import {
  explainEndpointFlow,
  resolveEndpointRef,
  type DiagnosticsDeps,
} from '../../core/services/diagnostics';
import { BadInput, guard, parseOrBad, type CliIo } from './diagnose';

// `explain <endpoint> --flow "<direction> tcp <local ip:port> -> <remote ip:port> [sid S-…]" [--json]`:
// would HNS redirect this connection to the sidecar, and why (not).

export const EXPLAIN_USAGE =
  'explain <endpoint> --flow "<inbound|outbound> tcp <local ip:port> -> <remote ip:port> [sid S-…]" [--json]';

export function runExplain(deps: DiagnosticsDeps, argv: string[], io: CliIo): Promise<number> {
  return guard(io, async () => {
    const { values, positionals } = parseOrBad(EXPLAIN_USAGE, () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        options: { flow: { type: 'string' }, json: { type: 'boolean' } },
      }),
    );
    if (positionals.length !== 1 || !values.flow) throw new BadInput(`usage: ${EXPLAIN_USAGE}`);
    const flow = parseFlow(values.flow);
    if (!flow.ok) throw new BadInput(flow.issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
    const id = await resolveEndpointRef(deps, positionals[0] as string);
    const x = await explainEndpointFlow(deps, id, flow.flow);
    io.out(values.json ? JSON.stringify(x, null, 2) : formatExplanation(x));
  });
}
