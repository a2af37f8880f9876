import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { createBackend } from '../../native/backend';
import { CHANNELS, IPC_PREFIX } from '../ipc/contract';
import { createHandlers } from '../ipc/handlers';
import { createRouter } from '../ipc/router';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, serveAppFile } from './app-protocol';
import { windowOptions } from './window';

const isDev = !app.isPackaged;
const outDir = join(__dirname, '..');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

function isTrustedSender(frame: Electron.WebFrameMain | null, win: BrowserWindow | undefined): boolean {
  if (!frame || !win) return false;
  return frame === win.webContents.mainFrame && new URL(frame.url).origin === APP_ORIGIN;
}

async function main(): Promise<void> {
  await app.whenReady();
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  ses.protocol.handle(APP_SCHEME, (req) => serveAppFile(join(outDir, 'renderer'), req.url));

  const hns = await createBackend();
  const ctx = { hns, elevated: true, appVersion: app.getVersion(), platform: process.platform };
  const route = createRouter(createHandlers(ctx), { validateOutput: isDev });

  const win = new BrowserWindow(windowOptions(outDir, isDev));
  for (const channel of CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, (event, input) => {
      if (!isTrustedSender(event.senderFrame, win)) {
        console.warn(`IPC ${channel} dropped: untrusted sender ${event.senderFrame?.url ?? '?'}`);
        return { ok: false, error: { code: 'forbidden', message: 'Untrusted sender.' } };
      }
      return route(channel, input);
    });
  }
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
app.on('window-all-closed', () => app.quit());

main().catch((e) => {
  console.error(e);
  app.exit(1);
});
