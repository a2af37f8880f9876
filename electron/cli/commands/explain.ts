import { formatExplanation } from '../../core/diagnostics/format';
import { FLOW_SYNTAX, parseFlow } from '../../core/flow/parse-flow';
import { ENDPOINT_REF_HELP, endpointsFor, resolveEndpointRef } from '../endpoint-ref';
import { UsageError } from '../errors';
import type { CliCommand } from './types';

// `explain <endpoint> --flow "<direction> tcp <local ip:port> -> <remote ip:port> [sid S-… [groups S-…]]"`:
// would HNS redirect this connection to the sidecar, and why (not). local is the pod's side.

export const explain: CliCommand = {
  name: 'explain',
  summary: 'Would HNS redirect this connection to the proxy, and why (not)?',
  usage: `explain <endpoint> --flow ${FLOW_SYNTAX}`,
  help: [
    ENDPOINT_REF_HELP,
    '--flow TEXT  the connection, local = the pod’s side, remote = the peer, e.g.',
    '             "outbound tcp 10.240.2.10:50000 -> 10.0.5.9:8080 sid S-1-5-21-… groups S-1-5-32-556"',
    '             (groups: the token’s group SIDs; without them an answer may depend on membership)',
  ],
  options: { flow: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals, values }) {
    if (typeof values.flow !== 'string')
      throw new UsageError(`--flow is required.\nUsage: hcnproxyctl ${explain.usage}`);
    // The contract takes a structured flow; the one-line form is the CLI's, parsed here.
    const flow = parseFlow(values.flow);
    if (!flow.ok) throw new UsageError(flow.issues.map((i) => `--flow: ${i.message}`).join('\n'));
    const ref = positionals[0] as string;
    const endpointId = resolveEndpointRef(ref, (await endpointsFor(ctx, ref, false)) ?? []);
    const x = await ctx.call('flows.explain', { endpointId, flow: flow.flow });
    return { data: x, lines: [formatExplanation(x)] };
  },
};
