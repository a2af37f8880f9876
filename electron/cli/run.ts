import { parseArgs } from 'node:util';
import type { BackendRegistry } from '../../native/backend';
import type { AppCore, AppCoreOptions } from '../ipc/app-core';
import type { Channel, Input, Output } from '../ipc/contract';
import { makeCore } from './assemble';
import { COMMANDS, findCommand } from './commands';
import type { CommandContext } from './commands/types';
import { CommandFailure, EXIT, UsageError } from './errors';
import { GLOBAL_OPTIONS, parseGlobals, splitCommand } from './globals';
import { openRemoteRouter, parseRemoteGlobals } from './remote-options';
import type { RemoteRouter } from '../remote/remote-router';
import { flagFor, terminalSafeIo } from './format';
import { safeJson, safeText } from '../core/safe-text';
import { commandUsage, usage } from './usage';

export { GLOBAL_OPTIONS } from './globals';
export { usage } from './usage';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

/** What the entry point (not the user) decides: electron/cli/main.ts passes nothing. */
export interface CliOptions {
  /**
   * Backends beyond windows and simulated. Only the source-run CLI (scripts/cli-source.ts) and the
   * tests register one (the fake, test/support/dev-backends.ts); the bin and any bundle never do.
   */
  extraBackends?: BackendRegistry;
  /** Stops a command that runs until stopped (watch); the process entry aborts it on Ctrl+C. */
  signal?: AbortSignal;
  /** Told when the command takes the signal, i.e. runs until stopped. */
  onStreaming?: () => void;
  /** More createAppCore options (tests: wrapHns to count HNS calls, overrides to stub a handler). */
  core?: Partial<AppCoreOptions>;
}

function failureText(e: CommandFailure): string {
  const { error } = e;
  const issues = error.issues?.length
    ? error.issues
    : error.field
      ? [{ field: error.field, code: error.code, message: error.message }]
      : [];
  if (error.code === 'validation' && issues.length) {
    return issues
      .map((i) => `${flagFor(i.field) ?? safeText(i.field)}: ${safeText(i.message)} [${i.code}]`)
      .join('\n');
  }
  // Messages quote input and HNS data: an LF in them must not start a line of its own.
  const parts = [safeText(error.message)];
  if (error.errorRecord) parts.push(`HNS error record: ${safeText(error.errorRecord)}`);
  return parts.join('\n');
}

/**
 * --json with snapshot-loader warnings: an object gains a `warnings` key; a list becomes
 * {data, warnings}. Without warnings the output is unchanged.
 */
function withWarnings(data: unknown, warnings: string[]): unknown {
  if (warnings.length === 0) return data;
  if (data && typeof data === 'object' && !Array.isArray(data)) return { ...data, warnings };
  return { data, warnings };
}

/** Runs one CLI invocation in-process and returns its exit code (tests call this directly). */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
  options: CliOptions = {},
): Promise<number> {
  const { name, rest } = splitCommand(argv);
  let json = argv.includes('--json');
  // Human output never reaches the terminal with control characters in it; --json stdout is passed
  // as is, its control and bidi characters already \u-escaped by safeJson.
  io = terminalSafeIo(io, () => json);
  let core: AppCore | undefined;
  let remote: RemoteRouter | undefined;
  const loaderWarnings: string[] = [];
  try {
    if (!name) {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.stdout(usage(options).join('\n'));
        return EXIT.ok;
      }
      throw new UsageError('Missing command.');
    }
    const cmd = name === 'help' ? undefined : findCommand(name);
    if (name === 'help') {
      const about = rest[0] ? findCommand(rest[0]) : undefined;
      io.stdout((about ? commandUsage(about) : usage(options)).join('\n'));
      return EXIT.ok;
    }
    if (!cmd)
      throw new UsageError(`Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    let parsed;
    try {
      parsed = parseArgs({
        args: cmd.preprocess ? cmd.preprocess(rest) : rest,
        options: { ...GLOBAL_OPTIONS, ...cmd.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(`${e instanceof Error ? e.message : String(e)}\nUsage: hcnproxyctl ${cmd.usage}`);
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values.help) {
      io.stdout(commandUsage(cmd).join('\n'));
      return EXIT.ok;
    }
    const globals = parseGlobals(values, options);
    // --node: the same commands, with the node's agent as the router (remote-options.ts).
    const remoteSpec = parseRemoteGlobals(values);
    json = globals.json;
    const { positionals } = parsed;
    if (positionals.length < cmd.positionals.min || positionals.length > cmd.positionals.max) {
      throw new UsageError(`Usage: hcnproxyctl ${cmd.usage}`);
    }
    const getCore = async () => {
      if (remoteSpec)
        throw new UsageError(`${cmd.name} works on this machine only; it cannot run with --node.`);
      return (core ??= await makeCore(globals, io, options, loaderWarnings, cmd.readsOnly));
    };
    const ctx: CommandContext = {
      globals,
      ...(remoteSpec ? { remote: remoteSpec.target.label } : {}),
      core: getCore,
      stream: ({ line, data }) => io.stdout(json ? safeJson(data) : line),
      get signal() {
        options.onStreaming?.();
        return options.signal ?? new AbortController().signal;
      },
      call: async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
        const route = remoteSpec
          ? (remote ??= openRemoteRouter(remoteSpec, (t) => io.stderr(`hcnproxyctl: ${safeText(t)}`))).route
          : (await getCore()).route;
        const r = await route(channel, input);
        if (!r.ok) throw new CommandFailure(r.error);
        return r.value as Output<C>;
      },
    };
    const out = await cmd.run(ctx, { positionals, values });
    for (const w of loaderWarnings) io.stderr(`hcnproxyctl: warning: ${w}`);
    if (json && out.data !== undefined) io.stdout(safeJson(withWarnings(out.data, loaderWarnings), 2));
    else if (out.lines.length) io.stdout(out.lines.join('\n'));
    if (out.notes?.length) io.stderr(out.notes.join('\n'));
    return out.exitCode ?? EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`hcnproxyctl: ${e.message}${name ? '' : `\n${usage(options).join('\n')}`}`);
      return EXIT.usage;
    }
    if (e instanceof CommandFailure) {
      if (json) io.stdout(safeJson({ ok: false, error: e.error }, 2));
      io.stderr(`hcnproxyctl: ${failureText(e)}`);
      return e.exitCode;
    }
    // Backend could not start, or a bug: still a clean message and exit 1.
    io.stderr(`hcnproxyctl: ${safeText(e instanceof Error ? e.message : String(e))}`);
    return EXIT.failed;
  } finally {
    await core?.close().catch(() => undefined);
    await remote?.close().catch(() => undefined);
  }
}

/** The process entry: argv in, process.exitCode out (electron/cli/main.ts, scripts/cli-source.ts). */
export function runMain(options: CliOptions = {}): void {
  const stop = new AbortController();
  let streaming = false;
  // Ctrl+C stops a command that runs until stopped (watch) cleanly: its connection closed, exit 0.
  // Any other command (or a second Ctrl+C) ends the process as Node would have.
  process.on('SIGINT', () => {
    if (streaming && !stop.signal.aborted) stop.abort();
    else process.exit(130);
  });
  const run = { signal: stop.signal, onStreaming: () => (streaming = true), ...options };
  runCli(process.argv.slice(2), processIo, run).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hcnproxyctl: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
