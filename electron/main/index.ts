// Electron main: lifecycle only. Every decision lives in a small module tested with electron mocked
// (security.ts, ipc-wiring.ts, window.ts, elevation.ts, logging.ts, lifecycle.ts).
// Must stay the first import: libuv sizes its thread pool on first use (HNS calls run there).
import { threadpoolRelaunch } from '../../native/windows/threadpool-init';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
// electron-log's Node flavour: 'electron-log/main' registers its own ipcMain channel (__ELECTRON_LOG__)
// that no sender check guards; we need none of its renderer bridge. The file goes to app.getPath('logs').
import log from 'electron-log/node';
import { createAppCore, type AppCore } from '../ipc/app-core';
import { fleetHost } from '../remote/fleet-handlers';
import { APP_HOST, APP_SCHEME, serveAppFile } from './app-protocol';
import { detectElevation, loadShell32, makeRestartElevated } from './elevation';
import { wireIpc } from './ipc-wiring';
import { claimSingleInstance, closeBeforeQuit, parseMainArgs } from './lifecycle';
import { configureFileLog, nodeNoteLogger, routerErrorLogger, withHnsErrorLogging } from './logging';
import { applySessionSecurity, applyWebContentsSecurity } from './security';
import { createMainWindow } from './window';
import { nativeConfirm } from './native-confirm';

const isDev = !app.isPackaged;
const outDir = join(__dirname, '..');
let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

// Must happen before 'ready': app: is a standard, secure scheme (so it gets an origin and fetch).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// Every renderer sandboxed, whatever a BrowserWindow says.
app.enableSandbox();

app.on('web-contents-created', (_e, contents) => applyWebContentsSecurity(contents, { isDev, log }));
app.on('window-all-closed', () => app.quit());
closeBeforeQuit(app, () => core, log);

async function main(): Promise<void> {
  await app.whenReady();
  // No application menu: Electron's default one reloads the window on Ctrl+R / F5, which the app
  // uses for "refresh the endpoint list". Text editing keys still work in Windows text fields.
  Menu.setApplicationMenu(null);
  log.info(
    `HCN Proxy Control ${app.getVersion()} starting; log file ${configureFileLog(log.transports.file, app.getPath('logs'))}`,
  );
  if (threadpoolRelaunch.failure) log.warn(`Thread pool: ${threadpoolRelaunch.failure}`);

  const ses = session.defaultSession;
  applySessionSecurity(ses, log);
  ses.protocol.handle(APP_SCHEME, (req) => serveAppFile(join(outDir, 'renderer'), req.url));

  const elevation = await detectElevation(process.platform, loadShell32, log);
  const args = parseMainArgs(process.argv.slice(1));
  core = await createAppCore({
    ...args,
    // Every call comes from the window: the contract's window rules (no journalPath, ...).
    origin: 'window',
    elevated: elevation.elevated,
    appVersion: app.getVersion(),
    settingsPath: join(app.getPath('userData'), 'settings.json'),
    // Outputs are checked against the contract in development and test runs (unpackaged).
    validateOutput: isDev || process.env.HCNPROXY_VALIDATE_OUTPUT === '1',
    onError: routerErrorLogger(log),
    // The node switcher: SSH nodes the user adds, the kubeconfig's Windows nodes when the user asks
    // for them (remote/fleet.ts). Nothing is read or dialled at start.
    hostHandlers: fleetHost({
      // A node's words (its stderr, its errors, the API server's messages) are data: one escaped line.
      onNote: nodeNoteLogger(log),
      // Using the admin's SSH key, agent or kubeconfig, trusting a host key, running a kubeconfig's
      // plugin: each is confirmed in main, never by the window alone.
      confirm: nativeConfirm(dialog, () => mainWindow),
    }),
    wrapHns: (hns) => withHnsErrorLogging(hns, log),
    overrides: {
      'app.restartElevated': makeRestartElevated({
        platform: process.platform,
        elevated: elevation.elevated,
        execPath: process.execPath,
        args: process.argv.slice(1),
        packaged: app.isPackaged,
        cwd: process.cwd(),
        load: loadShell32,
        releaseLock: () => app.releaseSingleInstanceLock(),
        reacquireLock: () => void app.requestSingleInstanceLock(),
        quit: () => app.quit(),
        log,
      }),
    },
  });

  mainWindow = createMainWindow(outDir, isDev);
  const win = mainWindow;
  wireIpc(ipcMain, core.route, () => mainWindow, log);
  win.on('closed', () => (mainWindow = null));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
}

// Handing over to the relaunched child (threadpool.ts): start nothing, not even the lock it needs.
if (!threadpoolRelaunch.handingOver && claimSingleInstance(app, () => mainWindow)) {
  main().catch((e: unknown) => {
    log.error('Start-up failed', e);
    dialog.showErrorBox('HCN Proxy Control could not start', e instanceof Error ? e.message : String(e));
    app.exit(1);
  });
}
