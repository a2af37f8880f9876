import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binCommand,
  killTree,
  nodeCommand,
  npmCommand,
  spawnCommand,
  spawnCommandSync,
  treeOptions,
} from '../support/spawn';

// test/support/spawn.ts: npm and package bins start without a shell on every OS, and killTree ends a
// child's descendants too (POSIX process group; taskkill /T on Windows).

const ROOT = join(__dirname, '../..');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('spawn helper', () => {
  it('runs npm as `node npm-cli.js`, never through a shell or a .cmd', () => {
    const c = npmCommand(['--version']);
    expect(c.command).toBe(process.execPath);
    expect(c.args[0]).toMatch(/npm-cli\.c?js$/);
    const r = spawnCommandSync(c, { cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("runs a package's bin file from its package.json with this node", () => {
    const c = binCommand('prettier', ['--version']);
    expect(c.command).toBe(process.execPath);
    expect(c.args[0]).toBe(join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'));
    const r = spawnCommandSync(c, { cwd: ROOT });
    const { version } = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/prettier/package.json'), 'utf8'),
    ) as {
      version: string;
    };
    expect(r.stdout.trim()).toBe(version);
    expect(() => binCommand('prettier', [], 'no-such-bin')).toThrow('prettier has no bin named no-such-bin');
  });

  it('killTree ends the child and the grandchild it started', async () => {
    // The child starts a grandchild that would outlive it, prints the grandchild's pid, then waits.
    const script =
      "const { spawn } = require('node:child_process');" +
      "const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });" +
      'console.log(g.pid); setInterval(() => {}, 1000);';
    const child = spawnCommand(nodeCommand(['-e', script]), {
      stdio: ['ignore', 'pipe', 'inherit'],
      ...treeOptions,
    });
    const grandchild = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing a pid`)));
    });
    expect(alive(grandchild)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killTree(child);
    await exited;
    await expect.poll(() => alive(grandchild)).toBe(false);
  });
});
