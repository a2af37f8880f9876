import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package bin runs the CLI from a bundle (scripts/build-cli.mjs), rebuilt when a file it was built
// from changed (bin/cli-bundle.cjs), with the heavy packages left out of start-up. The thread pool
// through the bin is measured in entrypoint-threadpool.test.ts; start-up time and memory in the bench.

const ROOT = join(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bin's own CommonJS helper
const bundle = require('../../bin/cli-bundle.cjs') as {
  staleReason(root?: string): string | undefined;
  ensureCliBundle(root?: string): string | undefined;
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hcn-cli-bundle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A checkout in miniature: one source, a bundle built from it and a build script that writes the
 * bundle and its stamps the way scripts/build-cli.mjs does, counting its runs.
 */
function miniCheckout(name: string): { root: string; source: string; builds: () => number } {
  const root = join(dir, name);
  mkdirSync(join(root, 'scripts'), { recursive: true });
  mkdirSync(join(root, 'src'));
  const source = join(root, 'src', 'main.ts');
  writeFileSync(source, 'export {};\n');
  const count = join(root, 'builds.txt');
  writeFileSync(
    join(root, 'scripts', 'build-cli.mjs'),
    `import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
const s = statSync('src/main.ts');
mkdirSync('out/cli', { recursive: true });
writeFileSync('out/cli/hcnproxyctl.cjs', 'module.exports = 1;');
writeFileSync('out/cli/hcnproxyctl.inputs.json', JSON.stringify({ inputs: [['src/main.ts', s.size, s.mtimeMs]] }));
appendFileSync(${JSON.stringify(count)}, 'x');
`,
  );
  const builds = () => {
    try {
      return readFileSync(count, 'utf8').length;
    } catch {
      return 0;
    }
  };
  return { root, source, builds };
}

describe('the bin finds its bundle', () => {
  it('builds it when there is none, then runs it as it is while nothing changed', () => {
    const m = miniCheckout('first');
    expect(bundle.staleReason(m.root)).toBe('not built yet');
    expect(bundle.ensureCliBundle(m.root)).toBe(join(m.root, 'out', 'cli', 'hcnproxyctl.cjs'));
    expect(m.builds()).toBe(1);
    expect(bundle.staleReason(m.root)).toBeUndefined();
    bundle.ensureCliBundle(m.root);
    expect(m.builds()).toBe(1);
  });

  it('rebuilds when a source changes (content or only its time) or the stamps are missing', () => {
    const m = miniCheckout('changes');
    bundle.ensureCliBundle(m.root);
    writeFileSync(m.source, 'export const x = 1;\n');
    expect(bundle.staleReason(m.root)).toBe('src/main.ts changed');
    bundle.ensureCliBundle(m.root);
    expect(m.builds()).toBe(2);
    // Same size, older time (a checkout of another branch): still a different file.
    utimesSync(m.source, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(bundle.staleReason(m.root)).toBe('src/main.ts changed');
    bundle.ensureCliBundle(m.root);
    expect(m.builds()).toBe(3);
    rmSync(join(m.root, 'out', 'cli', 'hcnproxyctl.inputs.json'));
    expect(bundle.staleReason(m.root)).toBe('its input list is missing');
    rmSync(m.source);
    writeFileSync(join(m.root, 'out', 'cli', 'hcnproxyctl.inputs.json'), '{"inputs":[["src/main.ts",1,1]]}');
    expect(bundle.staleReason(m.root)).toBe('src/main.ts changed');
  });
});

describe('the built CLI bundle', () => {
  it('starts without the heavy packages, runs the simulated list, and ships no test code', () => {
    const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const stamps = JSON.parse(readFileSync(join(ROOT, 'out/cli/hcnproxyctl.inputs.json'), 'utf8')) as {
      inputs: [string, number, number][];
    };
    const inputs = stamps.inputs.map(([p]) => p.replace(/\\/g, '/'));
    expect(inputs).toContain('electron/cli/main.ts');
    expect(inputs).toContain('native/windows/threadpool-init.ts');
    expect(inputs.filter((p) => p.startsWith('test/'))).toEqual([]);

    const out = join(dir, 'loaded.json');
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        './test/support/loaded-packages.cjs',
        'bin/hcnproxyctl.cjs',
        '--backend',
        'simulated',
        'endpoints',
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOADED_PACKAGES_OUT: out } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(0);
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
    for (const heavy of [
      '@kubernetes/client-node',
      '@grpc/grpc-js',
      '@grpc/proto-loader',
      'ssh2',
      'dockerode',
      'koffi',
    ])
      expect(loaded).not.toContain(heavy);
  }, 120_000);
});
