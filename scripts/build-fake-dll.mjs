// `npm run build:fake-dll`: the Windows build of the fake HNS library, made with MinGW at test time
// (nothing binary is committed). Writes test/fixtures/build/win32/computenetwork.dll (the Hcn*
// exports + the HcnFake* test controls) and vmcompute.dll (HNSCall, forwarded to computenetwork.dll
// so both DLLs share one state). Importable: the Wine lane and the SEA build call buildFakeDlls().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renameRetrying } from './rename-retrying.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test/fixtures');
export const WIN32_BUILD_DIR = join(FIXTURES, 'build/win32');
// On Windows the MinGW gcc is plain `gcc` (GitHub's windows-2022 image: MinGW-w64 on PATH).
export const MINGW_CC =
  process.env.MINGW_CC || (process.platform === 'win32' ? 'gcc' : 'x86_64-w64-mingw32-gcc');
export const INSTALL_HINT = 'apt-get install -y wine wine64 gcc-mingw-w64-x86-64';

const SOURCES = ['fake-computenetwork.c', 'fake-json.c', 'fake-win32-spy.c'].map((f) => join(FIXTURES, f));
const HEADERS = [join(FIXTURES, 'fake-json.h')];

function newer(out, inputs) {
  if (!existsSync(out)) return false;
  const t = statSync(out).mtimeMs;
  return inputs.every((f) => statSync(f).mtimeMs <= t);
}

/** Throws (never skips) when MinGW is missing, saying how to install it. */
export function requireMingw() {
  const probe = spawnSync(MINGW_CC, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `No MinGW-w64 compiler ("${MINGW_CC}"): the Windows fake DLLs are compiled at test time. ` +
        `Install it: \`${INSTALL_HINT}\` (Debian/Ubuntu), or point MINGW_CC at one.`,
    );
}

/**
 * Compiles `inputs` (C files and/or a .def) into the DLL (or with `exe`, the program) `out` unless it is newer than every
 * dependency. Static libgcc/winpthreads: the DLL must need nothing but Windows' own DLLs.
 */
export function compileDll(out, inputs, { deps = [], libs = [], exe = false } = {}) {
  if (newer(out, [...inputs, ...deps])) return out;
  requireMingw();
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`; // parallel builders: build privately, rename atomically
  const args = [
    ...(exe ? [] : ['-shared']),
    '-O2',
    '-Wall',
    '-Wno-unused-function',
    '-static-libgcc',
    '-o',
    tmp,
    ...inputs,
    '-Wl,-Bstatic',
    '-lpthread',
    '-Wl,-Bdynamic',
    ...libs,
  ];
  const r = spawnSync(MINGW_CC, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`MinGW failed to build ${out}:\n${r.stderr || r.error?.message}`);
  try {
    renameRetrying(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    // Another process built it meanwhile and has it loaded: theirs is as new as ours.
    if (!newer(out, [...inputs, ...deps])) throw e;
  }
  return out;
}

/**
 * Builds both DLLs if needed; returns their paths. By default they carry the Windows names, for the
 * Wine lane to put where Windows keeps the real ones (System32). With `{ name: 'hcnfake' }` they are
 * hcnfake-computenetwork.dll and hcnfake-vmcompute.dll in a folder of their own, for tests that load
 * them by path on a real Windows machine: there System32's computenetwork.dll may be loaded in the
 * same process (the real-HNS conformance backend), and the loader resolves vmcompute's forwarder by
 * module name, so the fake's name must be its own.
 */
export function buildFakeDlls({ name } = {}) {
  const dir = name ? join(WIN32_BUILD_DIR, name) : WIN32_BUILD_DIR;
  const prefix = name ? `${name}-` : '';
  const computenetwork = compileDll(join(dir, `${prefix}computenetwork.dll`), SOURCES, {
    deps: HEADERS,
    libs: ['-lole32', '-luuid'],
  });
  // A forwarder: the loader resolves it to computenetwork.dll's HcnFakeHnsCall (one state, one spy).
  const def = join(dir, `${prefix}vmcompute.def`);
  mkdirSync(dir, { recursive: true });
  const defText = `LIBRARY ${prefix}vmcompute.dll\nEXPORTS\n  HNSCall = ${prefix}computenetwork.HcnFakeHnsCall\n`;
  if (!existsSync(def) || readFileSync(def, 'utf8') !== defText) writeFileSync(def, defText);
  const vmcompute = compileDll(join(dir, `${prefix}vmcompute.dll`), [def], {
    deps: [fileURLToPath(import.meta.url)],
  });
  return { computenetwork, vmcompute };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = buildFakeDlls();
    console.log(`${out.computenetwork}\n${out.vmcompute}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
