import type { BrowserWindow, MessageBoxOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { nativeConfirm } from '../../electron/main/native-confirm';

// Remote log-ins and host-key trust are confirmed by main's own message box (remote/fleet.ts confirm).
function fakeDialog(response: number) {
  const calls: { window?: unknown; options: MessageBoxOptions }[] = [];
  const showMessageBox = async (a: unknown, b?: MessageBoxOptions) => {
    calls.push(b ? { window: a, options: b } : { options: a as MessageBoxOptions });
    return { response, checkboxChecked: false };
  };
  return { calls, dialog: { showMessageBox } as never };
}

const q = { title: 'Connect to ssh://admin@n1?', detail: 'will log in', action: 'Connect' };

describe('nativeConfirm', () => {
  it('consents only on the action button, with Cancel as the default and the escape answer', async () => {
    const win = {} as BrowserWindow;
    const yes = fakeDialog(0);
    expect(await nativeConfirm(yes.dialog, () => win)(q)).toBe(true);
    expect(yes.calls[0]).toMatchObject({
      window: win,
      options: {
        buttons: ['Connect', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: q.title,
        detail: q.detail,
      },
    });
    const no = fakeDialog(1);
    expect(await nativeConfirm(no.dialog, () => win)(q)).toBe(false);
  });

  it('still asks when the window is gone (no parent)', async () => {
    const d = fakeDialog(1);
    expect(await nativeConfirm(d.dialog, () => null)(q)).toBe(false);
    expect(d.calls[0]!.window).toBeUndefined();
  });
});
