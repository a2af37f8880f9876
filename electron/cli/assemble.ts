import pkg from '../../package.json';
import { SnapshotError } from '../../native/snapshot/parse';
import { AppFailure } from '../base/app-error';
import { acquireFileLock } from '../base/fs/file-lock';
import { createAppCore, type AppCore } from '../ipc/app-core';
import type { GlobalOptions } from './commands/types';
import { CommandFailure, UsageError } from './errors';
import type { CliIo, CliOptions } from './run';

// One CLI run's core: the state file's lock, the backend, the journal, elevation.

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

export async function makeCore(
  globals: GlobalOptions,
  io: CliIo,
  options: CliOptions,
  loaderWarnings: string[] = [],
  /** A command that never writes (watch) reads the file without holding its lock: writes are atomic. */
  readsOnly = false,
): Promise<AppCore> {
  // --persist: this run is the state file's only writer from before it reads it until it has closed
  // (two runs without it lost each other's updates). A live holder is waited for, then "busy".
  const lock =
    globals.persist && globals.state && !readsOnly
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
    // A journalPath refused by settings.set's check is bad input: exit 2, --journal named.
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
