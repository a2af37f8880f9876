import type { App } from 'electron';
import type { BackendKind } from '../../native/hns-client';

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

export interface MainArgs {
  backend?: BackendKind;
  stateFile?: string;
}

const BACKENDS: readonly BackendKind[] = ['windows', 'simulated', 'fake'];

/** `--backend windows|simulated|fake` and `--state FILE` (either `--x v` or `--x=v`); anything else is ignored. */
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
    if (value === undefined) break;
    if (flag === '--backend' && (BACKENDS as string[]).includes(value)) out.backend = value as BackendKind;
    if (flag === '--state') out.stateFile = value;
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
