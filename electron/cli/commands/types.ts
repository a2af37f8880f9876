import type { AppCore } from '../../ipc/app-core';
import type { Channel, Input, Output } from '../../ipc/contract';

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export interface GlobalOptions {
  /** windows, simulated, or a backend the entry registered (source checkouts: fake). */
  backend?: string;
  state?: string;
  persist: boolean;
  json: boolean;
  journal?: string;
  /** --hns-version: the HNS version to assume for the --state snapshot. */
  hnsVersion?: { major: number; minor: number };
  /** --force: allow changes when the HNS version cannot be read (journalled as versionUnverified). */
  force?: boolean;
}

export interface CommandContext {
  globals: GlobalOptions;
  /** With --node: the node's label (ssh://…, k8s://…); every call goes to its agent and core() is refused. */
  remote?: string;
  /** The assembled app core, created on first use (so `--help` never touches HNS). */
  core(): Promise<AppCore>;
  /**
   * For commands that run until stopped (watch): prints one item now, `line` as text or `data` as one
   * JSON line with --json. A streaming command returns `{ data: undefined, lines: [] }` at the end.
   */
  stream(item: { line: string; data: unknown }): void;
  /** Aborted on Ctrl+C (the process entry) or by the caller of runCli (tests). */
  signal: AbortSignal;
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
 * One CLI verb. Every command is one of these: it declares its options (node:util parseArgs spec;
 * the global options are added by the runner) and how many positionals it takes; the runner parses,
 * checks counts, assembles the core lazily, calls the command, prints the result (text or --json)
 * and maps errors to exit codes (UsageError 2, a validation AppError 2, any other AppError 1).
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
  /** Never changes anything: with --persist the state file is followed without taking its lock. */
  readsOnly?: boolean;
  /** Rewrites argv before parsing (e.g. `--docker` with an optional value). */
  preprocess?: (args: string[]) => string[];
  run(ctx: CommandContext, args: ParsedCommand): Promise<CommandOutput>;
}
