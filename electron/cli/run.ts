import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { knownBackends, unknownBackendMessage, type BackendRegistry } from '../../native/backend';
import { parseHnsVersion, SnapshotError } from '../../native/snapshot/parse';
import { createAppCore, type AppCore, type AppCoreOptions } from '../ipc/app-core';
import type { Channel, Input, Output } from '../ipc/contract';
import { COMMANDS, findCommand } from './commands';
import type { CliCommand, CommandContext, GlobalOptions, OptionSpec } from './commands/types';
import { CommandFailure, EXIT, UsageError } from './errors';
import { AppFailure } from '../base/app-error';
import { acquireFileLock } from '../base/fs/file-lock';
import { openRemoteRouter, parseRemoteGlobals, REMOTE_GLOBAL_OPTIONS, REMOTE_USAGE } from './remote-options';
import type { RemoteRouter } from '../remote/remote-router';
import { flagFor, terminalSafeIo } from './format';
import { safeJson, safeText } from '../core/safe-text';

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
  /** More createAppCore options (tests: wrapHns to count HNS calls, overrides to stub a handler). */
  core?: Partial<AppCoreOptions>;
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  backend: { type: 'string' },
  state: { type: 'string' },
  persist: { type: 'boolean' },
  json: { type: 'boolean' },
  journal: { type: 'string' },
  'hns-version': { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...REMOTE_GLOBAL_OPTIONS,
};
const TAKES_VALUE = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([k]) => `--${k}`),
);

export function usage(options: CliOptions = {}): string[] {
  const backends = knownBackends(options.extraBackends).join('|');
  return [
    'Usage: hcnproxyctl <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Global options:',
    `  --backend ${backends}`,
    '                     HNS backend (default: windows on Windows, simulated elsewhere; env HCNPROXY_BACKEND)',
    '  --state FILE       seed the simulator from a snapshot',
    '  --hns-version M.N  with --state: the HNS version the snapshot is treated as',
    '  --force            change a node whose HNS version cannot be read (journalled)',
    '  --persist          write changes back to --state FILE (app snapshot format)',
    '  --journal PATH     audit journal (default: the app data folder; env HCNPROXY_JOURNAL)',
    '  --json             machine-readable output on stdout',
    ...REMOTE_USAGE,
    '',
    'Exit codes: 0 done, 1 the operation failed, 2 bad usage or input. Messages go to stderr.',
  ];
}

function commandUsage(c: CliCommand): string[] {
  const help = c.help ?? [];
  return [
    `Usage: hcnproxyctl ${c.usage}`,
    '',
    c.summary,
    ...(help.length ? ['', ...help.map((l) => `  ${l}`)] : []),
  ];
}

