import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { AppError, Result } from '../base/app-error';
import { CHANNELS, IPC_PREFIX } from '../ipc/contract';
import type { Router } from '../ipc/router';
import { isTrustedSender, type TrustedWindow } from './security';

export interface IpcLog {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export const FORBIDDEN: AppError = { code: 'forbidden', message: 'Untrusted sender.' };

/**
 * One ipcMain.handle per contract channel. The sender is checked here, in main, before the router
 * sees anything: a message from any frame other than our window's top-level app frame never reaches
 * input validation, let alone a service. What the window may send is the contract's (windowInput): the
 * router was created with origin 'window', and the browser harness uses the same rules.
 */
export function wireIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  route: Router,
  getWindow: () => TrustedWindow | null | undefined,
  log: IpcLog,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(
      IPC_PREFIX + channel,
      async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
        const frame = event.senderFrame;
        if (!isTrustedSender(frame, getWindow())) {
          log.warn(
            `IPC ${channel} dropped: untrusted sender ${String(frame?.url ?? '(no frame)').slice(0, 200)}`,
          );
          return { ok: false, error: FORBIDDEN };
        }
        try {
          return await route(channel, input);
        } catch (e) {
          // The router turns every failure into data; this is the belt to its braces.
          log.error(`IPC ${channel} threw`, e);
          return { ok: false, error: { code: 'internal', message: 'Internal error.' } };
        }
      },
    );
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}
