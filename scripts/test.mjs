// `npm test`: every check, in order, stopping at the first failure.
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
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
  // On Windows npx is npx.cmd, which Node (since the CVE-2024-27980 fix) only spawns through a shell.
  const r =
    how === 'direct'
      ? spawnSync(args[0], args.slice(1), { stdio: 'inherit', env })
      : spawnSync(npx, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status}).`);
    process.exit(1);
  }
  console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
