import { changeNotes } from '../format';
import type { CliCommand } from './types';

export const clear: CliCommand = {
  name: 'clear',
  summary:
    "Remove an endpoint's L4WFPPROXY policies (other policy types untouched; mesh-owned ones kept unless --include-foreign).",
  usage: 'clear <endpoint> [--include-foreign]',
  options: { 'include-foreign': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals, values }) {
    const r = await ctx.call('policies.clear', {
      endpointId: positionals[0] as string,
      includeForeign: values['include-foreign'] === true,
    });
    const line =
      r.count === 0 ? 'Nothing to clear' : `Removed ${r.count} ${r.count === 1 ? 'policy' : 'policies'}`;
    return { data: r, lines: [line], notes: changeNotes(r) };
  },
};
