// A packaging rehearsal that runs on Linux: the real electron-builder pipeline (file set, app.asar,
// asarUnpack, the asar-integrity resource, the afterPack fuse hook) for win32/x64 `dir`, against a
// stand-in Electron: a real PE from node_modules (electron-winstaller's Setup.exe) with Electron's fuse
// wire appended. Not rehearsed: the real Electron zip, rcedit (icon + requireAdministrator manifest),
// signing and the WiX/MSI step — those run in .github/workflows/windows.yml.
// Needs `npm pack` from the npm registry once (koffi's win32 native package is not installed on Linux).
// Usage: npm run build && node build/dry-run-pack.mjs   → prints what was packed; exit 1 on any failure.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  }).toString();

if (!existsSync(join(root, 'out', 'main', 'index.js'))) throw new Error('Run `npm run build` first.');
const work = mkdtempSync(join(tmpdir(), 'hcn-dry-pack-'));
const project = join(work, 'project');
mkdirSync(project);
for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml'])
  copyFileSync(join(root, f), join(project, f));
cpSync(join(root, 'build'), join(project, 'build'), { recursive: true });
cpSync(join(root, 'out'), join(project, 'out'), { recursive: true });
// Hard links: a full node_modules without copying 600 MB.
run('cp', ['-al', join(root, 'node_modules'), join(project, 'node_modules')], work);

const koffiVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'koffi', 'package.json'), 'utf8'),
).version;
const win32Koffi = join(project, 'node_modules', '@koromix', 'koffi-win32-x64');
if (!existsSync(win32Koffi)) {
  const tgz = run(npm, ['pack', `@koromix/koffi-win32-x64@${koffiVersion}`, '--silent'], work)
    .trim()
    .split('\n')
    .pop();
  run('tar', ['xzf', tgz], work);
  cpSync(join(work, 'package'), win32Koffi, { recursive: true });
}

const fakeElectron = join(work, 'electron-dist');
mkdirSync(join(fakeElectron, 'resources'), { recursive: true });
copyFileSync(require.resolve('electron-winstaller/vendor/Setup.exe'), join(fakeElectron, 'electron.exe'));
const defaults = Buffer.from('101100011', 'ascii'); // Electron's shipped fuse defaults, wire order
appendFileSync(
  join(fakeElectron, 'electron.exe'),
  Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 9]), defaults]),
);

const bin = join(
  project,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
);
process.stdout.write(
  run(
    bin,
    [
      '--win',
      'dir',
      '--x64',
      `-c.electronDist=${fakeElectron}`,
      '-c.win.signAndEditExecutable=false',
      '--publish',
      'never',
    ],
    project,
  )
    .split('\n')
    .filter((l) => !l.includes('duplicate dependency'))
    .join('\n'),
);

const unpacked = join(project, 'release', 'win-unpacked');
const asar = require('@electron/asar');
const files = asar.listPackage(join(unpacked, 'resources', 'app.asar')).map((p) => p.replaceAll('\\', '/'));
const natives = [];
const walk = (d) =>
  readdirSync(d, { withFileTypes: true }).forEach((e) =>
    e.isDirectory()
      ? walk(join(d, e.name))
      : e.name.endsWith('.node') && natives.push(join(d, e.name).slice(unpacked.length + 1)),
  );
walk(join(unpacked, 'resources', 'app.asar.unpacked'));
const must = ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json'];
const missing = must.filter((f) => !files.includes(f));
const leaked = files.filter(
  (f) => /^\/node_modules\/(@mui|react-dom|@tanstack)\//.test(f) || f.endsWith('.map'),
);
console.log(`\napp.asar: ${files.length} entries; unpacked native modules:\n  ${natives.join('\n  ')}`);
if (missing.length || leaked.length || !natives.some((n) => n.includes('koffi-win32-x64'))) {
  console.error({ missing, leaked: leaked.slice(0, 5) });
  process.exit(1);
}
rmSync(work, { recursive: true, force: true });
console.log(
  'Dry-run pack OK: app files present, renderer libraries and source maps left out, koffi win32 native unpacked, fuses flipped and verified.',
);
