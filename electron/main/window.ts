import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/** Electron security checklist, applied to the only window the app opens. */
export function secureWebPreferences(preloadPath: string, isDev: boolean): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
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
    spellcheck: false,
    devTools: isDev,
  };
}

export function windowOptions(outDir: string, isDev: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'HCN Proxy Control',
    backgroundColor: '#121212',
    webPreferences: secureWebPreferences(join(outDir, 'preload', 'index.cjs'), isDev),
  };
}
