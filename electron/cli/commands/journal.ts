import { plural } from '../../base/plural';
import { table } from '../format';
import { UsageError } from '../errors';
import type { CliCommand } from './types';

export const journal: CliCommand = {
  name: 'journal',
  summary: 'Show the audit journal, newest first (ids for `restore`).',
  usage: 'journal [--endpoint <endpoint>] [--limit N]',
  options: { endpoint: { type: 'string' }, limit: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const limit = typeof values.limit === 'string' ? Number(values.limit) : 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError('--limit must be a whole number between 1 and 10000.');
    const input = typeof values.endpoint === 'string' ? { endpointId: values.endpoint, limit } : { limit };
    const { entries, skippedLines } = await ctx.call('journal.list', input);
    const rows = entries.map((e) => [
      e.id,
      e.time,
      e.operation,
      e.endpointId,
      String(e.policies.length),
      e.outcome + (e.restoredBy ? ` (restored by ${e.restoredBy})` : ''),
      e.user,
    ]);
    // A torn or hand-edited line is skipped, not fatal: say so, so a damaged audit log is noticed.
    const where = ctx.remote ? `the journal on ${ctx.remote}` : 'the journal';
    const notes = skippedLines
      ? [
          `${plural(skippedLines, 'unreadable line')} of ${where} were skipped (a torn write or a hand edit); the file was not changed.`,
        ]
      : [];
    return {
      data: entries,
      lines: entries.length
        ? table(['ID', 'TIME', 'OP', 'ENDPOINT', 'POLICIES', 'OUTCOME', 'USER'], rows)
        : ['The journal is empty.'],
      notes,
    };
  },
};
