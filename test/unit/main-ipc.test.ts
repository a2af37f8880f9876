import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { CHANNELS, IPC_PREFIX } from '../../electron/ipc/contract';
import { wireIpc } from '../../electron/main/ipc-wiring';
import { quietLog } from '../support/electron-fakes';

vi.mock('electron', () => ({}));

type Handler = (event: { senderFrame: unknown }, input: unknown) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((ch: string, h: Handler) => void handlers.set(ch, h)),
    removeHandler: vi.fn((ch: string) => void handlers.delete(ch)),
  };
  const mainFrame = { url: 'app://hcnproxy/index.html', parent: null };
  const win = { isDestroyed: () => false, webContents: { mainFrame } };
  const route = vi.fn(async (_c: unknown, _i: unknown) => ({ ok: true as const, value: 'routed' }));
  const log = quietLog();
  const unwire = wireIpc(ipcMain as unknown as IpcMain, route, () => win, log);
  return { handlers, ipcMain, mainFrame, route, log, unwire };
}

describe('wireIpc', () => {
  it('registers exactly one handler per contract channel, with the prefix', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(CHANNELS.map((c) => IPC_PREFIX + c).sort());
  });

  it('routes messages from our top-level app frame', async () => {
    const { handlers, mainFrame, route } = setup();
    const r = await handlers.get(IPC_PREFIX + 'endpoints.list')!({ senderFrame: mainFrame }, {});
    expect(r).toEqual({ ok: true, value: 'routed' });
    expect(route).toHaveBeenCalledWith('endpoints.list', {});
  });

  it('drops and logs messages from a foreign sender frame; the router never sees them', async () => {
    const { handlers, route, log } = setup();
    const foreign = [
      { url: 'app://hcnproxy/index.html', parent: null }, // another window's frame
      { url: 'https://evil.example/', parent: null },
      { url: 'app://hcnproxy/index.html', parent: {} }, // an iframe
      null, // frame already gone
    ];
    for (const senderFrame of foreign) {
      for (const ch of ['policies.clear', 'app.restartElevated']) {
        const r = await handlers.get(IPC_PREFIX + ch)!({ senderFrame }, { endpointId: 'x' });
        expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'Untrusted sender.' } });
      }
    }
    expect(route).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(foreign.length * 2);
    expect(String(log.warn.mock.calls[1]?.[0])).toMatch(/app\.restartElevated dropped: untrusted sender/);
  });

  it('turns a throwing router into a typed error, never a rejected invoke', async () => {
    const { handlers, mainFrame, route } = setup();
    route.mockRejectedValueOnce(new Error('boom'));
    const r = await handlers.get(IPC_PREFIX + 'hns.info')!({ senderFrame: mainFrame }, {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('leaves what the window may send to the contract: the payload reaches the router untouched', async () => {
    // settings.set journalPath is refused by the router's window rules (contract windowInput; see
    // contract-origin.test.ts), not by a list kept here.
    const { handlers, mainFrame, route } = setup();
    const input = { journalPath: 'C:\\Windows\\System32\\x.dll' };
    await handlers.get(IPC_PREFIX + 'settings.set')!({ senderFrame: mainFrame }, input);
    expect(route).toHaveBeenCalledWith('settings.set', input);
  });

  it('can be unwired', () => {
    const { handlers, unwire } = setup();
    unwire();
    expect(handlers.size).toBe(0);
  });
});
