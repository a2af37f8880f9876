import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { serveAppFile } from '../../electron/main/app-protocol';
import { RENDERER_CSP } from '../../electron/main/csp';

vi.mock('electron', () => ({}));

const root = mkdtempSync(join(tmpdir(), 'hcn-app-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'hcn-secret.txt'), 'secret');

describe('the app protocol', () => {
  it('sends the CSP as a response header with every file', async () => {
    for (const url of ['app://hcnproxy/', 'app://hcnproxy/index.html', 'app://hcnproxy/assets/a.js']) {
      const r = await serveAppFile(root, url);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await serveAppFile(root, 'app://hcnproxy/assets/a.js')).headers.get('content-type')).toMatch(
      /javascript/,
    );
  });

  it('is a strict policy: no remote or inline script, no eval, no framing, no plugins', () => {
    const d = Object.fromEntries(
      RENDERER_CSP.split(';')
        .map((p) => p.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('serves nothing outside its root and nothing for another host', async () => {
    for (const url of [
      'app://hcnproxy/../hcn-secret.txt',
      'app://hcnproxy/%2e%2e/hcn-secret.txt',
      'app://hcnproxy/..%2fhcn-secret.txt',
      'app://hcnproxy/assets/..%2f..%2fhcn-secret.txt',
    ]) {
      const r = await serveAppFile(root, url);
      expect(r.status, url).not.toBe(200);
    }
    expect((await serveAppFile(root, 'app://other/index.html')).status).toBe(404);
    // Malformed escapes and NUL bytes are answered, never a rejected promise.
    expect((await serveAppFile(root, 'app://hcnproxy/%E0%A4%A.js')).status).toBe(400);
    expect((await serveAppFile(root, 'app://hcnproxy/index.html%00.js')).status).toBe(404);
    expect((await serveAppFile(root, 'app://hcnproxy/missing.js')).status).toBe(404);
  });
});
