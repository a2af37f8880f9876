import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { loadKoffi } from '../../../native/windows/koffi-types';

// The journal folder, the journal and its integrity key are created readable and writable by
// administrators only, with the protection set *at creation* (issue 13 item 4). %ProgramData%'s
// inherited ACL lets standard users create files in a new subfolder, so a folder made by a plain
// mkdir there is a place an unprivileged user can plant or pre-create a journal or key.
//
// Windows: an explicit, protected DACL (SDDL "D:P…": not inheriting from the parent) granting
// BUILTIN\Administrators (BA) and LocalSystem (SY) full control (FA) and nobody else, passed in
// SECURITY_ATTRIBUTES to CreateDirectoryW / CreateFileW so there is no window in which the object exists
// with inherited permissions. POSIX: mode 0700 for the folder, 0600 for files, given to mkdir/open.
// An existing folder or file keeps the protection it has: this sets it at creation only.

/** Folder: inherited by files and subfolders created inside it (OICI). */
export const ADMIN_ONLY_DIR_SDDL = 'D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)';
/** File: the same two principals, nothing to inherit. */
export const ADMIN_ONLY_FILE_SDDL = 'D:P(A;;FA;;;BA)(A;;FA;;;SY)';

/** The Win32 calls, behind an interface so the call sequence is tested off Windows (fake) and under Wine (real). */
export interface AdminOnlyWin32 {
  /** CreateDirectoryW(path, &sa); false when it failed (the folder may already exist). */
  createDirectory(path: string, sddl: string): boolean;
  /** CreateFileW(path, GENERIC_WRITE, share, &sa, CREATE_NEW, …) + CloseHandle; false when it failed. */
  createNewFile(path: string, sddl: string): boolean;
  lastError(): number;
}

let win32: AdminOnlyWin32 | undefined;
/** Test seam: a fake for unit tests off Windows. */
export function setAdminOnlyWin32ForTest(api: AdminOnlyWin32 | undefined): void {
  win32 = api;
}

async function loadWin32(): Promise<AdminOnlyWin32> {
  if (win32) return win32;
  // Loaded only on win32 (koffi's native part for this platform is packaged there), through loadKoffi:
  // koffi takes its async-pool settings only before the first library load, which this may be.
  const koffi = await loadKoffi();
  const advapi32 = koffi.load('advapi32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const SA = koffi.struct('HCNPROXY_SECURITY_ATTRIBUTES', {
    nLength: 'uint32',
    lpSecurityDescriptor: 'void *',
    bInheritHandle: 'int32',
  });
  // BOOL ConvertStringSecurityDescriptorToSecurityDescriptorW(LPCWSTR, DWORD, PSECURITY_DESCRIPTOR*, PULONG)
  const convert = advapi32.func(
    '__stdcall',
    'ConvertStringSecurityDescriptorToSecurityDescriptorW',
    'int32',
    ['str16', 'uint32', koffi.out(koffi.pointer('void *')), 'void *'],
  );
  const localFree = kernel32.func('__stdcall', 'LocalFree', 'void *', ['void *']);
  const createDirectoryW = kernel32.func('__stdcall', 'CreateDirectoryW', 'int32', [
    'str16',
    koffi.pointer(SA),
  ]);
  // HANDLE as intptr_t: INVALID_HANDLE_VALUE is then plain -1.
  const createFileW = kernel32.func('__stdcall', 'CreateFileW', 'intptr_t', [
    'str16',
    'uint32',
    'uint32',
    koffi.pointer(SA),
    'uint32',
    'uint32',
    'intptr_t',
  ]);
  const closeHandle = kernel32.func('__stdcall', 'CloseHandle', 'int32', ['intptr_t']);
  const getLastError = kernel32.func('__stdcall', 'GetLastError', 'uint32', []);
  const SDDL_REVISION_1 = 1;
  const GENERIC_WRITE = 0x40000000;
  const FILE_SHARE_READ_WRITE = 0x1 | 0x2;
  const CREATE_NEW = 1;
  const FILE_ATTRIBUTE_NORMAL = 0x80;

  const withDescriptor = <T>(sddl: string, use: (sa: object) => T): T => {
    const out: unknown[] = [null];
    if (!convert(sddl, SDDL_REVISION_1, out, null))
      throw new Error(
        `ConvertStringSecurityDescriptorToSecurityDescriptorW failed (error ${getLastError()}).`,
      );
    try {
      return use({ nLength: koffi.sizeof(SA), lpSecurityDescriptor: out[0], bInheritHandle: 0 });
    } finally {
      localFree(out[0]);
    }
  };
  win32 = {
    createDirectory: (path, sddl) => withDescriptor(sddl, (sa) => createDirectoryW(path, sa) !== 0),
    createNewFile: (path, sddl) =>
      withDescriptor(sddl, (sa) => {
        const h = Number(
          createFileW(path, GENERIC_WRITE, FILE_SHARE_READ_WRITE, sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, 0),
        );
        if (h === -1) return false;
        closeHandle(h);
        return true;
      }),
    lastError: () => Number(getLastError()),
  };
  return win32;
}

