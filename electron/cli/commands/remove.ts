import { changeLine, changeNotes } from '../format';
import { UsageError } from '../errors';
import type { CliCommand } from './types';

export const remove: CliCommand = {
  name: 'remove',
  summary: 'Remove one L4WFPPROXY policy, by the number `list` shows (undo: restore <journal-id>).',
  usage: 'remove <endpoint> <n> [--force]',
  help: [
    '--force   also when the policy is one of a mesh’s set (Istio ambient’s HBONE/plaintext pair):',
    '          removing it alone leaves that mesh half configured; `clear <endpoint> --owner <profile>`',
    '          removes the whole set. (--force also allows changes when the HNS version cannot be read.)',
  ],
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals }) {
    const [endpointId, n] = positionals as [string, string];
    if (!/^\d{1,5}$/.test(n))
      throw new UsageError(`<n> must be a policy number as shown by \`list\` (0, 1, ...), got "${n}".`);
    const r = await ctx.call('policies.remove', {
      endpointId,
      index: Number(n),
      ...(ctx.globals.force ? { force: true } : {}),
    });
    return {
      data: r,
      lines: [changeLine(r, `Removed policy ${n} from ${r.endpointId}`)],
      notes: changeNotes(r),
    };
  },
};