/** The command is the first token that is neither an option nor a global option's value. */
function splitCommand(argv: string[]): { name?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (TAKES_VALUE.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}

function parseGlobals(values: Record<string, unknown>, options: CliOptions): GlobalOptions {
  const backend = typeof values.backend === 'string' ? values.backend : undefined;
  const known = knownBackends(options.extraBackends);
  if (backend !== undefined && !known.includes(backend))
    throw new UsageError(`--backend: ${unknownBackendMessage(backend, options.extraBackends)}`);
  const env = process.env.HCNPROXY_BACKEND;
  if (backend === undefined && env && !known.includes(env))
    throw new UsageError(`HCNPROXY_BACKEND: ${unknownBackendMessage(env, options.extraBackends)}`);
  const state = typeof values.state === 'string' ? values.state : undefined;
  if (state !== undefined && !existsSync(state)) throw new UsageError(`--state: cannot find ${state}.`);
  if (values.persist === true && !state)
    throw new UsageError('--persist needs --state FILE: it writes changes back to that file.');
  const g: GlobalOptions = { persist: values.persist === true, json: values.json === true };
  if (backend) g.backend = backend;
  if (state) g.state = state;
  if (typeof values.journal === 'string') g.journal = values.journal;
  if (values.force === true) g.force = true;
  if (typeof values['hns-version'] === 'string') {
    // A live node's version is read from HNS; the override is for snapshots, whose files often lack it.
    if (!state)
      throw new UsageError('--hns-version needs --state FILE: it sets the version a snapshot is treated as.');
    const v = parseHnsVersion(values['hns-version']);
    if (typeof v === 'string') throw new UsageError(`--hns-version: ${v}.`);
    g.hnsVersion = v;
  }
  return g;
}

async function detectElevated(): Promise<boolean> {
  if (process.platform !== 'win32') return true;
  try {
    const { loadShell32 } = await import('../../native/windows/shell32');
    return (await loadShell32()).isUserAnAdmin();
  } catch {
    // Cannot tell: let HNS decide (it answers E_ACCESSDENIED, which we report with its name).
    return true;
  }
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

async function makeCore(
  globals: GlobalOptions,
  io: CliIo,
  options: CliOptions,
  loaderWarnings: string[] = [],
): Promise<AppCore> {
  // --persist: this run is the state file's only writer from before it reads it until it has closed
  // (issue 13 item 8: concurrent runs lost updates). A live holder is waited for, then "busy".
  const lock =
    globals.persist && globals.state
      ? await acquireFileLock(globals.state, {
          timeoutMs: Number(process.env.HCNPROXY_LOCK_TIMEOUT_MS) || undefined,
        })
      : undefined;
  let core: AppCore;
  try {
    core = await createCoreFor(globals, options, loaderWarnings);
  } catch (e) {
    lock?.release();
    // A file that is not a snapshot (a network list, console output, …) is bad input: exit 2, saying what it is.
    if (e instanceof SnapshotError) throw new UsageError(`--state: ${e.message}`);
    // A journalPath refused by settings.set's check (issue 13 item 5) is bad input: exit 2, --journal named.
    throw e instanceof AppFailure && e.error.code === 'validation' ? new CommandFailure(e.error) : e;
  }
  if (lock) {
    const close = core.close;
    core.close = () => close().finally(() => lock.release());
  }
  // --state/--persist describe a simulated or fake node; real HNS is never seeded from or saved to a file.
  if (globals.state && core.ctx.hns.kind === 'windows') {
    io.stderr(
      `hcnproxyctl: warning: --state${globals.persist ? '/--persist' : ''} only apply to the simulated and fake backends; ${globals.state} is ignored.`,
    );
  }
  return core;
}

async function createCoreFor(
  globals: GlobalOptions,
  options: CliOptions,
  loaderWarnings: string[] = [],
): Promise<AppCore> {
  return createAppCore({
    ...(globals.hnsVersion ? { hnsVersion: globals.hnsVersion } : {}),
    // What the snapshot loader noticed (skipped lines, depth-truncated values): stderr and --json `warnings`.
    onSnapshotWarnings: (w) => loaderWarnings.push(...w),
    ...options.core,
    ...(options.extraBackends ? { extraBackends: options.extraBackends } : {}),
    ...(globals.backend ? { backend: globals.backend } : {}),
    ...(globals.state ? { stateFile: globals.state } : {}),
    persist: globals.persist,
    // --force: the user accepts changing a node whose HNS version cannot be read; each change journals it.
    ...(globals.force ? { unverifiedVersion: { by: '--force' } } : {}),
    ...(globals.journal ? { journalPath: globals.journal } : {}),
    elevated: await detectElevated(),
    appVersion: pkg.version,
    origin: 'cli',
  });
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
      return (core ??= await makeCore(globals, io, options, loaderWarnings));
    };
    const ctx: CommandContext = {
      globals,
      ...(remoteSpec ? { remote: remoteSpec.target.label } : {}),
      core: getCore,
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
    if (json) io.stdout(safeJson(withWarnings(out.data, loaderWarnings), 2));
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
  runCli(process.argv.slice(2), processIo, options).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hcnproxyctl: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
