// Packaging, as far as this Linux box allows: the electron-builder config loads and passes
// electron-builder's own schema; the afterPack hook flips and verifies fuses on a stand-in binary
// carrying Electron's fuse wire; the icon files are what Windows and the MSI need.
// Not here: the Electron zip and WiX (downloads) — the MSI is built in .github/workflows/windows.yml.
// What ships contains no test code (issue 11 item 5, issue 13 item 1): the entries' import graphs and
// the built bundles are inspected below.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../electron/ipc/channels';
import { contract } from '../../electron/ipc/contract';
import { NODE_BUNDLE } from '../support/node-bundle';

vi.mock('electron', () => ({}));

const ROOT = join(__dirname, '..', '..');
type Hook = {
  FUSES: Record<string, unknown>;
  afterPack(ctx: unknown): Promise<void>;
  executablePath(ctx: unknown): string;
};
type Checker = {
  loadBuilderConfig(): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  validateBuilderConfig(c: unknown): Promise<void>;
};
const hook = (await import(join(ROOT, 'build', 'after-pack.mjs'))) as Hook;
const checker = (await import(join(ROOT, 'build', 'check-builder-config.mjs'))) as Checker;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A stand-in exe: junk, the sentinel, wire version 1, 9 fuses in Electron's shipped defaults, junk. */
function fakeElectron(path: string) {
  // '1' enabled, '0' disabled, in wire order (see the read-back below): Electron's defaults.
  const defaults = Buffer.from('101100011', 'ascii');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.alloc(4096, 0xcc),
      Buffer.from(SENTINEL),
      Buffer.from([1, 9]),
      defaults,
      Buffer.alloc(4096, 0xcc),
    ]),
  );
}

function winContext(appOutDir: string) {
  return {
    appOutDir,
    electronPlatformName: 'win32',
    arch: 1,
    packager: { appInfo: { productFilename: 'HCN Proxy Control' }, executableName: 'hcn-proxy-control' },
  };
}

