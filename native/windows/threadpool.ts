// koffi's async calls run as Node-API async work, i.e. on libuv's thread pool (default 4 threads).
// With 4 threads at most 4 HNS calls overlap, whatever our own concurrency bound says. libuv reads
// UV_THREADPOOL_SIZE exactly once, when the pool is first used (the first fs/dns/crypto/zlib async
// call or koffi async call); after that, changing the variable does nothing. So every entry point
// raises it before anything can use the pool:
//  - bundles (Electron main: electron.vite.config.ts puts threadpool-init in the first chunk
//    required; the standalone exe: scripts/dist-cli.mjs) import threadpool-init first;
//  - the bin requires the CLI bundle (scripts/build-cli.mjs), threadpool-init its first module;
//  - `npm run cli` starts through bin/tsx-launch.cjs, which loads threadpool-init before tsx's
//    loader (whose async fs calls would start the pool at 4);
//  - `npm run bench` re-executes itself with the variable set.
// On Windows, libuv before 1.52.0 reads the variable with the C runtime's getenv, and Node's
// process.env writes go to the Win32 environment block, which that copy never sees (libuv#4887,
// nodejs/help#1429; measured with node.exe 22 under Wine: 4 calls in flight after setting it as the
// first statement). libuv 1.52.0 reads it with uv_os_getenv instead (libuv commit 271d173b6, "look up
// UV_THREADPOOL_SIZE with uv_os_getenv", first in v1.52.0), which sees process.env's writes. So only
// a Windows process on an older libuv starts without it runs itself again with it set
// (relaunchWithThreadpool): the standalone exe (Node 22.22.2: process.versions.uv 1.51.0, measured);
// not Electron 45 (Node 24.18+, libuv 1.52.1: Electron 44's release notes name Node 24.18.1, and
// Node 24.18's deps/uv is 1.52.1 — inferred for 45 from those two; process.versions.uv decides at
// run time). The CLI waits for that child; the packaged app waits until the child has started
// ('spawn') and hands over to it.
// test/unit/threadpool-relaunch.test.ts, entrypoint-threadpool.test.ts and dist-cli-wine.test.ts.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';

export const DEFAULT_HNS_CONCURRENCY = 16;

/** Most HNS calls in flight at once: HCNPROXY_HNS_CONCURRENCY when a positive integer, else 16. */
export function configuredHnsConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HCNPROXY_HNS_CONCURRENCY);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_HNS_CONCURRENCY;
}

/** Sets UV_THREADPOOL_SIZE to at least `min` (libuv caps it at 1024) unless already larger. */
export function raiseThreadpoolSize(min: number = configuredHnsConcurrency()): number {
  const current = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const wanted = Math.min(1024, Math.max(current, min));
  if (wanted !== current || !process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(wanted);
  return wanted;
}

const RELAUNCHED = 'HCNPROXY_THREADPOOL_RELAUNCHED';

/**
 * The command line that starts this same program again. A single-executable app (the standalone
 * exe) has its own path as argv[1] as well as argv[0], and gets it inserted again on start.
 */
export function relaunchCommand(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  isSea: boolean = seaCheck(),
): { file: string; args: string[] } {
  const file = argv[0] ?? process.execPath;
  return isSea ? { file, args: argv.slice(2) } : { file, args: [...execArgv, ...argv.slice(1)] };
}

function seaCheck(): boolean {
  try {
    const sea = process.getBuiltinModule?.('node:sea') as { isSea?: () => boolean } | undefined;
    return sea?.isSea?.() === true;
  } catch {
    return false;
  }
}

/** The first libuv that reads UV_THREADPOOL_SIZE with uv_os_getenv (sees process.env's writes on Windows). */
export const LIBUV_READS_OS_ENV = [1, 52, 0] as const;

/**
 * Whether setting process.env.UV_THREADPOOL_SIZE in-process cannot reach libuv, so a relaunch is
 * needed: Windows with libuv before 1.52.0. An unreadable version counts as old (relaunch: slower,
 * never wrong). bin/tsx-launch.cjs applies the same rule before tsx can load this file.
 */
export function relaunchNeeded(platform: NodeJS.Platform, uvVersion: string | undefined): boolean {
  if (platform !== 'win32') return false;
  const parts = /^(\d+)\.(\d+)\.(\d+)/
    .exec(uvVersion ?? '')
    ?.slice(1)
    .map(Number);
  if (!parts) return true;
  for (let i = 0; i < 3; i++) {
    const [have, need] = [parts[i] as number, LIBUV_READS_OS_ENV[i] as number];
    if (have !== need) return have < need;
  }
  return false;
}

/** What the relaunch did, for the caller's log (the packaged app has no console). */
export interface RelaunchOutcome {
  /** This process is handing over to its child: start nothing (no lock, no window). */
  handingOver: boolean;
  /** The child could not be started: this process carries on, with libuv's default pool. */
  failure?: string;
}

/** A child process as relaunchWithThreadpool uses it (tests pass fakes). */
interface StartedChild {
  pid?: number | undefined;
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'error', listener: (e: Error) => void): unknown;
  unref(): void;
}

