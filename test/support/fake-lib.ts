import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildFakeDlls } from '../../scripts/build-fake-dll.mjs';
// @ts-expect-error -- plain ESM build script without type declarations
import { renameRetrying } from '../../scripts/rename-retrying.mjs';

// Compiles the fake computenetwork library (test/fixtures/*.c) with the machine's C compiler at test
// time; nothing binary is committed. Rebuilds only when a source is newer than the library.
// On Windows it is built the way Windows needs it (scripts/build-fake-dll.mjs, MinGW):
// hcnfake-computenetwork.dll with the Hcn* and HcnFake* exports, hcnfake-vmcompute.dll forwarding
// HNSCall to it, and no CoTaskMemFree of its own — buffers are freed through System32's ole32.dll, as
// in production.
// Built once per run by the vitest global setup (test/support/global-setup.ts), before any test
// process loads it: Windows cannot replace a DLL another process has mapped.

// Test code only (never bundled into the app: test/integration/main-packaging.test.ts checks), so the fixtures
// are always found from this file, never from the working directory.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'test/fixtures');
const SOURCES = ['fake-computenetwork.c', 'fake-json.c', 'fake-json.h'].map((f) => join(FIXTURES, f));
const EXT = process.platform === 'darwin' ? 'dylib' : 'so';
const WINDOWS = process.platform === 'win32';

const POSIX_LIB_PATH = join(FIXTURES, 'build', `libfake-computenetwork.${EXT}`);

/** The three libraries WindowsHns loads, as the fake provides them on this platform. */
export interface FakeLibraries {
  /** The Hcn* functions and the HcnFake* test controls. */
  computenetwork: string;
  /** HNSCall. */
  vmcompute: string;
  /** CoTaskMemFree. */
  ole32: string;
}

function newestSourceMtime(): number {
  return Math.max(...SOURCES.map((f) => statSync(f).mtimeMs));
}

function buildPosixLib(): string {
  if (existsSync(POSIX_LIB_PATH) && statSync(POSIX_LIB_PATH).mtimeMs >= newestSourceMtime())
    return POSIX_LIB_PATH;
  const cc = process.env.CC || 'cc';
  const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `No C compiler found ("${cc}"): the FFI tests compile a fake computenetwork library at test time. ` +
        'Install one (Debian/Ubuntu: `sudo apt-get install -y gcc`; Fedora: `sudo dnf install gcc`; macOS: ' +
        '`xcode-select --install`) or point CC at a compiler.',
    );
  }
  mkdirSync(dirname(POSIX_LIB_PATH), { recursive: true });
  // Test files run in parallel processes: build to a private name, then rename atomically.
  const tmp = `${POSIX_LIB_PATH}.${process.pid}.tmp`;
  const args = ['-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-fvisibility=hidden', '-pthread'];
  const r = spawnSync(cc, [...args, '-o', tmp, SOURCES[0] as string, SOURCES[1] as string], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(`Compiling the fake computenetwork library failed:\n${r.stderr || r.error?.message}`);
  }
  renameRetrying(tmp, POSIX_LIB_PATH);
  return POSIX_LIB_PATH;
}

/** System32's ole32.dll (tests only: the product asks GetSystemDirectoryW, native/windows/system-paths.ts). */
function systemOle32(): string {
  return join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'ole32.dll');
}

/** Builds the fake if needed and returns the three library paths. Throws (never skips) without a compiler. */
export function fakeLibraries(): FakeLibraries {
  if (WINDOWS) {
    // Names of their own: System32's computenetwork.dll may share the process (build-fake-dll.mjs).
    const dlls = buildFakeDlls({ name: 'hcnfake' }) as { computenetwork: string; vmcompute: string };
    return { ...dlls, ole32: systemOle32() };
  }
  const lib = buildPosixLib();
  return { computenetwork: lib, vmcompute: lib, ole32: lib };
}

/** The library with the Hcn* functions and the HcnFake* controls, built first if needed. */
export function buildFakeLib(): string {
  return fakeLibraries().computenetwork;
}
