import { plural } from '../../base/plural';
import { changeLine, changeNotes } from '../format';
import { UsageError } from '../errors';
import type { CliCommand } from './types';

export const clear: CliCommand = {
  name: 'clear',
  summary:
    "Remove an endpoint's L4WFPPROXY policies (other policy types untouched; mesh-owned ones kept unless --include-foreign, or only one mesh's with --owner).",
  usage: 'clear <endpoint> [--include-foreign | --owner <profile>]',
  help: [
    '--include-foreign   also remove policies that look owned by a mesh or CNI',
    '--owner PROFILE     remove exactly that writer’s policy set and nothing else: a profile id from',
    '                    docs/mesh-profiles.md (istio-ambient-windows, linkerd, …) or the owner `list` shows',
  ],
  options: { 'include-foreign': { type: 'boolean' }, owner: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals, values }) {
    const owner = typeof values.owner === 'string' ? values.owner : undefined;
    if (owner !== undefined && values['include-foreign'] === true)
      throw new UsageError(
        '--owner and --include-foreign exclude each other: --owner removes one owner’s set only.',
      );
    const r = await ctx.call('policies.clear', {
      endpointId: positionals[0] as string,
      includeForeign: values['include-foreign'] === true,
      ...(owner !== undefined ? { owner } : {}),
    });
    const line = r.count === 0 ? 'Nothing to clear' : `Removed ${plural(r.count, 'policy')}`;
    return { data: r, lines: [changeLine(r, line)], notes: changeNotes(r) };
  },
};
