import { policyViewLines } from '../format';
import type { CliCommand } from './types';
import { safeText } from '../../core/safe-text';

export const list: CliCommand = {
  name: 'list',
  summary: "Show an endpoint's L4WFPPROXY policies (numbered for `remove`).",
  usage: 'list <endpoint>',
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const d = await ctx.call('endpoints.get', { endpointId: positionals[0] as string });
    const lines = d.proxyPolicies.length
      ? d.proxyPolicies.flatMap(policyViewLines)
      : [`No L4WFPPROXY policies on ${d.summary.id}.`];
    if (d.otherPolicies.length)
      lines.push(
        `other policies (untouched by this tool): ${safeText(d.otherPolicies.map((p) => p.type).join(', '))}`,
      );
    return { data: d.proxyPolicies, lines };
  },
};
