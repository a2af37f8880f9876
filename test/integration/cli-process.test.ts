import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli';
import { npmCommand, spawnCommandSync } from '../support/spawn';

// hcnproxyctl started as users start it: the package bin and `npm run cli` (the in-process command
// tests are test/unit/cli-commands.test.ts).

const API = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ROOT = resolve(__dirname, '../..');
const SAMPLE = join(ROOT, 'test/fixtures/snapshots/hcn-endpoints-v2.json');

describe('hcnproxyctl as a process', () => {
  it('the package bin and `npm run cli` run the same CLI with the documented exit codes', () => {
    const d = tempDir();
    const env = { ...process.env, HCNPROXY_BACKEND: 'simulated', HCNPROXY_JOURNAL: join(d, 'j.jsonl') };
    const bin = join(ROOT, 'bin', 'hcnproxyctl.cjs');
    // npm links the bin as a .cmd shim on Windows; the execute bit matters where npm symlinks it
    // (libuv reports no execute bits on Windows at all).
    if (process.platform !== 'win32') expect(statSync(bin).mode & 0o111).not.toBe(0);
    const v = execFileSync(process.execPath, [bin, 'version'], { env, encoding: 'utf8' });
    expect(v).toMatch(/^hcnproxyctl \d+\.\d+\.\d+/);
    const bad = spawnSync(process.execPath, [bin, 'add', API, '--port', 'x'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port:');
    const npm = spawnCommandSync(npmCommand(['run', '-s', 'cli', '--', 'endpoints', '--json']), {
      cwd: ROOT,
      env,
    });
    expect(npm.status).toBe(0);
    expect(JSON.parse(npm.stdout)).toHaveLength(5);
    writeFileSync(join(d, 'x'), '');
  });

  it('the bin knows only the shipped backends; `npm run cli` (source) also runs the fake library', () => {
    const d = tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env, HCNPROXY_JOURNAL: join(d, 'j.jsonl') };
    delete env.HCNPROXY_BACKEND;
    const bin = join(ROOT, 'bin', 'hcnproxyctl.cjs');
    const flag = spawnSync(process.execPath, [bin, 'endpoints', '--backend', 'fake'], {
      env,
      encoding: 'utf8',
    });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain(
      '--backend: Unknown backend "fake": this build knows windows and simulated.',
    );
    expect(flag.stderr).toContain('exists only in a source checkout');
    const viaEnv = spawnSync(process.execPath, [bin, 'endpoints'], {
      env: { ...env, HCNPROXY_BACKEND: 'fake' },
      encoding: 'utf8',
    });
    expect(viaEnv.status).toBe(2);
    expect(viaEnv.stderr).toContain('HCNPROXY_BACKEND: Unknown backend "fake"');
    const help = spawnSync(process.execPath, [bin, '--help'], { env, encoding: 'utf8' });
    expect(help.stdout).toContain('--backend windows|simulated\n');
    // The README's source-checkout route: the fake library with a per-call latency, seeded from a file.
    const state = join(d, 'node.json');
    copyFileSync(SAMPLE, state);
    const npm = spawnCommandSync(
      npmCommand(['run', '-s', 'cli', '--', '--backend', 'fake', '--state', state, 'endpoints', '--json']),
      { cwd: ROOT, env: { ...env, HCNFAKE_LATENCY_US: '2000' } },
    );
    expect(npm.status, npm.stderr).toBe(0);
    expect(JSON.parse(npm.stdout).length).toBeGreaterThan(0);
  });
});
