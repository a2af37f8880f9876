// `node test/wine/run.mjs`: the Wine lane of `npm test` (issue 12). Runs the real Windows code path
// on Linux: win32 node.exe under Wine, the MinGW fake computenetwork.dll / vmcompute.dll copied into
// the prefix's System32, the production WindowsHns with no library overrides. Never skips: without
// Wine or MinGW it fails and says how to install them.
//
// One throw-away prefix (one boot), four node.exe runs: the plant phase (no DLL in System32 yet),
// the unit phase (unit test files and renames over open files, see unit-lane.ts), the main phase
// (every case in one process, see lane.ts) and the bundled CLI as a real process.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFakeDlls, compileDll, requireMingw, WIN32_BUILD_DIR } from '../../scripts/build-fake-dll.mjs';
import {
  bundleForWindows,
  createPrefix,
  ensureWindowsNode,
  requireWine,
  ROOT,
  runWindowsNode,
  stageKoffi,
  toWindowsPath,
} from './wine.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const STAGE = join(ROOT, 'test/fixtures/build/wine-lane');
const README_ENDPOINT = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const NETWORK = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

const t0 = Date.now();
const timings = {};
const time = (name, fn) => {
  const t = Date.now();
  const r = fn();
  timings[name] = Date.now() - t;
  return r;
};
const failures = [];
const fail = (what) => failures.push(what);

/** esbuild: the lane's `vitest` is the shim, and the conformance suite's `./backends` is System32's. */
const swapPlugin = {
  name: 'wine-swaps',
  setup(build) {
    build.onResolve({ filter: /^vitest$/ }, () => ({ path: join(HERE, 'vitest-shim.ts') }));
    build.onResolve({ filter: /^\.\/backends$/ }, (args) =>
      args.importer.endsWith(join('conformance', 'hns-conformance.test.ts'))
        ? { path: join(HERE, 'wine-backends.ts') }
        : undefined,
    );
  },
};

/**
 * esbuild, for the unit phase: `vitest` is the shim, and each test file, test helper and build script
 * keeps its own location (__dirname, import.meta.url, as Windows paths), so what it finds beside it
 * (fixtures, the fake DLLs' build folder) is found from the bundle too.
 */
const unitPlugin = {
  name: 'wine-unit',
  setup(build) {
    build.onResolve({ filter: /^vitest$/ }, () => ({ path: join(HERE, 'vitest-shim.ts') }));
    build.onLoad(
      { filter: /[\\/](test[\\/](unit|support|conformance)[\\/][^\\/]+\.ts|scripts[\\/][^\\/]+\.mjs)$/ },
      (args) => {
        const windowsPath = toWindowsPath(args.path);
        const url = `file:///${windowsPath.replace(/\\/g, '/')}`;
        const source = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(url));
        return {
          loader: args.path.endsWith('.ts') ? 'ts' : 'js',
          contents: `const __dirname = ${JSON.stringify(toWindowsPath(dirname(args.path)))};\n${source}`,
        };
      },
    );
  },
};

