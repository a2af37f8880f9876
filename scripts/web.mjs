// `npm run web` (and `npm start` where Electron cannot run): builds the renderer, then serves it with
// the router on 127.0.0.1 (the harness, simulated HNS unless --backend fake). Arguments go to the
// harness (test/harness/main.ts). HCNPROXY_RENDERER_DIR builds into and serves another folder than
// out/renderer (tests, so they never rebuild the out/ other tests are reading).
import { spawnSync, spawn } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const rendererDir = process.env.HCNPROXY_RENDERER_DIR;
const build = spawnSync(
  npx,
  [
    'vite',
    'build',
    '--config',
    'renderer/vite.config.mts',
    '--logLevel',
    'warn',
    ...(rendererDir ? ['--outDir', rendererDir, '--emptyOutDir'] : []),
  ],
  // npx is npx.cmd on Windows, which Node only spawns through a shell (CVE-2024-27980).
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(
  npx,
  [
    'tsx',
    'test/harness/main.ts',
    ...(rendererDir ? ['--renderer-dir', rendererDir] : []),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
child.on('exit', (code) => process.exit(code ?? 1));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
