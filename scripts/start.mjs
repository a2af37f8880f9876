// `npm start`: build, then launch Electron (simulated HNS off Windows). Where the Electron binary
// cannot be had, say so in one line and point at the browser harness instead of a stack trace.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(bin) ? bin : null;
}

let bin = electronBinary();
if (!bin && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  bin = electronBinary();
}
if (!bin) {
  console.error(
    'npm start: the Electron binary is not installed and cannot be downloaded here; run the same app in a browser with `npm run web` instead.',
  );
  process.exit(1);
}
const build = spawnSync(npx, ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(bin, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
