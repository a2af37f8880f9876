import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  applySessionSecurity,
  applyWebContentsSecurity,
  isAllowedRequest,
  isAppUrl,
  isTrustedSender,
} from '../../electron/main/security';
import { FakeSession, FakeWebContents, fakeEvent, quietLog } from '../support/electron-fakes';

// security.ts imports only types from electron; the mock proves nothing reaches the real module.
vi.mock('electron', () => ({}));

function fakeWindow() {
  const mainFrame = { url: 'app://hcnproxy/index.html', parent: null };
  return { isDestroyed: () => false, webContents: { mainFrame } };
}

describe('isAppUrl', () => {
  it('accepts only app://hcnproxy', () => {
    expect(isAppUrl('app://hcnproxy/index.html')).toBe(true);
    expect(isAppUrl('app://hcnproxy/assets/x.js?y#z')).toBe(true);
    for (const bad of [
      'app://evil/index.html',
      'app://hcnproxy.evil/index.html',
      'https://hcnproxy/index.html',
      'file:///C:/app/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'javascript:alert(1)',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isAppUrl(bad), String(bad)).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts the top-level frame of our own window on the app origin', () => {
    const win = fakeWindow();
    expect(isTrustedSender(win.webContents.mainFrame, win)).toBe(true);
  });

  it('drops a foreign frame, a sub-frame, another origin, a destroyed window, no frame', () => {
    const win = fakeWindow();
    const lookalike = { url: 'app://hcnproxy/index.html', parent: null }; // same URL, different frame object
    expect(isTrustedSender(lookalike, win)).toBe(false);
    const sub = { url: 'app://hcnproxy/index.html', parent: win.webContents.mainFrame };
    expect(isTrustedSender(sub, { ...win, webContents: { mainFrame: sub } })).toBe(false);
    const navigated = { url: 'https://evil.example/', parent: null };
    expect(isTrustedSender(navigated, { ...win, webContents: { mainFrame: navigated } })).toBe(false);
    expect(isTrustedSender(win.webContents.mainFrame, { ...win, isDestroyed: () => true })).toBe(false);
    expect(isTrustedSender(null, win)).toBe(false);
    expect(isTrustedSender(win.webContents.mainFrame, null)).toBe(false);
  });
});

describe('applySessionSecurity', () => {
  it('denies every permission request and check', () => {
    const ses = new FakeSession();
    applySessionSecurity(ses as unknown as Session, quietLog());
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const cb = vi.fn();
      ses.permissionRequest?.({}, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(ses.permissionCheck?.({}, p, 'app://hcnproxy', {})).toBe(false);
    }
    expect(ses.deviceCheck?.({ deviceType: 'usb' })).toBe(false);
  });

  it("grants only sanitized clipboard write, only to the app's own top-level frame (Copy buttons)", () => {
    const ses = new FakeSession();
    const log = quietLog();
    applySessionSecurity(ses as unknown as Session, log);
    const request = ses.permissionRequest as unknown as (
      wc: unknown,
      p: string,
      cb: (g: boolean) => void,
      d: unknown,
    ) => void;
    const ask = (p: string, requestingUrl: string, isMainFrame: boolean) => {
      const cb = vi.fn();
      request({}, p, cb, { requestingUrl, isMainFrame });
      return {
        request: cb.mock.calls[0]?.[0] as boolean,
        check: ses.permissionCheck?.({}, p, requestingUrl, { requestingUrl, isMainFrame }),
      };
    };
    expect(ask('clipboard-sanitized-write', 'app://hcnproxy/index.html', true)).toEqual({
      request: true,
      check: true,
    });
    // Not for another origin, not for a sub-frame, and never clipboard read.
    expect(ask('clipboard-sanitized-write', 'https://evil.example/', true)).toEqual({
      request: false,
      check: false,
    });
    expect(ask('clipboard-sanitized-write', 'app://hcnproxy/index.html', false)).toEqual({
      request: false,
      check: false,
    });
    expect(ask('clipboard-read', 'app://hcnproxy/index.html', true)).toEqual({
      request: false,
      check: false,
    });
    expect(ask('media', 'app://hcnproxy/index.html', true)).toEqual({ request: false, check: false });
  });

  it('cancels every request that is not the app itself', () => {
    const ses = new FakeSession();
    applySessionSecurity(ses as unknown as Session, quietLog());
    const ask = (url: string) => {
      let r: { cancel: boolean } | undefined;
      ses.beforeRequest?.({ url }, (x) => (r = x));
      return r?.cancel;
    };
    expect(ask('app://hcnproxy/assets/index.js')).toBe(false);
    expect(ask('data:image/png;base64,AAAA')).toBe(false);
    expect(ask('https://attacker.example/exfil?d=1')).toBe(true);
    expect(ask('http://127.0.0.1:8080/')).toBe(true);
    expect(ask('file:///C:/Windows/win.ini')).toBe(true);
    expect(ask('ws://127.0.0.1/')).toBe(true);
    expect(isAllowedRequest('app://other/x')).toBe(false);
  });
});

describe('applyWebContentsSecurity', () => {
  const setup = (isDev: boolean) => {
    const wc = new FakeWebContents();
    const log = quietLog();
    applyWebContentsSecurity(wc as unknown as WebContents, { isDev, log });
    return { wc, log };
  };

  it('prevents navigation, frame navigation and redirects', () => {
    const { wc, log } = setup(false);
    for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const e = fakeEvent({ url: 'https://evil.example/' });
      wc.emit(ev, e, 'https://evil.example/');
      expect(e.preventDefault, ev).toHaveBeenCalled();
    }
    expect(log.warn).toHaveBeenCalled();
  });

  it('denies window.open', () => {
    const { wc } = setup(false);
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://hcnproxy/index.html' })).toEqual({ action: 'deny' });
  });

  it('denies attaching a webview', () => {
    const { wc } = setup(false);
    const e = fakeEvent();
    wc.emit('will-attach-webview', e, { preload: 'evil.js' }, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('closes DevTools in production, leaves them in development', () => {
    const prod = setup(false).wc;
    prod.emit('devtools-opened');
    expect(prod.closeDevTools).toHaveBeenCalled();
    const dev = setup(true).wc;
    dev.emit('devtools-opened');
    expect(dev.closeDevTools).not.toHaveBeenCalled();
  });
});