export interface RelaunchDeps {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** UV_THREADPOOL_SIZE as the process started (before raiseThreadpoolSize changed process.env). */
  startupSize?: string | undefined;
  /** process.versions.uv: the relaunch is only for a libuv that cannot see process.env's writes. */
  uvVersion?: string | undefined;
  /** 'cli' (Node), 'app' (packaged Electron) or 'dev-app' (Electron on sources: `electron .`, tests). */
  host?: 'cli' | 'app' | 'dev-app';
  run?: typeof spawnSync;
  start?: (file: string, args: string[], options: SpawnOptions) => StartedChild;
  exit?: (code: number) => never;
  /** Where a failed relaunch is reported when this process has a console (the CLI). */
  warn?: (text: string) => void;
}

function currentHost(): 'cli' | 'app' | 'dev-app' {
  if (!process.versions.electron) return 'cli';
  return (process as { defaultApp?: boolean }).defaultApp ? 'dev-app' : 'app';
}

/**
 * Windows on a libuv before 1.52, when the process did not start with a large enough
 * UV_THREADPOOL_SIZE: runs this program again with it set. The CLI waits for that child (stdio
 * inherited) and exits with its status. The packaged app starts it detached and exits once the child's
 * 'spawn' event says it started; until then `handingOver` tells the app to start nothing (no
 * single-instance lock for the child to trip on, no window). Never twice (a marker variable), never
 * for an app run from sources (`electron .`: dev servers and Playwright hold on to the first
 * process), never where setting the variable in-process works. A child that cannot be started is
 * reported (`failure`; the CLI also prints it) and this process carries on: slower, never broken.
 */
export function relaunchWithThreadpool(deps: RelaunchDeps = {}): RelaunchOutcome {
  const {
    platform = process.platform,
    env = process.env,
    startupSize = startupThreadpoolSize,
    uvVersion = process.versions.uv,
    host = currentHost(),
    run = spawnSync,
    start = spawn as unknown as NonNullable<RelaunchDeps['start']>,
    exit = process.exit,
    warn = (text: string) => void process.stderr.write(`${text}\n`),
  } = deps;
  const stay: RelaunchOutcome = { handingOver: false };
  if (!relaunchNeeded(platform, uvVersion) || host === 'dev-app' || env[RELAUNCHED]) return stay;
  const wanted = Math.min(1024, configuredHnsConcurrency(env));
  if (Number(startupSize) >= wanted) return stay;
  const { file, args } = relaunchCommand();
  const childEnv = { ...env, UV_THREADPOOL_SIZE: String(wanted), [RELAUNCHED]: '1' };
  const failed = (e: unknown): RelaunchOutcome => {
    const failure =
      `could not start itself again with UV_THREADPOOL_SIZE=${wanted} (${e instanceof Error ? e.message : String(e)}): ` +
      `carrying on with libuv's default 4 threads, so at most 4 HNS calls at once.`;
    if (host === 'cli') warn(`hcnproxyctl: ${failure}`);
    return { handingOver: false, failure };
  };
  if (host === 'cli') {
    const r = run(file, args, { stdio: 'inherit', env: childEnv });
    if (r.error) return failed(r.error);
    exit(r.status ?? 1);
    return { handingOver: true };
  }
  let child: StartedChild;
  try {
    child = start(file, args, { detached: true, stdio: 'ignore', env: childEnv });
  } catch (e) {
    return failed(e);
  }
  // Node knows at once whether CreateProcess failed (no pid) and says so with an 'error' event on the
  // next tick: then this process carries on. Otherwise it exits on 'spawn', and starts nothing before.
  if (child.pid === undefined) {
    child.once('error', () => undefined);
    return failed(new Error('the process was not created'));
  }
  child.once('spawn', () => {
    child.unref();
    exit(0);
  });
  // Node emits 'error' instead of 'spawn' only when there is no pid (handled above); if it ever did
  // here, this process has already given up its start: say so where it can, and exit non-zero.
  child.once('error', (e) => {
    warn(`HCN Proxy Control: ${failed(e).failure}`);
    exit(1);
  });
  return { handingOver: true };
}

/** What the process started with (raiseThreadpoolSize changes process.env afterwards). */
const startupThreadpoolSize = process.env.UV_THREADPOOL_SIZE;
