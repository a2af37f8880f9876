// `npm start`: build, then launch Electron (simulated HNS off Windows). Where the Electron binary is
// missing and cannot be downloaded, the same app starts in the browser instead (scripts/web.mjs: the
// harness with the simulated backend), after one line saying why: one command always shows the app.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const EXE = { win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };

/** Where electron's own install put the binary, or ELECTRON_OVERRIDE_DIST_PATH (its variable for elsewhere). */
function electronBinary(dir) {
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : (EXE[process.platform] ?? 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? join(override, name) : existsSync(pathFile) ? join(dir, 'dist', name) : null;
  return bin && existsSync(bin) ? bin : null;
}

/** The Electron binary, downloading it if allowed; otherwise why there is none. */
function findElectron() {
  const dir = electronDir();
  if (!dir) return { why: 'the electron package is not installed (run `npm install`)' };
  let bin = electronBinary(dir);
  if (bin) return { bin };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1')
    return {
      why: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD=1 forbids fetching it',
    };
  spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  bin = electronBinary(dir);
  return bin ? { bin } : { why: 'the Electron binary is not installed and could not be downloaded here' };
}

function startBrowserFallback(why) {
  console.log(`npm start: ${why}; starting the same app in your browser instead (simulated HNS):`);
  // web.mjs prints the URL (with its access token) once the harness listens.
  const child = spawn(process.execPath, [join(here, 'web.mjs'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
}

const found = findElectron();
if (!found.bin) {
  startBrowserFallback(found.why);
} else {
  const build = spawnSync(npx, ['electron-vite', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(found.bin, ['.', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}
