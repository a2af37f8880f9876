// Builds the renderer, then serves it with the router on 127.0.0.1 (the harness).
import { spawnSync, spawn } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const build = spawnSync(
  npx,
  ['vite', 'build', '--config', 'renderer/vite.config.mts', '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(npx, ['tsx', 'test/harness/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
