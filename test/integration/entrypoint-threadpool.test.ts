import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeLib } from '../support/fake-lib';
import { nodeCommand, npmCommand, spawnCommandSync, type Command } from '../support/spawn';

// Issue 12 item 4: the libuv thread pool (where every koffi async HNS call runs) is sized before its
// first use in every entry point users run. libuv's default is 4 threads, so an entry point that
// raises UV_THREADPOOL_SIZE too late keeps 4 HNS calls in flight whatever the Limiter allows; these
// tests count the calls that were inside the fake library at once (it reports its maximum), and want
// at least 12 of the 16. The standalone exe is measured the same way in test/integration/dist-cli-wine.test.ts.
//
// Latencies are long (100–200 ms a call) so that, even on a loaded machine, every call the pool can
// run is dispatched while the first ones still sleep: the count is the pool's size, not a race.

const ROOT = join(__dirname, '../..');
const ENOUGH = 12;
let dir: string;
let fakeLib: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hcn-pool-'));
  fakeLib = buildFakeLib();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function endpointsState(n: number): string {
  const net = '11111111-2222-4333-8444-555555555555';
  const endpoints = Array.from({ length: n }, (_, i) => ({
    ID: `b0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    Name: `pod-${i}_eth0`,
    HostComputeNetwork: net,
    Policies: [],
    SchemaVersion: { Major: 2, Minor: 0 },
  }));
  const file = join(dir, `state-${n}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      networks: [{ ID: net, Name: 'pool', Type: 'NAT' }],
      endpoints,
      namespaces: [],
      version: { major: 15, minor: 1 },
    }),
  );
  return file;
}

/** Runs a command from the checkout; UV_THREADPOOL_SIZE is unset unless given (an empty value is 1 thread). */
function run(command: Command, env: Record<string, string>) {
  const base: NodeJS.ProcessEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  delete base.UV_THREADPOOL_SIZE;
  delete base.HCNPROXY_HNS_CONCURRENCY;
  const r = spawnCommandSync(command, {
    cwd: ROOT,
    env: { ...base, ...env },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return r;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Runs an entry point with pool-probe.cjs preloaded; returns what the probe measured afterwards. */
function probe(name: string, args: string[], preload: string[] = []): Record<string, unknown> {
  const out = join(dir, `probe-${name}.json`);
  const r = run(
    nodeCommand([
      ...preload.flatMap((p) => ['--require', p]),
      '--require',
      './test/support/pool-probe.cjs',
      ...args,
    ]),
    { POOL_PROBE_OUT: out, POOL_PROBE_LIB: fakeLib },
  );
  expect(r.status, `${name} exited with ${r.status}: ${r.stderr}`).toBe(0);
  return readJson(out);
}

describe('thread pool through every entry point', () => {
  it('`npm run cli` on a cold tsx cache keeps ≥ 12 HNS calls in flight, with the HCNFAKE_* knobs honoured', () => {
    const report = join(dir, 'cli-report.json');
    const coldTmp = join(dir, 'cold-tmp'); // tsx keeps its compile cache under the temp folder
    mkdirSync(coldTmp);
    const r = run(
      npmCommand([
        'run',
        '-s',
        'cli',
        '--',
        '--backend',
        'fake',
        '--state',
        endpointsState(48),
        'endpoints',
        '--json',
      ]),
      {
        HCNFAKE_LATENCY_US: '100000',
        HCNFAKE_REPORT: report,
        TMPDIR: coldTmp,
        TEMP: coldTmp,
        TMP: coldTmp,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(48);
    // koffi took its async-pool settings (loadKoffi warns when a library was loaded before it).
    expect(r.stderr).not.toContain('HCNPROXY_KOFFI_CONFIG');
    const counters = readJson(report);
    // The knob given in the environment is the one in force (creating the backend used to reset it).
    expect(counters.latencyUs).toBe(100000);
    expect(counters.maxInFlight).toBeGreaterThanOrEqual(ENOUGH);
    expect(counters).toMatchObject({ openHandles: 0, unfreedBuffers: 0, badFrees: 0 });
  }, 120_000);

  it('the hcnproxyctl bin leaves the pool sized for 16 calls', () => {
    const m = probe('bin', ['bin/hcnproxyctl.cjs', '--backend', 'simulated', 'endpoints', '--json']);
    expect(m.maxInFlight).toBeGreaterThanOrEqual(ENOUGH);
    expect(m.uvThreadpoolSize).toBe('16');
  }, 120_000);

  it('HCNPROXY_HNS_CONCURRENCY raises the pool with it', () => {
    const out = join(dir, 'probe-concurrency.json');
    const r = run(
      nodeCommand(['--require', './test/support/pool-probe.cjs', 'bin/hcnproxyctl.cjs', '--help']),
      {
        POOL_PROBE_OUT: out,
        POOL_PROBE_LIB: fakeLib,
        HCNPROXY_HNS_CONCURRENCY: '24',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(readJson(out)).toMatchObject({ uvThreadpoolSize: '24' });
    expect(readJson(out).maxInFlight).toBeGreaterThanOrEqual(20);
  }, 120_000);

  describe('the Electron main bundle', () => {
    let bundle: string;
    let scratch: string | undefined;
    afterAll(() => {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });
    beforeAll(() => {
      // The project's own electron-vite config, main process only, into a scratch folder inside the
      // checkout (the bundle's externals resolve from node_modules).
      // A fresh clone after `npm ci` has no node_modules/.cache yet.
      mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
      scratch = mkdtempSync(join(ROOT, 'node_modules/.cache/hcn-pool-main-'));
      const config = join(scratch, 'electron.vite.config.mjs');
      writeFileSync(
        config,
        // A path, not a file URL: electron-vite bundles the config with esbuild, which resolves paths.
        `import base from ${JSON.stringify(join(ROOT, 'electron.vite.config.ts'))};\n` +
          `export default { main: { ...base.main, build: { ...base.main.build, outDir: ${JSON.stringify(join(scratch, 'out'))} } } };\n`,
      );
      const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
      const r = run(nodeCommand([cli, 'build', '--config', config, '--logLevel', 'warn']), {});
      expect(r.status, r.stderr).toBe(0);
      bundle = join(scratch, 'out/index.js');
    }, 120_000);

    it('requires the thread-pool chunk before anything else', () => {
      const firstRequire = /require\("([^"]+)"\)/.exec(readFileSync(bundle, 'utf8'));
      expect(firstRequire?.[1]).toMatch(/^\.\/chunks\/threadpool-init-[\w-]+\.js$/);
    });

    it('leaves the pool sized for 16 calls once its top level has run', () => {
      const m = probe('electron-main', [bundle], ['./test/support/electron-stub.cjs']);
      expect(m.maxInFlight).toBeGreaterThanOrEqual(ENOUGH);
      expect(m.uvThreadpoolSize).toBe('16');
    }, 120_000);
  });
});
