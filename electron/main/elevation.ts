// Elevation on Windows. HNS writes need an elevated process; without one the app runs read-only
// (ctx.elevated = false → hns.info reports readOnly, the renderer shows the banner) and offers
// "Restart as administrator". The shell32 binding (native/windows/shell32.ts) is loaded lazily and
// only on win32, so other platforms and unit tests never touch native code.
import type { Shell32 } from '../../native/windows/shell32';

import { parseMainArgs } from './lifecycle';

export { loadShell32, type Shell32 } from '../../native/windows/shell32';

export interface ElevationLog {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

export interface ElevationState {
  elevated: boolean;
  /** Why, for the log and the banner. */
  reason: string;
}

/**
 * Off Windows there is no elevation to have (the simulator and snapshots need none): report elevated.
 * On Windows, ask shell32; if that cannot be answered, fail safe to read-only.
 */
export async function detectElevation(
  platform: NodeJS.Platform,
  load: () => Promise<Shell32>,
  log: ElevationLog,
): Promise<ElevationState> {
  if (platform !== 'win32') return { elevated: true, reason: `No elevation on ${platform}.` };
  try {
    const shell32 = await load();
    const elevated = shell32.isUserAnAdmin();
    log.info(`Elevated: ${elevated}`);
    return elevated
      ? { elevated, reason: 'Running as administrator.' }
      : { elevated, reason: 'Not running as administrator.' };
  } catch (e) {
    log.warn('Elevation check failed; running read-only', e);
    return { elevated: false, reason: 'Could not determine elevation.' };
  }
}

/** Quotes one argument so CommandLineToArgvW gives it back unchanged. */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/**
 * What the elevated instance is started with: the app's own flags as parseMainArgs reads them, and in
 * development the app path Electron needs. Everything else on the command line is dropped — Chromium and
 * Node switches (--remote-debugging-port, --inspect, --js-flags, --no-sandbox, …) put there by whoever
 * started this non-elevated instance would otherwise be handed to an administrator process.
 */
export function ownArgs(args: readonly string[], packaged: boolean): string[] {
  const out: string[] = [];
  const first = args[0];
  if (!packaged && first !== undefined && !first.startsWith('-')) out.push(first);
  const own = parseMainArgs(args);
  if (own.backend) out.push('--backend', own.backend);
  if (own.stateFile) out.push('--state', own.stateFile);
  return out;
}

export interface RestartDeps {
  platform: NodeJS.Platform;
  elevated: boolean;
  execPath: string;
  /** process.argv.slice(1): the app path in development, the user's flags in both. Filtered by ownArgs. */
  args: string[];
  /** app.isPackaged; only an unpackaged (development) run forwards its app path. Default: packaged. */
  packaged?: boolean;
  cwd: string;
  load: () => Promise<Shell32>;
  /** The new instance must be able to take the single-instance lock. */
  releaseLock(): void;
  reacquireLock(): void;
  quit(): void;
  log: ElevationLog;
}

/**
 * The app.restartElevated handler: relaunch through ShellExecute "runas" (the UAC prompt), then quit.
 * Takes no renderer input at all: the executable and arguments are this process's own.
 */
export function makeRestartElevated(deps: RestartDeps): () => Promise<{ started: boolean }> {
  return async () => {
    if (deps.platform !== 'win32' || deps.elevated) return { started: false };
    const params = ownArgs(deps.args, deps.packaged !== false)
      .map(quoteWindowsArg)
      .join(' ');
    deps.releaseLock();
    try {
      const shell32 = await deps.load();
      const hinstance = await shell32.shellExecute('runas', deps.execPath, params, deps.cwd);
      // ShellExecute reports success with a value greater than 32; 5 means the user said no.
      if (hinstance > 32) {
        deps.log.info('Relaunched elevated; quitting this instance.');
        setTimeout(() => deps.quit(), 50);
        return { started: true };
      }
      deps.log.warn(`Restart as administrator declined or failed (ShellExecute ${hinstance}).`);
    } catch (e) {
      deps.log.warn('Restart as administrator failed', e);
    }
    deps.reacquireLock();
    return { started: false };
  };
}
