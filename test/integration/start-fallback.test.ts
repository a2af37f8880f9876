import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killTree, treeOptions } from '../support/spawn';

// Issue 11 item 6: `npm start` where Electron cannot run shows the app anyway, in the browser.
// Run as a process (scripts/start.mjs, what `npm start` runs); the test ends it.

const ROOT = resolve(__dirname, '../..');
let child: ChildProcess | undefined;
const dirs: string[] = [];

afterEach(() => {
  killTree(child); // the whole tree: start.mjs → web.mjs → npx → tsx → the harness
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Resolves with everything printed up to the harness's URL line (rejects if start exits first). */
function untilUrl(p: ChildProcess): Promise<{ out: string; url: string }> {
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    p.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) done({ out, url: m[1] as string });
    });
    p.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    p.on('exit', (code) =>
      fail(new Error(`npm start exited (${code}) before printing a URL:\n${out}\n${err}`)),
    );
  });
}

describe('npm start without an Electron binary', () => {
  it('starts the browser fallback (harness, simulated HNS), says why in one line and prints its URL', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hcn-start-'));
    dirs.push(tmp);
    mkdirSync(join(tmp, 'data'));
    child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', join(tmp, 'data')], {
      cwd: ROOT,
      ...treeOptions,
      env: {
        ...process.env,
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        // Electron's variable for a binary elsewhere: an empty folder, so no binary on any machine.
        ELECTRON_OVERRIDE_DIST_PATH: join(tmp, 'no-electron'),
        // Build the renderer privately: other tests serve the shared out/renderer meanwhile.
        HCNPROXY_RENDERER_DIR: join(tmp, 'renderer'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { out, url } = await untilUrl(child);
    expect(out.split('\n')[0]).toBe(
      'npm start: the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD=1 forbids fetching it; ' +
        'starting the same app in your browser instead (simulated HNS):',
    );
    expect(out).toMatch(/HCN Proxy Control harness \(Simulated HNS \(demo data\)\) on http/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');
  }, 240_000);
});
