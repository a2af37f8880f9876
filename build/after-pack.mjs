// electron-builder afterPack hook. Runs after the app is copied into the Electron distribution and
// before the executable is signed (electron-builder 26: emitAfterPack → fuses → doSignAfterPack), so
// signing covers the flipped fuses. It also refuses a Windows build without koffi's native package.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/**
 * Every fuse of the v1 wire set explicitly (strictlyRequireAllFuses: a future Electron that adds a
 * fuse fails the build until someone decides its value here).
 */
export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // Off: the elevated exe must not double as a Node interpreter, take NODE_OPTIONS, or open an inspector.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // On: run only the app.asar that was signed into the exe (electron-builder embeds its hash on Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The rest, decided: cookies encrypted at rest (we keep none, but it costs nothing); the default V8
  // snapshot; no extra privileges for file:// (the app loads from app://); WASM trap handlers stay on.
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

const EXT = { win32: '.exe', darwin: '.app', mas: '.app', linux: '' };

export function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  return join(appOutDir, `${name}${EXT[electronPlatformName] ?? ''}`);
}

function hasNodeBinary(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? hasNodeBinary(p) : n.endsWith('.node');
  });
}

/** koffi finds its native part in @koromix/koffi-<platform>-<arch>, which must sit outside the asar. */
export function checkKoffiNative(context) {
  if (context.electronPlatformName !== 'win32') return;
  const arch = { 1: 'x64', 3: 'arm64', 0: 'ia32' }[context.arch] ?? String(context.arch);
  const dir = join(
    context.appOutDir,
    'resources',
    'app.asar.unpacked',
    'node_modules',
    '@koromix',
    `koffi-win32-${arch}`,
  );
  if (!hasNodeBinary(dir)) {
    throw new Error(
      `koffi's native package is missing from the build: expected a .node file under ${dir}. Run npm ci on Windows (it installs @koromix/koffi-win32-${arch}) and keep node_modules/@koromix/** in asarUnpack.`,
    );
  }
}

export async function afterPack(context) {
  checkKoffiNative(context);
  const exe = executablePath(context);
  await flipFuses(exe, FUSES);
  // Read the wire back: a silent no-op would leave RunAsNode on in an elevated exe.
  const wire = await getCurrentFuseWire(exe);
  for (const [index, want] of Object.entries(FUSES)) {
    if (!/^\d+$/.test(index)) continue;
    const got = wire[index];
    const expected = want ? 49 : 48; // FuseState.ENABLE / DISABLE
    if (got !== expected)
      throw new Error(`Fuse ${FuseV1Options[index]} is ${got}, expected ${expected} in ${exe}`);
  }
  console.log(`  • fuses flipped and verified  file=${exe}`);
}

export default afterPack;
