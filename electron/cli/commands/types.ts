import type { AppCore } from '../../ipc/app-core';
import type { Channel, Input, Output } from '../../ipc/contract';

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export interface GlobalOptions {
  backend?: 'windows' | 'simulated' | 'fake';
  state?: string;
  persist: boolean;
  json: boolean;
  journal?: string;
}

export interface CommandContext {
  globals: GlobalOptions;
  /** The assembled app core, created on first use (so `--help` never touches HNS). */
  core(): Promise<AppCore>;
  /** Routes through the same contract validation the GUI uses; throws CommandFailure on !ok. */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}

export interface CommandOutput {
  /** What --json prints. */
  data: unknown;
  /** Human output for stdout. */
  lines: string[];
  /** Notes for stderr (warnings, read-back mismatches, journal ids). */
  notes?: string[];
  /** Exit code when the command completed but reports a failure (e.g. some endpoints of a bulk add). */
  exitCode?: number;
}

export interface ParsedCommand {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/**
 * One CLI verb. A command declares its options (node:util parseArgs spec, global options are added
 * by the runner) and how many positionals it takes; the runner parses, checks counts, assembles the
 * core lazily and prints the result.
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Usage after the program name, e.g. "remove <endpoint> <n>". */
  usage: string;
  /** Extra lines for `<command> --help`. */
  help?: string[];
  options?: Record<string, OptionSpec>;
  positionals: { min: number; max: number };
  /** Rewrites argv before parsing (e.g. `--docker` with an optional value). */
  preprocess?: (args: string[]) => string[];
  run(ctx: CommandContext, args: ParsedCommand): Promise<CommandOutput>;
}

/**
 * A command that parses its own arguments and prints itself (argv in, exit code out), such as
 * `diagnose` and `explain`. The runner removes the global options (--backend, --state, --persist,
 * --journal; --json is left in argv for the command) and hands over the assembled services.
 */
export interface PassthroughCommand {
  name: string;
  summary: string;
  usage: string;
  passthrough(
    services: { hns: AppCore['ctx']['hns']; journal: AppCore['ctx']['journal'] },
    argv: string[],
    io: { out(text: string): void; err(text: string): void },
  ): Promise<number>;
}

export type AnyCommand = CliCommand | PassthroughCommand;

export function isPassthrough(c: AnyCommand): c is PassthroughCommand {
  return 'passthrough' in c;
}
