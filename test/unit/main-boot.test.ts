// Boots electron/main/index.ts against a mocked `electron` (as Electron Fiddle's main tests do) and
// checks the wiring: privileged scheme, sandbox, lock, session security, protocol, IPC, window URL.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../electron/ipc/contract';
import { FakeEmitter, FakeSession, FakeWebContents } from '../support/electron-fakes';

const m = vi.hoisted(() => ({
  state: { gotLock: true, isPackaged: false },
  calls: [] as string[],
  windows: [] as Array<{
    options: Record<string, unknown>;
    loadURL: ReturnType<typeof import('vitest').vi.fn>;
  }>,
  handles: new Map<string, unknown>(),
  coreOptions: [] as Array<Record<string, unknown>>,
  app: null as unknown as Record<string, unknown> & { emit(e: string, ...a: unknown[]): unknown[] },
  session: null as unknown as InstanceType<typeof import('../support/electron-fakes').FakeSession>,
  schemes: [] as unknown[],
}));

vi.mock('electron', async () => {
  const { FakeEmitter, FakeSession } = await import('../support/electron-fakes');
  const app = Object.assign(new FakeEmitter(), {
    requestSingleInstanceLock: vi.fn(() => (m.calls.push('lock'), m.state.gotLock)),
    releaseSingleInstanceLock: vi.fn(),
    enableSandbox: vi.fn(() => m.calls.push('enableSandbox')),
    whenReady: vi.fn(async () => void m.calls.push('whenReady')),
    quit: vi.fn(() => m.calls.push('quit')),
    exit: vi.fn(),
    getVersion: () => '9.9.9',
    getPath: (name: string) => `/tmp/hcn-boot-${name}`,
  });
  // A live getter (Object.assign would copy its value once).
  Object.defineProperty(app, 'isPackaged', { get: () => m.state.isPackaged });
  m.app = app as never;
  m.session = new FakeSession();
  class BrowserWindow extends FakeEmitter {
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    isDestroyed = () => false;
    webContents = { mainFrame: { url: 'app://hcnproxy/index.html', parent: null } };
    constructor(readonly options: Record<string, unknown>) {
      super();
      m.windows.push(this);
    }
  }
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: {
      handle: vi.fn((ch: string, h: unknown) => m.handles.set(ch, h)),
      removeHandler: vi.fn(),
      // Any listener main adds outside wireIpc would bypass the sender check: record it to fail the test.
      on: vi.fn((ch: string) => m.calls.push(`ipcMain.on:${ch}`)),
    },
    Menu: { setApplicationMenu: vi.fn((menu: unknown) => m.calls.push(`menu:${String(menu)}`)) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn((s: unknown[]) => (m.calls.push('schemes'), m.schemes.push(...s))),
    },
    session: { defaultSession: m.session },
  };
});
vi.mock('electron-log/node', () => {
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), transports: { file: {} } };
  return { default: log };
});
// On a Windows runner detectElevation would really ask shell32; keep the boot test the same everywhere.
vi.mock('../../electron/main/elevation', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../electron/main/elevation')>()),
  loadShell32: async () => ({ isUserAnAdmin: () => true, shellExecute: async () => 0 }),
}));
vi.mock('../../electron/ipc/app-core', () => ({
  createAppCore: vi.fn(async (options: Record<string, unknown>) => {
    m.coreOptions.push(options);
    return { ctx: {}, route: vi.fn(), close: vi.fn() };
  }),
}));

async function boot(state: { gotLock: boolean; isPackaged: boolean }) {
  Object.assign(m.state, state);
  vi.resetModules();
  await import('../../electron/main/index');
  // main() runs after whenReady and ends by loading the page: wait for that, not for a guessed delay
  // (a second instance quits synchronously, at import). The timeout is only a guard.
  if (state.gotLock)
    await vi.waitFor(() => expect(m.windows[0]?.loadURL).toHaveBeenCalled(), { timeout: 20_000 });
}

beforeEach(() => {
  m.calls.length = 0;
  m.windows.length = 0;
  m.handles.clear();
  m.coreOptions.length = 0;
  m.schemes.length = 0;
});

describe('main process boot', () => {
  it('registers app: as a standard secure scheme (no CSP bypass) and sandboxes every renderer, before ready', async () => {
    await boot({ gotLock: true, isPackaged: true });
    expect(m.calls.indexOf('schemes')).toBeLessThan(m.calls.indexOf('whenReady'));
    expect(m.calls.indexOf('enableSandbox')).toBeLessThan(m.calls.indexOf('whenReady'));
    expect(m.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('secures the session, serves the app protocol, wires every channel and loads app://hcnproxy', async () => {
    await boot({ gotLock: true, isPackaged: true });
    const ses = m.session as FakeSession;
    expect(ses.setPermissionRequestHandler).toHaveBeenCalled();
    expect(ses.setPermissionCheckHandler).toHaveBeenCalled();
    expect(ses.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect(ses.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(m.handles.size).toBe(CHANNELS.length);
    expect([...m.handles.keys()].every((ch) => ch.startsWith('hcnproxy:'))).toBe(true);
    expect(m.calls.filter((c) => c.startsWith('ipcMain.on'))).toEqual([]);
    // The default menu's Reload role would answer Ctrl+R/F5 before the renderer's refresh does.
    expect(m.calls).toContain('menu:null');
    const win = m.windows[0]!;
    expect(win.loadURL).toHaveBeenCalledWith('app://hcnproxy/index.html');
    expect((win.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    const opts = m.coreOptions[0]!;
    // The window's rules (contract windowInput): no journalPath from the renderer.
    expect(opts.origin).toBe('window');
    expect(opts.validateOutput).toBe(false); // packaged
    expect(opts.elevated).toBe(true); // not Windows, or an elevated Windows (shell32 faked above)
    expect(typeof opts.onError).toBe('function');
    expect(typeof opts.wrapHns).toBe('function');
    expect(typeof (opts.overrides as Record<string, unknown>)['app.restartElevated']).toBe('function');
  });

  it('checks outputs against the contract in development', async () => {
    await boot({ gotLock: true, isPackaged: false });
    expect(m.coreOptions[0]?.validateOutput).toBe(true);
    expect((m.windows[0]!.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
  });

  it('hardens every WebContents the app creates', async () => {
    await boot({ gotLock: true, isPackaged: true });
    const wc = new FakeWebContents();
    m.app.emit('web-contents-created', {}, wc);
    expect(wc.setWindowOpenHandler).toHaveBeenCalled();
    expect([...wc.listeners.keys()]).toEqual(
      expect.arrayContaining([
        'will-navigate',
        'will-frame-navigate',
        'will-attach-webview',
        'devtools-opened',
      ]),
    );
  });

  it('a second instance quits without starting anything', async () => {
    await boot({ gotLock: false, isPackaged: true });
    expect(m.calls).toContain('quit');
    expect(m.calls).not.toContain('whenReady');
    expect(m.coreOptions).toHaveLength(0);
    expect(m.windows).toHaveLength(0);
    void FakeEmitter;
  });
});
