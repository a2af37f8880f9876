import { READ_LIMITS, readLimited } from '../base/fs/read-limited';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'hcnproxy';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves the packaged renderer from `root`, never a path outside it, always with the CSP header. */
export async function serveAppFile(root: string, url: string): Promise<Response> {
  const { host, pathname } = new URL(url);
  if (host !== APP_HOST) return new Response('Not found', { status: 404 });
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    // A malformed %-escape: an answer, not a rejected handler (Electron would only log that).
    return new Response('Bad request', { status: 400 });
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(root, rel);
  if (!file.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
  try {
    const body = await readLimited(file, { what: 'app file', maxBytes: READ_LIMITS.asset });
    return new Response(body, {
      headers: {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        ...SECURITY_HEADERS,
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
