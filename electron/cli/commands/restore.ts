import { plural } from '../../base/plural';
import { changeLine, changeNotes } from '../format';
import type { CliCommand } from './types';

export const restore: CliCommand = {
  name: 'restore',
  summary: 'Re-add what a remove or clear removed (ids from `journal`).',
  usage: 'restore <journal-id>',
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const r = await ctx.call('policies.restore', { journalId: positionals[0] as string });
    return {
      data: r,
      lines: [changeLine(r, `Restored ${plural(r.count, 'policy')} on ${r.endpointId}`)],
      notes: changeNotes(r),
    };
  },
};
