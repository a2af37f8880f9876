import type { Session, WebContents } from 'electron';
import { safeText } from '../core/safe-text';
import { APP_HOST, APP_SCHEME } from './app-protocol';

export interface SecurityLog {
  warn(...args: unknown[]): void;
}

/**
 * True only for the packaged renderer's URLs (app://hcnproxy/…). Protocol and host are compared
 * directly: WHATWG URL gives non-special schemes such as app: the opaque origin "null".
 */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The parts of a WebFrameMain the sender check reads (structural, so tests need no Electron). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}
export interface TrustedWindow {
  isDestroyed(): boolean;
  readonly webContents: { readonly mainFrame: unknown };
}

/**
 * An IPC message is ours only if it comes from the top-level frame of our own window showing the
 * packaged app. Sub-frames, other windows, navigated-away pages and destroyed frames are refused.
 */
export function isTrustedSender(
  frame: SenderFrame | null | undefined,
  win: TrustedWindow | null | undefined,
): boolean {
  if (!frame || !win || win.isDestroyed()) return false;
  return frame === win.webContents.mainFrame && frame.parent === null && isAppUrl(frame.url);
}

/** Requests the renderer may make at all: its own files, inline data, and DevTools' own pages. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  return /^(data|blob|devtools):/i.test(url);
}

/**
 * The one permission granted, and only to the app's own top-level frame: sanitized clipboard *write*
 * (text the user copies with a Copy button, behind a user gesture). Electron routes
 * navigator.clipboard.writeText through the permission handlers, so denying it broke every Copy button
 * (NotAllowedError) in the real app while the browser harness worked. Clipboard *read* stays denied.
 */
export const GRANTED_PERMISSION = 'clipboard-sanitized-write';

function isGranted(permission: string, url: string | undefined, isMainFrame: boolean | undefined): boolean {
  return permission === GRANTED_PERMISSION && isMainFrame === true && isAppUrl(url);
}

/** Session-wide denials: no other permission is ever granted, no request leaves the app's own origin. */
export function applySessionSecurity(ses: Session, log: SecurityLog): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    if (isGranted(permission, details?.requestingUrl, details?.isMainFrame)) return callback(true);
    log.warn(`Permission request denied: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    isGranted(permission, details?.requestingUrl ?? requestingOrigin, details?.isMainFrame),
  );
  ses.setDevicePermissionHandler(() => false);
  // Defence in depth behind the CSP: a compromised renderer still cannot reach the network.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = !isAllowedRequest(details.url);
    if (cancel) log.warn(`Request blocked: ${shown(details.url)}`);
    callback({ cancel });
  });
  // Nothing is ever downloaded: a renderer-started download (an <a download>, a blob URL, a navigation
  // to a file) would have the elevated process write a file the renderer chose the content of.
  ses.on('will-download', (event, item) => {
    log.warn(`Download cancelled: ${shown(item.getURL())}`);
    event.preventDefault();
  });
}

/** A URL for the log: clipped, controls made visible (it may come from a compromised renderer). */
const shown = (url: string) => safeText(String(url).slice(0, 200));

/** Per-WebContents denials, applied to every WebContents the app ever creates. */
export function applyWebContentsSecurity(
  contents: WebContents,
  options: { isDev: boolean; log: SecurityLog },
): void {
  const { log } = options;
  // The renderer is a single page: any navigation (main frame or sub-frame) or redirect is refused.
  contents.on('will-navigate', (event, url) => {
    log.warn(`Navigation denied: ${shown(url)}`);
    event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    log.warn(`Frame navigation denied: ${shown(event.url)}`);
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`window.open denied: ${shown(url)}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    log.warn('webview attach denied');
    event.preventDefault();
  });
  if (!options.isDev) {
    // webPreferences.devTools is already false in production; this also closes any that slip open.
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}
