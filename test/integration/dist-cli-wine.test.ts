import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM build scripts without type declarations
import { buildFakeDlls } from '../../scripts/build-fake-dll.mjs';
// @ts-expect-error -- plain ESM build scripts without type declarations
import { distCli } from '../../scripts/dist-cli.mjs';
// @ts-expect-error -- plain ESM helpers without type declarations
import { createPrefix } from '../wine/wine.mjs';

// Issue 12 item 5: `npm run dist:cli`'s standalone hcnproxyctl.exe (a Node SEA) run under Wine, with
// the fake computenetwork.dll / vmcompute.dll where Windows keeps the real ones (System32) and no
// Node.js or node_modules anywhere near it: default backend (windows), list, add, the version from
// HNSCall, the thread pool (item 4: ≥ 12 HNS calls in flight), zero leaks. Never skips: without
// Wine or MinGW the build throws with the apt-get line. On Windows itself the fakes must not go near
// the real System32: there the workflow runs the built exe against the real HNS instead.
const onWindows = process.platform === 'win32';
if (onWindows)
  console.warn(
    'dist-cli-wine: skipped on Windows; .github/workflows/windows.yml runs the exe against real HNS.',
  );

interface Prefix {
  dir: string;
  env: NodeJS.ProcessEnv;
  driveC: string;
  installSystemDll(src: string, name?: string): string;
  dispose(): void;
}

const ROOT = join(__dirname, '../..');
const NETWORK = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const FIRST = 'c0000000-0000-4000-8000-000000000000';
const N = 48;

let work: string;
let prefix: Prefix;
let built: { dir: string; exe: string; zip: string };

