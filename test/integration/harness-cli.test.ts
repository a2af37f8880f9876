import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binCommand, killTree, spawnCommand, spawnCommandSync, treeOptions } from '../support/spawn';

// `npm run web -- --port N --state FILE` (issue 2 item 6): the harness entry point itself, as a
// process: it listens on the port asked for, seeds the simulator from the file and prints its URL.
// (npm run web also builds the renderer first; the API answers without it.)

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'test/harness/main.ts');
const SNAPSHOT = join(ROOT, 'test/fixtures/snapshots/hcn-endpoints-v2.json');

let child: ChildProcess | undefined;
afterEach(() => {
  killTree(child); // tsx runs the harness in a child process of its own
  child = undefined;
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

function printedUrl(p: ChildProcess): Promise<string> {
  return new Promise((ok, fail) => {
    let out = '';
    let err = '';
    p.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/\S+#token=\S+)/.exec(out);
      if (m) ok(m[1] as string);
    });
    p.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    p.once('exit', (code) => fail(new Error(`harness exited (${code}) before printing a URL: ${out}${err}`)));
  });
}

describe('npm run web (test/harness/main.ts)', () => {
  it('listens on --port, seeds from --state, prints a 127.0.0.1 URL with the token', async () => {
    const port = await freePort();
    child = spawnCommand(binCommand('tsx', [MAIN, '--port', String(port), '--state', SNAPSHOT]), {
      cwd: ROOT,
      ...treeOptions,
    });
    const openUrl = await printedUrl(child);
    expect(openUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#token=[A-Za-z0-9_-]{20,}$`));
    const token = openUrl.split('#token=')[1] as string;
    const r = await fetch(`http://127.0.0.1:${port}/api/endpoints.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hcnproxy-token': token },
      body: '{}',
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { ok: boolean; value: unknown };
    expect(body.ok).toBe(true);
    const names = JSON.stringify(body.value);
    // The snapshot's endpoints, not the demo data.
    expect(names).toContain('web-0_eth0');
    expect(names).toContain('nat-ep');
    const unauth = await fetch(`http://127.0.0.1:${port}/api/endpoints.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unauth.status).toBe(401);
  }, 60_000);

  it('refuses the windows backend with exit code 2', () => {
    const r = spawnCommandSync(binCommand('tsx', [MAIN, '--backend', 'windows', '--port', '0']), {
      cwd: ROOT,
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/never the real Windows HNS/);
  }, 60_000);
});
