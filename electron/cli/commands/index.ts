import { add } from './add';
import { clear } from './clear';
import { diagnose } from './diagnose';
import { explain } from './explain';
import { endpoints } from './endpoints';
import { journal } from './journal';
import { list } from './list';
import { lookup } from './lookup';
import { remove } from './remove';
import { restore } from './restore';
import { serve } from './serve';
import type { CliCommand } from './types';
import { version } from './version';
import { watch } from './watch';

/**
 * The command registry: `hcnproxyctl <name> ...` runs the entry with that name.
 *
 * Every command goes through one framework (../run.ts). To add one:
 *   1. create electron/cli/commands/<name>.ts exporting a `CliCommand` (see ./types.ts): name,
 *      summary, usage, its own options (node:util parseArgs spec; --backend/--state/--persist/--json/
 *      --journal are added by the runner), positional counts, and `run(ctx, args)`;
 *   2. in `run`, call services through `ctx.call('<channel>', input)` — the same contract validation
 *      and AppError shapes as the GUI — and return `{ data, lines, notes? }`: `data` is what --json
 *      prints, `lines` go to stdout, `notes` to stderr;
 *   3. import it here and add it to COMMANDS (one line). Help, usage errors (exit 2), service failures
 *      (exit 1, or 2 for validation) and --json come from the runner (../run.ts).
 * A command never prints, parses argv or picks exit codes itself: bad input is `throw new UsageError`
 * (exit 2), everything else comes back from ctx.call as an AppError (../errors.ts maps it).
 * Tests: test/unit/cli-*.test.ts call runCli(argv, io) in-process.
 */
export const COMMANDS: readonly CliCommand[] = [
  endpoints,
  list,
  add,
  remove,
  clear,
  restore,
  journal,
  lookup,
  diagnose,
  explain,
  version,
  watch,
  serve,
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export type { CliCommand } from './types';
