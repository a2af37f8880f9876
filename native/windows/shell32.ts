// shell32's two entry points the app and the CLI use: IsUserAnAdmin (am I elevated?) and ShellExecuteW
// with the "runas" verb (restart elevated: the UAC prompt). Both DLLs by absolute path from System32
// (system-paths.ts: never a bare name), through loadKoffi.
//
// ShellExecute may hand the request to shell extensions, which are COM objects: Microsoft's
// ShellExecuteW page asks callers to initialise COM (CoInitializeEx, apartment-threaded) on the
// calling thread first. A koffi `.async` call runs on a libuv pool thread that has no COM apartment,
// and two async calls need not land on the same pool thread, so the prompt is not started that way:
// it runs on the calling (main) thread between CoInitializeEx and CoUninitialize. That thread waits
// until the prompt is answered (UAC shows it on the secure desktop; the app cannot be used meanwhile).
import { loadSystemLibrary } from './system-paths';

/** The two shell32 entry points, as plain functions (tests pass fakes). */
export interface Shell32 {
  isUserAnAdmin(): boolean;
  /**
   * ShellExecuteW(NULL, verb, file, params, dir, SW_SHOWNORMAL) on the calling thread, inside a COM
   * apartment; resolves with its HINSTANCE-as-number (> 32 is success).
   */
  shellExecute(verb: string, file: string, params: string, dir: string): Promise<number>;
}

type KoffiFn = (...args: unknown[]) => unknown;
interface LibLike {
  func(convention: string, name: string, ret: string, args: string[]): KoffiFn;
}

const SW_SHOWNORMAL = 1;
const COINIT_APARTMENTTHREADED = 0x2;
const COINIT_DISABLE_OLE1DDE = 0x4;
/** The thread already has a multithreaded apartment: COM is initialised, in the other model. */
export const RPC_E_CHANGED_MODE = 0x80010106 | 0;

export interface ComCalls {
  coInitializeEx(flags: number): number;
  coUninitialize(): void;
}

/**
 * Runs `fn` on this thread with COM initialised: CoInitializeEx(apartment-threaded), then `fn`, then
 * CoUninitialize for every successful CoInitializeEx (S_OK and S_FALSE alike, as COM counts them).
 * RPC_E_CHANGED_MODE means the thread already has COM (multithreaded): `fn` runs, nothing to undo.
 * Any other failure HRESULT is thrown and `fn` does not run.
 */
export function withComApartment<T>(com: ComCalls, fn: () => T): T {
  const hr = com.coInitializeEx(COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
  if (hr === RPC_E_CHANGED_MODE) return fn();
  if (hr < 0)
    throw new Error(`CoInitializeEx failed (HRESULT 0x${(hr >>> 0).toString(16).padStart(8, '0')})`);
  try {
    return fn();
  } finally {
    com.coUninitialize();
  }
}

/** Binds shell32 and ole32 through koffi. Only ever called on win32. */
export async function loadShell32(): Promise<Shell32> {
  const [shell, ole] = (await Promise.all([
    loadSystemLibrary('shell32'),
    loadSystemLibrary('ole32'),
  ])) as unknown as [LibLike, LibLike];
  // BOOL IsUserAnAdmin(void); BOOL is a 32-bit int.
  const isUserAnAdmin = shell.func('__stdcall', 'IsUserAnAdmin', 'int', []);
  const shellExecuteW = shell.func('__stdcall', 'ShellExecuteW', 'intptr_t', [
    'void *',
    'str16',
    'str16',
    'str16',
    'str16',
    'int',
  ]);
  const coInitializeEx = ole.func('__stdcall', 'CoInitializeEx', 'int32', ['void *', 'uint32']);
  const coUninitialize = ole.func('__stdcall', 'CoUninitialize', 'void', []);
  const com: ComCalls = {
    coInitializeEx: (flags) => Number(coInitializeEx(null, flags)),
    coUninitialize: () => void coUninitialize(),
  };
  return {
    isUserAnAdmin: () => Number(isUserAnAdmin()) !== 0,
    shellExecute: async (verb, file, params, dir) =>
      withComApartment(com, () => Number(shellExecuteW(null, verb, file, params, dir, SW_SHOWNORMAL))),
  };
}
