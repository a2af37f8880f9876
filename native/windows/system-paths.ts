import { win32 } from 'node:path';
import { loadKoffi, type LibraryHandle } from './koffi-types';

// Every DLL the app loads, and every program it starts, by ABSOLUTE path from the Windows system
// directory — never by bare name. A bare name makes Windows search the application folder, the
// working directory and PATH (learn.microsoft.com "Dynamic-link library search order"), so a
// computenetwork.dll planted in any of them would run inside the elevated process. hcsshim does the
// same for the DLLs it calls (windows.NewLazySystemDLL: loads from System32 only).
//
// Where System32 is: GetSystemDirectoryW (kernel32), not %SystemRoot%: environment variables come
// from the (unprivileged) user who started us, the API answer does not. kernel32.dll itself is
// loaded by name because it cannot be planted: it is a KnownDLL, mapped into every Windows process
// before any of our code runs, so loading it by name returns that mapped copy without a search.

/** The DLLs the app loads, each only from the system directory. */
export const SYSTEM_DLLS = {
  computenetwork: 'computenetwork.dll',
  vmcompute: 'vmcompute.dll',
  ole32: 'ole32.dll',
  shell32: 'shell32.dll',
  // The journal's admin-only DACL (file-security.ts).
  advapi32: 'advapi32.dll',
} as const;
export type SystemDll = keyof typeof SYSTEM_DLLS;

/** The absolute path of every system DLL, given the system directory. */
export function systemLibraryMap(systemDir: string): Record<SystemDll, string> {
  const map = {} as Record<SystemDll, string>;
  for (const [key, file] of Object.entries(SYSTEM_DLLS)) map[key as SystemDll] = win32.join(systemDir, file);
  return map;
}

/** Windows PowerShell 5.1, which every supported Windows Server has at this fixed place. */
export function powershellPath(systemDir: string): string {
  return win32.join(systemDir, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

let kernel32: Promise<LibraryHandle> | undefined;

/** kernel32.dll (a KnownDLL, see above); shared with system-message.ts. */
export function loadKernel32(): Promise<LibraryHandle> {
  kernel32 ??= loadKoffi()
    .then((koffi) => koffi.load('kernel32.dll'))
    .catch((e: unknown) => {
      kernel32 = undefined;
      throw e;
    });
  return kernel32;
}

let systemDir: Promise<string> | undefined;

/** The system directory (C:\Windows\System32), asked of Windows once. Rejects off Windows. */
export function systemDirectory(): Promise<string> {
  systemDir ??= (async () => {
    if (process.platform !== 'win32')
      throw new Error(`there is no Windows system directory on ${process.platform}`);
    const getSystemDirectoryW = (await loadKernel32()).func(
      'uint32 __stdcall GetSystemDirectoryW(_Out_ uint16_t *lpBuffer, uint32 uSize)',
    );
    const chars = 520;
    const buf = Buffer.alloc(chars * 2);
    const n = Number(getSystemDirectoryW(buf, chars));
    // 0 is failure; n >= chars means the buffer was too small (n is then the size needed).
    if (n === 0 || n >= chars) throw new Error(`GetSystemDirectoryW failed (returned ${n})`);
    const dir = buf.toString('utf16le', 0, n * 2);
    if (!win32.isAbsolute(dir)) throw new Error(`GetSystemDirectoryW returned "${dir}"`);
    return dir;
  })().catch((e: unknown) => {
    systemDir = undefined;
    throw e;
  });
  return systemDir;
}

/** The absolute path of one system DLL. */
export async function systemLibraryPath(dll: SystemDll): Promise<string> {
  return systemLibraryMap(await systemDirectory())[dll];
}

/** Loads a system DLL by its absolute path (koffi's error if it is missing). */
export async function loadSystemLibrary(dll: SystemDll): Promise<LibraryHandle> {
  const [koffi, path] = await Promise.all([loadKoffi(), systemLibraryPath(dll)]);
  return koffi.load(path);
}