/** Creates `dir` (and missing parents) with the last component admin-only. No-op if it exists. */
export async function ensureAdminOnlyDir(dir: string, platform: string = process.platform): Promise<void> {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dirname(dir), { recursive: true });
  if (platform === 'win32') {
    const api = await loadWin32();
    if (!api.createDirectory(dir, ADMIN_ONLY_DIR_SDDL) && !fs.existsSync(dir))
      throw new Error(`Could not create the admin-only folder ${dir} (Windows error ${api.lastError()}).`);
    return;
  }
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/**
 * Creates `file` admin-only if it does not exist; returns true when this call created it. The file is
 * created empty: callers open it afterwards for writing (its protection is already in place).
 */
export async function createAdminOnlyFile(
  file: string,
  platform: string = process.platform,
): Promise<boolean> {
  if (platform === 'win32') {
    const api = await loadWin32();
    if (api.createNewFile(file, ADMIN_ONLY_FILE_SDDL)) return true;
    if (fs.existsSync(file)) return false;
    throw new Error(`Could not create the admin-only file ${file} (Windows error ${api.lastError()}).`);
  }
  try {
    fs.closeSync(
      fs.openSync(
        file,
        fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0),
        0o600,
      ),
    );
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * The DACL of a file or folder as SDDL (GetNamedSecurityInfoW + ConvertSecurityDescriptorTo…), for
 * checking what creation actually produced (the Wine lane reads it back). Windows only.
 */
export async function readDaclSddl(path: string): Promise<string> {
  const koffi = await loadKoffi();
  const advapi32 = koffi.load('advapi32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const SE_FILE_OBJECT = 1;
  const DACL_SECURITY_INFORMATION = 4;
  const getNamed = advapi32.func('__stdcall', 'GetNamedSecurityInfoW', 'uint32', [
    'str16',
    'int',
    'uint32',
    'void *',
    'void *',
    'void *',
    'void *',
    koffi.out(koffi.pointer('void *')),
  ]);
  const toSddl = advapi32.func('__stdcall', 'ConvertSecurityDescriptorToStringSecurityDescriptorW', 'int32', [
    'void *',
    'uint32',
    'uint32',
    koffi.out(koffi.pointer('void *')),
    'void *',
  ]);
  const localFree = kernel32.func('__stdcall', 'LocalFree', 'void *', ['void *']);
  const sd: unknown[] = [null];
  const rc = Number(getNamed(path, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, null, null, null, null, sd));
  if (rc !== 0) throw new Error(`GetNamedSecurityInfoW(${path}) failed (error ${rc}).`);
  try {
    const str: unknown[] = [null];
    if (!toSddl(sd[0], 1, DACL_SECURITY_INFORMATION, str, null))
      throw new Error(`ConvertSecurityDescriptorToStringSecurityDescriptorW(${path}) failed.`);
    try {
      return koffi.decode(str[0], 'char16_t', -1) as string;
    } finally {
      localFree(str[0]);
    }
  } finally {
    localFree(sd[0]);
  }
}
