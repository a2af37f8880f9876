import type { App } from 'electron';
import { knownBackends, unknownBackendMessage } from '../../native/backend';
import type { BuiltInBackend } from '../../native/hns-client';

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

/**
 * One instance per user session: two elevated instances changing the same endpoints would race.
 * A second launch quits and focuses the first one instead.
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  getWindow: () => FocusableWindow | null | undefined,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}

/**
 * The packaged main process knows only the backends built in (knownBackends() with no registry:
 * windows and simulated). The fake one (koffi + the C library built from test/fixtures) is test code
 * and is never registered here (docs/security.md).
 */
export type MainBackend = BuiltInBackend;

export interface MainArgs {
  backend?: MainBackend;
  stateFile?: string;
}

/**
 * `--backend windows|simulated` and `--state FILE` (either `--x v` or `--x=v`); anything else is ignored
 * (Chromium's own switches land here too). A backend this process does not know, or a flag without its
 * value, is an error naming what is allowed: the app must not start on a backend nobody asked for.
 */
export function parseMainArgs(argv: readonly string[]): MainArgs {
  const out: MainArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (flag !== '--backend' && flag !== '--state') continue;
    const value = inline ?? argv[++i];
    const known = knownBackends();
    if (value === undefined || value === '')
      throw new Error(
        flag === '--backend'
          ? `--backend needs a value: ${known.join(' or ')}.`
          : '--state needs a file path (a snapshot to seed the simulated backend).',
      );
    if (flag === '--state') out.stateFile = value;
    else if (known.includes(value)) out.backend = value as MainBackend;
    else throw new Error(`--backend: ${unknownBackendMessage(value)}`);
  }
  return out;
}

/**
 * Holds the quit until the core has closed (the journal flushed, HNS handles released), once;
 * a failing close is logged and the app quits anyway.
 */
export function closeBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  getCore: () => { close(): Promise<void> } | null,
  log: { error(...args: unknown[]): void },
): void {
  let closing = false;
  app.on('will-quit', (event) => {
    const core = getCore();
    if (!core || closing) return;
    closing = true;
    event.preventDefault();
    core
      .close()
      .catch((e: unknown) => log.error('Closing the core failed', e))
      .finally(() => app.quit());
  });
}