function seedState() {
  return {
    networks: [{ ID: NETWORK, Name: 'nat', Type: 'NAT', SchemaVersion: { Major: 2, Minor: 0 } }],
    endpoints: [
      {
        ID: README_ENDPOINT,
        Name: 'readme_eth0',
        HostComputeNetwork: NETWORK,
        Policies: [{ Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/16'] } }],
        IpConfigurations: [{ IpAddress: '10.1.0.7', PrefixLength: 24 }],
        SchemaVersion: { Major: 2, Minor: 0 },
      },
      {
        ID: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f60718293',
        Name: 'other_eth0',
        HostComputeNetwork: NETWORK,
        Policies: [],
        SchemaVersion: { Major: 2, Minor: 0 },
      },
    ],
    namespaces: [],
    version: { major: 15, minor: 1 },
  };
}

function report(run, label) {
  if (run.status !== 0 || run.error)
    fail(
      `${label}: node.exe exited ${run.status}${run.signal ? ` (${run.signal})` : ''}\n${run.stderr.slice(-3000)}`,
    );
}

function readResults(file, label) {
  if (!existsSync(file)) {
    fail(`${label}: no results file`);
    return { results: [], facts: {} };
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  for (const c of r.results) {
    const mark = c.status === 'passed' ? '✓' : c.status === 'skipped' ? '-' : '✗';
    console.log(`  ${mark} [${label}] ${c.name} (${c.ms} ms)`);
    if (c.status === 'failed') fail(`[${label}] ${c.name}\n${c.error}`);
  }
  return r;
}

async function main() {
  if (process.platform === 'win32') {
    // On Windows there is no Wine to run; the same code runs natively there (the Windows workflow's
    // conformance run against real HNS). Said out loud, not skipped silently.
    console.log('Wine lane: not applicable on Windows (the win32 code path runs natively here).');
    return;
  }
  try {
    requireWine();
    requireMingw();
  } catch (e) {
    console.error(`✗ Wine lane: ${e.message}`);
    process.exit(1);
  }
  const dlls = time('build DLLs', () => {
    // The unit phase loads the fake by path, under the names it has on a real Windows runner.
    buildFakeDlls({ name: 'hcnfake' });
    return buildFakeDlls();
  });
  const planted = compileDll(join(WIN32_BUILD_DIR, 'planted', 'computenetwork.dll'), [
    join(HERE, 'planted-dll.c'),
  ]);
  const plantedExe = compileDll(
    join(WIN32_BUILD_DIR, 'planted', 'powershell.exe'),
    [join(HERE, 'planted-exe.c')],
    {
      exe: true,
    },
  );
  mkdirSync(STAGE, { recursive: true });
  time('node.exe + koffi win32', () => {
    ensureWindowsNode();
    stageKoffi(STAGE);
  });
  const tb = Date.now();
  await bundleForWindows(join(HERE, 'lane.ts'), join(STAGE, 'lane.cjs'), { plugins: [swapPlugin] });
  await bundleForWindows(join(ROOT, 'electron/cli/main.ts'), join(STAGE, 'hcnproxyctl.cjs'));
  await bundleForWindows(join(HERE, 'unit-lane.ts'), join(STAGE, 'unit-lane.cjs'), { plugins: [unitPlugin] });
  timings.bundle = Date.now() - tb;

  const prefix = time('wine boot (win10 prefix)', () => createPrefix());
  try {
    const work = join(prefix.driveC, 'hcnwine');
    const cwdPlant = join(work, 'cwd-plant');
    const pathPlant = join(work, 'path-plant');
    for (const d of [cwdPlant, pathPlant]) {
      mkdirSync(d, { recursive: true });
      cpSync(planted, join(d, 'computenetwork.dll'));
      cpSync(plantedExe, join(d, 'powershell.exe'));
    }
    writeFileSync(join(work, 'seed.json'), JSON.stringify(seedState()));
    const env = {
      HCNFAKE_STATE: 'C:\\hcnwine\\seed.json',
      HCNWINE_PLANT_CWD: 'C:\\hcnwine\\cwd-plant',
      HCNWINE_PLANT_PATH: 'C:\\hcnwine\\path-plant',
      // The lane tests the defaults: nothing from the caller's environment may choose for it.
      HCNPROXY_BACKEND: undefined,
      HCNPROXY_DATA_DIR: undefined,
      HCNPROXY_JOURNAL: undefined,
      HCNFAKE_LATENCY_US: undefined,
      HCNFAKE_FAIL_NTH: undefined,
      HCNFAKE_FAIL_FN: undefined,
      HCNFAKE_FAIL_HR: undefined,
      HCNFAKE_FAIL_ID: undefined,
    };
    const lane = toWindowsPath(join(STAGE, 'lane.cjs'));

    // 1. No fake in System32 yet: planted copies must not load; HNS is unavailable, not a crash.
    const plant = time('node.exe: plant phase', () =>
      runWindowsNode(prefix, [lane, 'plant', 'C:\\hcnwine\\plant.json'], {
        env,
        cwd: STAGE,
        timeoutMs: 180_000,
      }),
    );
    report(plant, 'plant');
    const plantFacts = readResults(join(work, 'plant.json'), 'plant').facts;
    for (const f of ['computenetwork.dll.loaded', 'powershell.exe.ran'])
      if (existsSync(join(pathPlant, f))) fail(`the file planted on PATH was used (${f})`);

    // 2. Unit test files and renames over open files (unit-lane.ts): no fake DLL involved.
    const unitRun = time('node.exe: unit phase', () =>
      runWindowsNode(
        prefix,
        [toWindowsPath(join(STAGE, 'unit-lane.cjs')), 'unit', 'C:\\hcnwine\\unit.json'],
        {
          env,
          cwd: STAGE,
          timeoutMs: 180_000,
        },
      ),
    );
    report(unitRun, 'unit');
    readResults(join(work, 'unit.json'), 'unit');

    // 3. The fake DLLs where Windows keeps the real ones; everything else in one node.exe run.
    prefix.installSystemDll(dlls.computenetwork);
    prefix.installSystemDll(dlls.vmcompute);
    const mainRun = time('node.exe: main phase', () =>
      runWindowsNode(prefix, [lane, 'main', 'C:\\hcnwine\\main.json'], {
        env,
        cwd: STAGE,
        timeoutMs: 180_000,
      }),
    );
    report(mainRun, 'main');
    const { facts } = readResults(join(work, 'main.json'), 'main');
    for (const d of [cwdPlant, pathPlant])
      if (existsSync(join(d, 'computenetwork.dll.loaded')))
        fail(`the planted ${d}/computenetwork.dll was loaded`);
    const journal = join(prefix.programData, 'HCN Proxy Control', 'journal.jsonl');
    const settings = join(prefix.appData, 'HCN Proxy Control', 'settings.json');
    if (!existsSync(journal)) fail(`no journal at ${journal} (%ProgramData%)`);
    if (!existsSync(settings)) fail(`no settings at ${settings} (%APPDATA%)`);

    // 4. The CLI bundle as a real process (the entry point users run), default backend.
    const cli = time('node.exe: hcnproxyctl version --json', () =>
      runWindowsNode(prefix, [toWindowsPath(join(STAGE, 'hcnproxyctl.cjs')), 'version', '--json'], {
        env,
        cwd: STAGE,
      }),
    );
    try {
      const v = JSON.parse(cli.stdout);
      if (cli.status !== 0 || v.backend !== 'windows' || v.version?.major !== 15)
        fail(`hcnproxyctl version --json: exit ${cli.status}, ${cli.stdout}${cli.stderr}`);
      else
        console.log(
          `  ✓ [cli] hcnproxyctl.cjs version --json: backend windows, HNS ${v.version.major}.${v.version.minor}`,
        );
    } catch {
      fail(`hcnproxyctl version --json printed no JSON (exit ${cli.status}): ${cli.stdout}${cli.stderr}`);
    }

    console.log(
      `\nWine facts: IsUserAnAdmin() = ${facts.isUserAnAdmin}; system directory ${facts.systemDirectory}; ` +
        `journal ${facts.journalPath}; settings ${facts.settingsPath}; ` +
        `journal DACLs (SDDL) ${JSON.stringify(facts.journalAcl)}; ` +
        `a plain-mkdir app folder opened by the journal ${JSON.stringify(facts.existingFolderAcl)}; ` +
        `HNS events through Wine's powershell.exe: ${JSON.stringify(plantFacts.powershellEvents)}`,
    );
  } finally {
    time('wine shutdown + cleanup', () => prefix.dispose());
  }
  timings.total = Date.now() - t0;
  console.log(`Wine lane timings (ms): ${JSON.stringify(timings)}`);
  if (failures.length) {
    console.error(`\n✗ Wine lane: ${failures.length} failure(s)\n\n${failures.join('\n\n')}`);
    process.exit(1);
  }
  console.log(`✓ Wine lane passed in ${(timings.total / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(`✗ Wine lane crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
