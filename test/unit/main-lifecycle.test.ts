import { describe, expect, it, vi } from 'vitest';
import type { App } from 'electron';
import { claimSingleInstance, parseMainArgs } from '../../electron/main/lifecycle';
import { FakeEmitter } from './main-fakes';

vi.mock('electron', () => ({}));

function fakeApp(gotLock: boolean) {
  const app = new FakeEmitter() as FakeEmitter & { requestSingleInstanceLock: ReturnType<typeof vi.fn>; quit: ReturnType<typeof vi.fn> };
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
    expect(parseMainArgs(['--backend=evil', '--inspect=9229', '--state'])).toEqual({});
  });
});
