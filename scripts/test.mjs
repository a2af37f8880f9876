// `npm test`: every check, in order, stopping at the first failure.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The package each tool's bin comes from, where the names differ.
const PACKAGE_OF = { tsc: 'typescript' };

/**
 * A tool of node_modules as `node <its bin file>`: no npx, no .cmd shim, no shell on Windows (where
 * Node starts a .cmd only through cmd.exe, since the CVE-2024-27980 fix). test/support/spawn.ts does
 * the same for the tests.
 */
function toolCommand(tool, args) {
  const dir = join(ROOT, 'node_modules', PACKAGE_OF[tool] ?? tool);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin?.[tool];
  if (!rel) throw new Error(`node_modules/${PACKAGE_OF[tool] ?? tool} has no bin ${tool}: run npm ci`);
  return [process.execPath, join(dir, rel), ...args];
}
const steps = [
  // Node code, browser code (renderer: DOM, no Node types) and tests: three programs (see tsconfig.json).
  ['typecheck (node)', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['typecheck (renderer)', ['tsc', '-p', 'renderer/tsconfig.json', '--noEmit']],
  ['typecheck (tests)', ['tsc', '-p', 'test/tsconfig.json', '--noEmit']],
  ['lint', ['eslint', '.', '--max-warnings', '0']],
  ['format', ['prettier', '--check', '.', '--log-level', 'warn']],
  // What a Windows runner checks out (core.autocrlf=true): LF anyway, formatted, byte-exact.
  ['CRLF lane (core.autocrlf=true clone of HEAD)', [process.execPath, 'test/crlf/run.mjs'], 'direct'],
  ['build', ['electron-vite', 'build', '--logLevel', 'warn']],
  [
    'build renderer for the harness',
    ['vite', 'build', '--config', 'renderer/vite.config.mts', '--logLevel', 'warn'],
  ],
  // Two vitest projects (vitest.config.mts): the in-process tests first, then those that start processes/servers.
  ['unit', ['vitest', 'run', '--project', 'unit']],
  ['integration + conformance', ['vitest', 'run', '--project', 'integration']],
  // The Windows code path for real: win32 node.exe under Wine (fails, never skips, without Wine).
  ['Wine lane (win32 node.exe, System32 fake DLLs)', [process.execPath, 'test/wine/run.mjs'], 'direct'],
  ['e2e (Chromium)', ['vitest', 'run', '--config', 'vitest.e2e.config.mts']],
];
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
for (const [name, args, how] of steps) {
  const t0 = Date.now();
  console.log(`\n── ${name} ──`);
  const [command, ...rest] = how === 'direct' ? args : toolCommand(args[0], args.slice(1));
  const r = spawnSync(command, rest, { stdio: 'inherit', env, cwd: ROOT });
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status}).`);
    process.exit(1);
  }
  console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
