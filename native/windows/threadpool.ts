// koffi's async calls run as Node-API async work, i.e. on libuv's thread pool (default 4 threads).
// With 4 threads at most 4 HNS calls overlap, whatever our own concurrency bound says. libuv reads
// UV_THREADPOOL_SIZE exactly once, when the pool is first used (the first fs/dns/crypto/zlib async
// call or koffi async call); after that, changing the variable does nothing. So every entry point
// raises it before anything can use the pool:
//  - bundles (Electron main: electron.vite.config.ts puts threadpool-init in the first chunk
//    required; the standalone exe: scripts/dist-cli.mjs) import threadpool-init first;
//  - source runs (`npm run cli`, the bin) start through bin/tsx-launch.cjs, which loads
//    threadpool-init before tsx's loader (whose async fs calls would start the pool at 4);
//  - `npm run bench` re-executes itself with the variable set.
// On Windows none of that works in-process: libuv reads the variable with the C runtime's getenv,
// and Node's process.env writes go to the Win32 environment block, which that copy never sees
// (libuv#4887, nodejs/help#1429; measured with node.exe 22 under Wine: 4 calls in flight after
// setting it as the first statement). So a Windows process started without it runs itself again
// with it set (relaunchWithThreadpool): the CLI waits for that child, the packaged app hands over to it.
// test/unit/entrypoint-threadpool.test.ts and dist-cli-wine.test.ts measure the calls in flight.
import { spawn, spawnSync } from 'node:child_process';

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

export interface RelaunchDeps {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** UV_THREADPOOL_SIZE as the process started (before raiseThreadpoolSize changed process.env). */
  startupSize?: string | undefined;
  /** 'cli' (Node), 'app' (packaged Electron) or 'dev-app' (Electron on sources: `electron .`, tests). */
  host?: 'cli' | 'app' | 'dev-app';
  run?: typeof spawnSync;
  start?: typeof spawn;
  exit?: (code: number) => never;
}

function currentHost(): 'cli' | 'app' | 'dev-app' {
  if (!process.versions.electron) return 'cli';
  return (process as { defaultApp?: boolean }).defaultApp ? 'dev-app' : 'app';
}

/**
 * Windows only, when the process did not start with a large enough UV_THREADPOOL_SIZE: runs this
 * program again with it set. The CLI waits for that child (stdio inherited) and exits with its status;
 * the packaged app starts it detached and quits before taking the single-instance lock, so the user
 * sees one app, started once more (one extra process start, ~the cost of launching the exe). Never
 * twice (a marker variable), never for an app run from sources (`electron .`: dev servers and
 * Playwright hold on to the first process), never elsewhere (setting the variable works there).
 * Returns whether it handed over (tests pass their own `run`, `start` and `exit`).
 */
export function relaunchWithThreadpool(deps: RelaunchDeps = {}): boolean {
  const {
    platform = process.platform,
    env = process.env,
    startupSize = startupThreadpoolSize,
    host = currentHost(),
    run = spawnSync,
    start = spawn,
    exit = process.exit,
  } = deps;
  if (platform !== 'win32' || host === 'dev-app' || env[RELAUNCHED]) return false;
  const wanted = Math.min(1024, configuredHnsConcurrency(env));
  if (Number(startupSize) >= wanted) return false;
  const { file, args } = relaunchCommand();
  const childEnv = { ...env, UV_THREADPOOL_SIZE: String(wanted), [RELAUNCHED]: '1' };
  if (host === 'app') {
    try {
      start(file, args, { detached: true, stdio: 'ignore', env: childEnv }).unref();
    } catch {
      return false; // could not start it: carry on in this process, slower, never broken
    }
    exit(0);
    return true;
  }
  const r = run(file, args, { stdio: 'inherit', env: childEnv });
  // If the child could not start, carry on in this process: slower, never broken.
  if (r.error) return false;
  exit(r.status ?? 1);
  return true;
}

/** What the process started with (raiseThreadpoolSize changes process.env afterwards). */
const startupThreadpoolSize = process.env.UV_THREADPOOL_SIZE;
