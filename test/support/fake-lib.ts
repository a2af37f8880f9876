import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiles the fake computenetwork library (test/fixtures/*.c) with the machine's C compiler at test
// time; nothing binary is committed. Rebuilds only when a source is newer than the library.

// Test code only (never bundled into the app: test/integration/main-packaging.test.ts checks), so the fixtures
// are always found from this file, never from the working directory.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'test/fixtures');
const SOURCES = ['fake-computenetwork.c', 'fake-json.c', 'fake-json.h'].map((f) => join(FIXTURES, f));
const EXT = process.platform === 'darwin' ? 'dylib' : process.platform === 'win32' ? 'dll' : 'so';

export const FAKE_LIB_PATH = join(FIXTURES, 'build', `libfake-computenetwork.${EXT}`);

function newestSourceMtime(): number {
  return Math.max(...SOURCES.map((f) => statSync(f).mtimeMs));
}

/** Returns the path of the built fake library, compiling it first if needed. Throws (never skips) without cc. */
export function buildFakeLib(): string {
  if (existsSync(FAKE_LIB_PATH) && statSync(FAKE_LIB_PATH).mtimeMs >= newestSourceMtime())
    return FAKE_LIB_PATH;
  const cc = process.env.CC || 'cc';
  const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `No C compiler found ("${cc}"): the FFI tests compile a fake computenetwork library at test time. ` +
        'Install one (Debian/Ubuntu: `sudo apt-get install -y gcc`; Fedora: `sudo dnf install gcc`; macOS: ' +
        '`xcode-select --install`) or point CC at a compiler.',
    );
  }
  mkdirSync(dirname(FAKE_LIB_PATH), { recursive: true });
  // Test files run in parallel processes: build to a private name, then rename atomically.
  const tmp = `${FAKE_LIB_PATH}.${process.pid}.tmp`;
  const args = ['-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-fvisibility=hidden', '-pthread'];
  const r = spawnSync(cc, [...args, '-o', tmp, SOURCES[0] as string, SOURCES[1] as string], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(`Compiling the fake computenetwork library failed:\n${r.stderr || r.error?.message}`);
  }
  renameSync(tmp, FAKE_LIB_PATH);
  return FAKE_LIB_PATH;
}
