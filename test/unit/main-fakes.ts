// Test doubles for the Electron objects the main-process modules touch. Not a test file itself.
import { vi } from 'vitest';

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
