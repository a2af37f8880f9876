import type { BrowserWindow, MessageBoxOptions, MessageBoxReturnValue } from 'electron';

export interface ConfirmQuestion {
  title: string;
  detail: string;
  action: string;
}

interface DialogLike {
  showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

/**
 * A question only the person at the screen can answer: a native message box drawn by the elevated
 * main process, which nothing in the renderer can click or fake. Cancel is the default button, so
 * Enter or Esc never consents.
 */
export function nativeConfirm(dialog: DialogLike, window: () => BrowserWindow | null) {
  return async (q: ConfirmQuestion): Promise<boolean> => {
    const options: MessageBoxOptions = {
      type: 'question',
      buttons: [q.action, 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
      title: q.title,
      message: q.title,
      detail: q.detail,
    };
    const w = window();
    const r = w ? await dialog.showMessageBox(w, options) : await dialog.showMessageBox(options);
    return r.response === 0;
  };
}
