// Test doubles for the Electron objects the main-process modules touch. Not a test file itself.
import { vi } from 'vitest';
import type { RestartDeps, Shell32 } from '../../electron/main/elevation';

export type Listener = (...args: unknown[]) => unknown;

/** An EventEmitter-ish fake that records listeners so tests can fire them. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on = vi.fn((event: string, fn: Listener) => {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  });
  once = this.on;
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((fn) => fn(...args));
  }
}

export function fakeEvent(extra: Record<string, unknown> = {}) {
  return { preventDefault: vi.fn(), defaultPrevented: false, ...extra };
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  mainFrame = { url: 'app://hcnproxy/index.html', parent: null };
  setWindowOpenHandler = vi.fn((h: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = h;
  });
  closeDevTools = vi.fn();
}

export class FakeSession extends FakeEmitter {
  permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null =
    null;
  permissionCheck: ((...args: unknown[]) => boolean) | null = null;
  deviceCheck: ((...args: unknown[]) => boolean) | null = null;
  beforeRequest: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
  setPermissionRequestHandler = vi.fn(
    (h: FakeSession['permissionRequest']) => void (this.permissionRequest = h),
  );
  setPermissionCheckHandler = vi.fn((h: FakeSession['permissionCheck']) => void (this.permissionCheck = h));
  setDevicePermissionHandler = vi.fn((h: FakeSession['deviceCheck']) => void (this.deviceCheck = h));
  webRequest = { onBeforeRequest: vi.fn((h: FakeSession['beforeRequest']) => void (this.beforeRequest = h)) };
  protocol = { handle: vi.fn() };
}

export const quietLog = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

/** A shell32 whose IsUserAnAdmin says `admin` and whose ShellExecute returns `hinstance` (> 32: started). */
export const fakeShell32 = (
  admin: boolean,
  hinstance = 42,
): Shell32 & { shellExecute: ReturnType<typeof vi.fn> } => ({
  isUserAnAdmin: () => admin,
  shellExecute: vi.fn(async () => hinstance),
});

/** makeRestartElevated's dependencies on a packaged, not elevated Windows app; `over` replaces any. */
export const restartDeps = (s: Shell32, over: Partial<RestartDeps> = {}) => ({
  platform: 'win32' as NodeJS.Platform,
  elevated: false,
  execPath: 'C:\\Program Files\\HCN Proxy Control\\HCN Proxy Control.exe',
  args: ['--state', 'C:\\snap shots\\a.json'],
  cwd: 'C:\\',
  load: async () => s,
  releaseLock: vi.fn(),
  reacquireLock: vi.fn(),
  quit: vi.fn(),
  log: quietLog(),
  ...over,
});