describe('electron-builder.yml', () => {
  it('loads and passes electron-builder 26 schema validation', async () => {
    const config = await checker.loadBuilderConfig();
    await expect(checker.validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  it('a wrong option is rejected (the validation is live)', async () => {
    const config = await checker.loadBuilderConfig();
    await expect(
      checker.validateBuilderConfig({ ...config, msi: { ...config.msi, perMachin: true } }),
    ).rejects.toThrow(/does not match the API schema/);
  });

  it('says what issue 5 asks: MSI, per-machine, ids, icon, shortcut, admin, koffi unpacked, fuses hook', async () => {
    const c = await checker.loadBuilderConfig();
    expect(c.appId).toBe('io.github.hcnproxy.control');
    expect(c.productName).toBe('HCN Proxy Control');
    expect(c.win.target).toEqual([{ target: 'msi', arch: ['x64'] }]);
    expect(c.win.icon).toBe('build/icon.ico');
    expect(c.win.requestedExecutionLevel).toBe('requireAdministrator');
    expect(c.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    // No certificate in the config: electron-builder takes WIN_CSC_LINK/CSC_LINK from the environment.
    expect(c.win.signtoolOptions.certificateFile).toBeUndefined();
    expect(c.win.cscLink).toBeUndefined();
    expect(c.msi).toMatchObject({ perMachine: true, createStartMenuShortcut: true, runAfterFinish: false });
    expect(c.msi.upgradeCode).toMatch(/^[0-9A-F]{8}-([0-9A-F]{4}-){3}[0-9A-F]{12}$/);
    expect(c.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/koffi/**', 'node_modules/@koromix/**']),
    );
    expect(c.afterPack).toBe('./build/after-pack.mjs');
    expect(c.npmRebuild).toBe(false);
    // koffi 3 keeps its Windows native code in this optional package; the lockfile must carry it so
    // npm ci on the Windows runner installs it.
    const koffi = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'koffi', 'package.json'), 'utf8'));
    expect(Object.keys(koffi.optionalDependencies)).toContain('@koromix/koffi-win32-x64');
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@koromix/koffi-win32-x64']).toMatchObject({
      os: ['win32'],
      cpu: ['x64'],
    });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts['dist:win']).toMatch(/electron-builder --win msi --x64/);
  });
});

describe('afterPack hook', () => {
  it('flips RunAsNode, NODE_OPTIONS and inspect off, asar integrity and OnlyLoadAppFromAsar on — and reads them back', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hcn-pack-'));
    const koffiDir = join(
      out,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      '@koromix',
      'koffi-win32-x64',
      'win32_x64',
    );
    mkdirSync(koffiDir, { recursive: true });
    writeFileSync(join(koffiDir, 'koffi.node'), 'MZ');
    const ctx = winContext(out);
    const exe = hook.executablePath(ctx);
    expect(exe).toBe(join(out, 'HCN Proxy Control.exe'));
    fakeElectron(exe);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await hook.afterPack(ctx);
    log.mockRestore();
    const bin = readFileSync(exe);
    const at = bin.indexOf(SENTINEL) + SENTINEL.length;
    const wire = bin.subarray(at + 2, at + 11).toString('ascii');
    // index: 0 RunAsNode, 1 Cookie encryption, 2 NODE_OPTIONS, 3 inspect, 4 asar integrity,
    //        5 only asar, 6 browser V8 snapshot, 7 file:// privileges, 8 WASM trap handlers
    expect(wire).toBe('010011001');
  });

  it('refuses a Windows build without the koffi native package', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hcn-pack-'));
    const ctx = winContext(out);
    fakeElectron(hook.executablePath(ctx));
    await expect(hook.afterPack(ctx)).rejects.toThrow(/koffi's native package is missing/);
  });
});

describe('icon', () => {
  it('is generated from build/make-icon.mjs, deterministically, as SVG + PNG + multi-size ICO', () => {
    const out = mkdtempSync(join(tmpdir(), 'hcn-icon-'));
    execFileSync(process.execPath, [join(ROOT, 'build', 'make-icon.mjs'), out]);
    for (const f of ['icon.svg', 'icon.png', 'icon.ico']) {
      expect(
        readFileSync(join(out, f)).equals(readFileSync(join(ROOT, 'build', f))),
        `${f} is stale: run node build/make-icon.mjs`,
      ).toBe(true);
    }
    const png = readFileSync(join(ROOT, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const ico = readFileSync(join(ROOT, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]); // electron-builder requires a 256 px entry
    for (let i = 0; i < count; i++) {
      const off = ico.readUInt32LE(6 + 16 * i + 12);
      expect(ico.subarray(off + 1, off + 4).toString()).toBe('PNG');
    }
    expect(readFileSync(join(ROOT, 'build', 'icon.svg'), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 256 256"/);
  });
});

// ── What ships: no test code ────────────────────────────────────────────────────────────────────────

/** Every file under `dir` (recursively) whose name ends with one of `exts`. */
function filesUnder(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => exts.some((e) => f.endsWith(e)) && statSync(f).isFile());
}

/** Every module an entry can reach (static and literal dynamic imports), relative to the checkout. */
async function importGraph(entry: string): Promise<string[]> {
  const r = await build({
    entryPoints: [join(ROOT, entry)],
    ...NODE_BUNDLE,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return Object.keys(r.metafile.inputs);
}

/** Signs of test code in a bundle: the fake library, its builder, its knobs, a C compiler run. */
const TEST_CODE: Array<[string, RegExp]> = [
  ['the fake backend module', /createFakeHns|DEV_BACKENDS|persistAfterWrites/],
  ['the fake library builder', /buildFakeLib|fake-computenetwork|libfake-/],
  ['the fake library knobs', /loadFakeControls|HCNFAKE_/],
  ['a test path', /test\/(fixtures|support)/],
  ['a C compiler run', /process\.env\.CC\b|["'`]cc["'`]|["'`]-fPIC["'`]/],
];

describe('what ships contains no test code', () => {
  it('nothing under electron/ or native/ imports from test/', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(join(ROOT, 'electron'), ['.ts', '.tsx']).concat(
      filesUnder(join(ROOT, 'native'), ['.ts']),
    )) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)) {
        const target = relative(ROOT, resolve(dirname(file), m[1] as string));
        if (target === 'test' || target.startsWith('test/'))
          offenders.push(`${relative(ROOT, file)} → ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  for (const entry of ['electron/main/index.ts', 'electron/preload/index.ts', 'electron/cli/main.ts']) {
    it(`${entry} (the app, its preload, the bin and any CLI bundle) reaches no module under test/`, async () => {
      const graph = await importGraph(entry);
      expect(graph).toContain(entry);
      if (entry !== 'electron/preload/index.ts') expect(graph).toContain('native/backend.ts');
      expect(graph.filter((f) => f.startsWith('test/'))).toEqual([]);
    });
  }

  it('the source-run CLI (npm run cli) is where the fake backend is registered', async () => {
    const graph = await importGraph('scripts/cli-source.ts');
    expect(graph).toContain('test/support/dev-backends.ts');
    expect(graph).toContain('test/support/fake-lib.ts');
  });

  it('the contract and the zod-free channel list the preload ships agree, in order', () => {
    expect(Object.keys(contract)).toEqual(CHANNELS);
  });
});

describe('the built bundles (electron-vite build)', () => {
  let out: string;
  beforeAll(() => {
    // A private output folder: the shared out/ is read by other tests while this one runs.
    out = mkdtempSync(join(tmpdir(), 'hcn-bundle-'));
    const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const r = spawnSync(process.execPath, [cli, 'build', '--outDir', out, '--logLevel', 'warn'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
  }, 240_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('out/main has no test code, and refuses --backend fake with the source-checkout hint', () => {
    const files = filesUnder(join(out, 'main'), ['.js', '.cjs', '.mjs']);
    expect(files.map((f) => relative(out, f))).toContain(join('main', 'index.js'));
    expect(files.filter((f) => /fake/i.test(f.split(/[\\/]/).pop() as string))).toEqual([]);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const [what, re] of TEST_CODE) expect(text, `${what}: ${re}`).not.toMatch(re);
    // The only backend code in main is createBackend's refusal of anything but windows/simulated.
    expect(text).toContain('is test code and exists only in a source checkout');
  });

  it('out/preload carries the channel names, not zod or the contract (was 201 kB)', () => {
    const preload = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    for (const c of CHANNELS) expect(preload).toContain(`"${c}"`);
    expect(preload).not.toMatch(/\bzod\b|ZodError|safeParse|EndpointIdSchema/);
    expect(Buffer.byteLength(preload)).toBeLessThan(4 * 1024);
  });
});
