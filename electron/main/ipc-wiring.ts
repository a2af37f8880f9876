import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { AppError, Result } from '../core/app-error';
import { CHANNELS, IPC_PREFIX } from '../ipc/contract';
import type { Router } from '../ipc/router';
import { isTrustedSender, type TrustedWindow } from './security';

export interface IpcLog {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export const FORBIDDEN: AppError = { code: 'forbidden', message: 'Untrusted sender.' };

/**
 * Inputs the contract allows (the CLI and the harness use them) but the window may not send, because
 * the elevated main process would act on a renderer-chosen path. settings.journalPath would let a
 * compromised renderer make an administrator process append to any file on the machine.
 */
export function deniedFromRenderer(channel: string, input: unknown): AppError | null {
  if (
    channel === 'settings.set' &&
    input &&
    typeof input === 'object' &&
    Object.hasOwn(input, 'journalPath')
  ) {
    return {
      code: 'forbidden',
      field: 'journalPath',
      message:
        'The journal location cannot be changed from the window; set HCNPROXY_JOURNAL or edit settings.json.',
    };
  }
  return null;
}

/**
 * One ipcMain.handle per contract channel. The sender is checked here, in main, before the router
 * sees anything: a message from any frame other than our window's top-level app frame never reaches
 * input validation, let alone a service. The router itself is transport-agnostic (the harness uses it too).
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
        const denied = deniedFromRenderer(channel, input);
        if (denied) {
          log.warn(`IPC ${channel} refused: ${denied.field} may not be set from the renderer`);
          return { ok: false, error: denied };
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
