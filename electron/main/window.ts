import { join } from 'node:path';
import { BrowserWindow } from 'electron';

/**
 * The only window the app opens. Every applicable item of Electron's security checklist is set here,
 * as literals (so electronegativity can check them too): isolated, sandboxed, no Node, web security
 * on, no webview, no insecure content, no experimental or auxclick features, DevTools only in development.
 */
export function createMainWindow(outDir: string, isDev: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'HCN Proxy Control',
    backgroundColor: '#121212',
    webPreferences: {
      // Reviewed (electronegativity PRELOAD_JS_CHECK asks for a manual review of every preload): it only
      // calls contextBridge.exposeInMainWorld('hcnproxy', buildApi(...)), one invoke per contract channel,
      // never ipcRenderer itself; test/unit/main-preload.test.ts holds it to that.
      preload: join(outDir, 'preload', 'index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: isDev,
    },
  });
}
