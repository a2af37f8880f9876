import { add } from './add';
import { clear } from './clear';
import { DIAGNOSE_USAGE, runDiagnose } from './diagnose';
import { EXPLAIN_USAGE, runExplain } from './explain';
import { endpoints } from './endpoints';
import { journal } from './journal';
import { list } from './list';
import { lookup } from './lookup';
import { remove } from './remove';
import { restore } from './restore';
import { serve } from './serve';
import type { AnyCommand } from './types';
import { version } from './version';

/**
 * The command registry: `hcnproxyctl <name> ...` runs the entry with that name.
 *
 * To add a command (e.g. `diagnose` or `explain`):
 *   1. create electron/cli/commands/<name>.ts exporting a `CliCommand` (see ./types.ts): name,
 *      summary, usage, its own options (node:util parseArgs spec; --backend/--state/--persist/--json/
 *      --journal are added by the runner), positional counts, and `run(ctx, args)`;
 *   2. in `run`, call services through `ctx.call('<channel>', input)` — the same contract validation
 *      and AppError shapes as the GUI — and return `{ data, lines, notes? }`: `data` is what --json
 *      prints, `lines` go to stdout, `notes` to stderr;
 *   3. import it here and add it to COMMANDS (one line). Help, usage errors (exit 2), service failures
 *      (exit 1, or 2 for validation) and --json come from the runner (../run.ts).
 * A command that parses its own argv and returns an exit code (diagnose, explain) registers as a
 * PassthroughCommand instead: `{ name, summary, usage, passthrough: (services, argv, io) => code }`.
 * Tests: test/unit/cli-*.test.ts call runCli(argv, io) in-process.
 */
export const COMMANDS: readonly AnyCommand[] = [
  endpoints,
  list,
  add,
  remove,
  clear,
  restore,
  journal,
  lookup,
  {
    name: 'diagnose',
    summary: 'Find misconfigured proxy policies on the node or one endpoint.',
    usage: DIAGNOSE_USAGE,
    passthrough: runDiagnose,
  },
  {
    name: 'explain',
    summary: 'Would HNS redirect this connection to the proxy, and why (not)?',
    usage: EXPLAIN_USAGE,
    passthrough: runExplain,
  },
  version,
  serve,
];

export function findCommand(name: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export type { AnyCommand, CliCommand } from './types';