function seed(): object {
  return {
    networks: [{ ID: NETWORK, Name: 'nat', Type: 'NAT', SchemaVersion: { Major: 2, Minor: 0 } }],
    endpoints: Array.from({ length: N }, (_, i) => ({
      ID: `c0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      Name: `pod-${i}_eth0`,
      HostComputeNetwork: NETWORK,
      Policies: [{ Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/16'] } }],
      SchemaVersion: { Major: 2, Minor: 0 },
    })),
    namespaces: [],
    version: { major: 15, minor: 1 },
  };
}

/** Runs the exe under Wine; stdout/stderr to files (a pipe gives node.exe EBADF under Wine). */
function exe(args: string[], env: Record<string, string> = {}) {
  const io = mkdtempSync(join(work, 'io-'));
  const out = openSync(join(io, 'out'), 'w');
  const err = openSync(join(io, 'err'), 'w');
  try {
    const r = spawnSync('wine', [built.exe, ...args], {
      cwd: work,
      env: {
        ...prefix.env,
        HCNFAKE_STATE: 'C:\\hcnwine\\seed.json',
        HCNFAKE_REPORT: 'C:\\hcnwine\\report.json',
        ...env,
      },
      stdio: ['ignore', out, err],
      timeout: 300_000,
    });
    return {
      status: r.status,
      stdout: readFileSync(join(io, 'out'), 'utf8'),
      stderr: readFileSync(join(io, 'err'), 'utf8'),
    };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

function report(): Record<string, number> {
  return JSON.parse(readFileSync(join(prefix.driveC, 'hcnwine', 'report.json'), 'utf8')) as Record<
    string,
    number
  >;
}

beforeAll(async () => {
  if (onWindows) return;
  mkdirSync(join(ROOT, 'test/fixtures/build'), { recursive: true });
  work = mkdtempSync(join(ROOT, 'test/fixtures/build/dist-cli-'));
  built = (await distCli({ releaseDir: join(work, 'release') })) as typeof built;
  const dlls = buildFakeDlls() as { computenetwork: string; vmcompute: string };
  prefix = createPrefix({ parent: work }) as Prefix;
  prefix.installSystemDll(dlls.computenetwork);
  prefix.installSystemDll(dlls.vmcompute);
  mkdirSync(join(prefix.driveC, 'hcnwine'), { recursive: true });
  writeFileSync(join(prefix.driveC, 'hcnwine', 'seed.json'), JSON.stringify(seed()));
}, 900_000);

afterAll(() => {
  prefix?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(onWindows)('hcnproxyctl.exe (npm run dist:cli) under Wine', () => {
  it('is one folder (exe, koffi.node beside it) zipped as one artifact, with no test code inside', () => {
    const listing = spawnSync('unzip', ['-Z1', built.zip], { encoding: 'utf8' }).stdout.split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'hcnproxyctl-win-x64/hcnproxyctl.exe',
        'hcnproxyctl-win-x64/koffi.node',
        'hcnproxyctl-win-x64/cri-v1.proto',
      ]),
    );
    const bytes = readFileSync(built.exe);
    for (const marker of ['NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1', 'runMain'])
      expect(bytes.includes(marker), marker).toBe(true);
    // The fake backend's controls and the source-only backend registry never reach the exe.
    for (const testOnly of ['HcnFakeConfigure', 'DEV_BACKENDS', 'createFakeHns'])
      expect(bytes.includes(testOnly), testOnly).toBe(false);
  });

  it('version --json: the default backend is windows and the version comes from HNSCall', () => {
    const r = exe(['version', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      backend: 'windows',
      version: { major: 15, minor: 1 },
      platform: 'win32',
    });
    expect(report()).toMatchObject({ openHandles: 0, unfreedBuffers: 0, badFrees: 0 });
  });

  it('endpoints --json lists the node through System32 with ≥ 12 HNS calls in flight and no leak', () => {
    const r = exe(['endpoints', '--json'], { HCNFAKE_LATENCY_US: '100000' });
    expect(r.status, r.stderr).toBe(0);
    // koffi took its async-pool settings (loadKoffi warns when a library was loaded before it).
    expect(r.stderr).not.toContain('HCNPROXY_KOFFI_CONFIG');
    const listed = JSON.parse(r.stdout) as Array<{ id: string }>;
    expect(listed).toHaveLength(N);
    expect(listed.map((e) => e.id)).toContain(FIRST);
    const counters = report();
    expect(counters.latencyUs).toBe(100000);
    expect(counters.maxInFlight).toBeGreaterThanOrEqual(12);
    expect(counters).toMatchObject({ openHandles: 0, unfreedBuffers: 0, badFrees: 0 });
  });

  it('add puts an L4WFPPROXY policy on the endpoint (the seed CLI flags) and reads it back', () => {
    const r = exe(['add', FIRST, '--port', '15001', '--usersid', 'system', '--json']);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      endpointId: FIRST,
      operation: 'add',
      count: 1,
      readBack: 'confirmed',
      policies: [{ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: '15001', UserSID: 'S-1-5-18' } }],
    });
    expect(report()).toMatchObject({ openHandles: 0, unfreedBuffers: 0, badFrees: 0 });
  });

  it("ignores NODE_OPTIONS and takes --node-options as a plain argument, as the app's fuses do", () => {
    // A script that would leave a marker if Node ran it before the CLI (--require), i.e. code injected
    // into the elevated process through its environment or command line.
    const dir = join(prefix.driveC, 'hcnwine');
    writeFileSync(
      join(dir, 'inject.js'),
      "require('fs').writeFileSync('C:\\\\hcnwine\\\\injected', 'ran');\n",
    );
    const marker = join(dir, 'injected');
    rmSync(marker, { force: true });
    const viaEnv = exe(['version', '--json'], { NODE_OPTIONS: '--require C:\\hcnwine\\inject.js' });
    expect(viaEnv.status, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ backend: 'windows' });
    expect(existsSync(marker)).toBe(false);
    // "cli" extension would let --node-options through to Node; "none" leaves it to the CLI, which
    // refuses an option it does not know.
    const viaArgs = exe(['--node-options=--require C:\\hcnwine\\inject.js', 'version']);
    expect(viaArgs.status).toBe(2);
    expect(viaArgs.stderr).toContain('--node-options');
    expect(existsSync(marker)).toBe(false);
  });
});
