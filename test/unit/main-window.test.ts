import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Array<Record<string, unknown>>);
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
  },
}));

const { createMainWindow } = await import('../../electron/main/window');

describe('createMainWindow', () => {
  it('applies the security checklist to webPreferences', () => {
    createMainWindow('/app/out', false);
    const prefs = created.at(-1)?.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(prefs.preload).toMatch(/[/\\]app[/\\]out[/\\]preload[/\\]index\.cjs$/);
    // Nothing that would loosen isolation is set at all.
    for (const k of [
      'enableBlinkFeatures',
      'enableRemoteModule',
      'additionalArguments',
      'partition',
      'session',
    ]) {
      expect(prefs, k).not.toHaveProperty(k);
    }
    expect(created.at(-1)?.show).toBe(false);
  });

  it('allows DevTools only in development', () => {
    createMainWindow('/app/out', true);
    expect((created.at(-1)?.webPreferences as Record<string, unknown>).devTools).toBe(true);
  });
});
