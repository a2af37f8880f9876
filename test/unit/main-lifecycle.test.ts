import { describe, expect, it, vi } from 'vitest';
import type { App } from 'electron';
import { claimSingleInstance, closeBeforeQuit, parseMainArgs } from '../../electron/main/lifecycle';
import { FakeEmitter, fakeEvent } from '../support/electron-fakes';

vi.mock('electron', () => ({}));

function fakeApp(gotLock: boolean) {
  const app = new FakeEmitter() as FakeEmitter & {
    requestSingleInstanceLock: ReturnType<typeof vi.fn>;
    quit: ReturnType<typeof vi.fn>;
  };
  app.requestSingleInstanceLock = vi.fn(() => gotLock);
  app.quit = vi.fn();
  return app;
}

describe('single-instance lock', () => {
  it('a second instance quits at once', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app as unknown as App, () => null)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('the first instance keeps the lock and focuses its window when launched again', () => {
    const app = fakeApp(true);
    const win = { isDestroyed: () => false, isMinimized: () => true, restore: vi.fn(), focus: vi.fn() };
    expect(claimSingleInstance(app as unknown as App, () => win)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['x.exe'], 'C:\\');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});

describe('parseMainArgs', () => {
  it('reads --backend and --state in both spellings and ignores the rest', () => {
    expect(parseMainArgs(['.', '--backend', 'simulated', '--state=C:\\a b.json'])).toEqual({
      backend: 'simulated',
      stateFile: 'C:\\a b.json',
    });
    expect(parseMainArgs(['--backend=windows', '--inspect=9229', '--no-sandbox'])).toEqual({
      backend: 'windows',
    });
  });

  it('knows only windows and simulated: the fake backend (test code) is refused with the allowed names', () => {
    for (const argv of [['--backend', 'fake'], ['--backend=fake']])
      expect(() => parseMainArgs(argv)).toThrow(
        '--backend: Unknown backend "fake": this build knows windows and simulated. The fake backend',
      );
    expect(() => parseMainArgs(['.', '--backend=evil'])).toThrow(
      new Error('--backend: Unknown backend "evil": this build knows windows and simulated.'),
    );
  });

  it('a flag without its value is an error, not ignored', () => {
    expect(() => parseMainArgs(['--backend'])).toThrow(
      new Error('--backend needs a value: windows or simulated.'),
    );
    expect(() => parseMainArgs(['--backend='])).toThrow(
      new Error('--backend needs a value: windows or simulated.'),
    );
    expect(() => parseMainArgs(['--backend=simulated', '--state'])).toThrow(
      new Error('--state needs a file path (a snapshot to seed the simulated backend).'),
    );
  });
});

describe('closeBeforeQuit', () => {
  it('holds the first quit until the core has closed, then quits for real', async () => {
    const app = fakeApp(true);
    let release!: () => void;
    const core = { close: vi.fn(() => new Promise<void>((r) => (release = r))) };
    closeBeforeQuit(app as unknown as App, () => core, { error: vi.fn() });
    const first = fakeEvent();
    app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1), { timeout: 20_000 });
    const second = fakeEvent();
    app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(core.close).toHaveBeenCalledTimes(1);
  });

  it('quits even when closing fails, and logs it', async () => {
    const app = fakeApp(true);
    const log = { error: vi.fn() };
    closeBeforeQuit(
      app as unknown as App,
      () => ({ close: async () => Promise.reject(new Error('flush')) }),
      log,
    );
    app.emit('will-quit', fakeEvent());
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled(), { timeout: 20_000 });
    expect(log.error).toHaveBeenCalled();
  });
});
