import { loadKoffi } from './koffi-types';
import { loadKernel32, loadSystemLibrary } from './system-paths';

// Win32 file security through koffi: create a folder or file with a security descriptor, replace the
// owner and DACL of an existing one, read them back as SDDL, and the SID this process runs as. Used by
// the journal's admin-only protection (electron/core/journal/admin-only.ts), which holds the policy;
// this file only speaks Win32. Every buffer the system allocates (the converted descriptor, SDDL
// strings, the descriptor GetNamedSecurityInfoW returns) is released with LocalFree in a finally, and
// the token handle with CloseHandle, on success and failure alike.
//
// Sources: the Win32 docs of ConvertStringSecurityDescriptorToSecurityDescriptorW,
// GetSecurityDescriptorOwner/Dacl, SetNamedSecurityInfoW, GetNamedSecurityInfoW,
// ConvertSecurityDescriptorToStringSecurityDescriptorW, OpenProcessToken, GetTokenInformation
// (TokenUser) and ConvertSidToStringSidW (learn.microsoft.com, Win32 API reference).

export interface FileSecurityApi {
  /** CreateDirectoryW(path, &sa with `sddl`); false when it failed (the folder may already exist). */
  createDirectory(path: string, sddl: string): boolean;
  /** CreateFileW(path, GENERIC_WRITE, share, &sa with `sddl`, CREATE_NEW, …) + CloseHandle; false on failure. */
  createNewFile(path: string, sddl: string): boolean;
  /**
   * SetNamedSecurityInfoW: the owner (when `sddl` has "O:") and the DACL of `sddl`, marked protected so
   * nothing is inherited from the parent. Returns the Win32 error code (0 = done).
   */
  setSecurity(path: string, sddl: string): number;
  /** Owner and DACL of `path` as SDDL ("O:BAD:P(A;;FA;;;BA)…"); throws with the Win32 error. */
  readSecurity(path: string): string;
  /** The user SID of this process's token, as a string ("S-1-5-21-…"). */
  currentUserSid(): string;
  lastError(): number;
}

const SDDL_REVISION_1 = 1;
const SE_FILE_OBJECT = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const DACL_SECURITY_INFORMATION = 0x4;
const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
const GENERIC_WRITE = 0x40000000;
const FILE_SHARE_READ_WRITE = 0x1 | 0x2;
const CREATE_NEW = 1;
const FILE_ATTRIBUTE_NORMAL = 0x80;
const TOKEN_QUERY = 0x8;
const TOKEN_USER_CLASS = 1;
/** The win32 error for "not found", as an errno-style code callers already handle. */
const ERROR_FILE_NOT_FOUND = 2;
const ERROR_PATH_NOT_FOUND = 3;

let api: FileSecurityApi | undefined;

/** The real bindings, loaded on first use (Windows only: koffi's native part for win32 is packaged there). */
export async function loadFileSecurity(): Promise<FileSecurityApi> {
  if (api) return api;
  // Through loadKoffi: koffi takes its async-pool settings only before the first library load.
  // advapi32 from System32 by absolute path, like every DLL the app loads (system-paths.ts).
  const koffi = await loadKoffi();
  const [advapi32, kernel32] = await Promise.all([loadSystemLibrary('advapi32'), loadKernel32()]);
  const SA = koffi.struct('HCNPROXY_SECURITY_ATTRIBUTES', {
    nLength: 'uint32',
    lpSecurityDescriptor: 'void *',
    bInheritHandle: 'int32',
  });
  const outPtr = () => koffi.out(koffi.pointer('void *'));
  const convert = advapi32.func(
    '__stdcall',
    'ConvertStringSecurityDescriptorToSecurityDescriptorW',
    'int32',
    ['str16', 'uint32', outPtr(), 'void *'],
  );
  const toSddl = advapi32.func('__stdcall', 'ConvertSecurityDescriptorToStringSecurityDescriptorW', 'int32', [
    'void *',
    'uint32',
    'uint32',
    outPtr(),
    'void *',
  ]);
  const getOwner = advapi32.func('__stdcall', 'GetSecurityDescriptorOwner', 'int32', [
    'void *',
    outPtr(),
    koffi.out(koffi.pointer('int32')),
  ]);
  const getDacl = advapi32.func('__stdcall', 'GetSecurityDescriptorDacl', 'int32', [
    'void *',
    koffi.out(koffi.pointer('int32')),
    outPtr(),
    koffi.out(koffi.pointer('int32')),
  ]);
  const setNamed = advapi32.func('__stdcall', 'SetNamedSecurityInfoW', 'uint32', [
    'str16',
    'int',
    'uint32',
    'void *',
    'void *',
    'void *',
    'void *',
  ]);
  const getNamed = advapi32.func('__stdcall', 'GetNamedSecurityInfoW', 'uint32', [
    'str16',
    'int',
    'uint32',
    'void *',
    'void *',
    'void *',
    'void *',
    outPtr(),
  ]);
  const openProcessToken = advapi32.func('__stdcall', 'OpenProcessToken', 'int32', [
    'intptr_t',
    'uint32',
    koffi.out(koffi.pointer('intptr_t')),
  ]);
  const getTokenInformation = advapi32.func('__stdcall', 'GetTokenInformation', 'int32', [
    'intptr_t',
    'int',
    'void *',
    'uint32',
    koffi.out(koffi.pointer('uint32')),
  ]);
  const sidToString = advapi32.func('__stdcall', 'ConvertSidToStringSidW', 'int32', ['void *', outPtr()]);
  const localFree = kernel32.func('__stdcall', 'LocalFree', 'void *', ['void *']);
  const getCurrentProcess = kernel32.func('__stdcall', 'GetCurrentProcess', 'intptr_t', []);
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

  /** A LocalAlloc'd UTF-16 string: decoded, then freed. */
  const takeString16 = (ptr: unknown): string => {
    try {
      return koffi.decode(ptr, 'char16_t', -1) as string;
    } finally {
      localFree(ptr);
    }
  };

  const withDescriptor = <T>(sddl: string, use: (sd: unknown) => T): T => {
    const out: unknown[] = [null];
    if (!convert(sddl, SDDL_REVISION_1, out, null))
      throw new Error(
        `ConvertStringSecurityDescriptorToSecurityDescriptorW failed (error ${getLastError()}).`,
      );
    try {
      return use(out[0]);
    } finally {
      localFree(out[0]);
    }
  };
  const attributes = (sd: unknown) => ({
    nLength: koffi.sizeof(SA),
    lpSecurityDescriptor: sd,
    bInheritHandle: 0,
  });

  api = {
    createDirectory: (path, sddl) =>
      withDescriptor(sddl, (sd) => createDirectoryW(path, attributes(sd)) !== 0),
    createNewFile: (path, sddl) =>
      withDescriptor(sddl, (sd) => {
        const h = Number(
          createFileW(
            path,
            GENERIC_WRITE,
            FILE_SHARE_READ_WRITE,
            attributes(sd),
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            0,
          ),
        );
        if (h === -1) return false;
        closeHandle(h);
        return true;
      }),
    setSecurity: (path, sddl) =>
      // The owner and DACL point into the converted descriptor, freed (once) after the call.
      withDescriptor(sddl, (sd) => {
        const owner: unknown[] = [null];
        const defaulted = [0];
        const present = [0];
        const dacl: unknown[] = [null];
        if (!getOwner(sd, owner, defaulted) || !getDacl(sd, present, dacl, defaulted))
          return Number(getLastError());
        const info =
          DACL_SECURITY_INFORMATION |
          PROTECTED_DACL_SECURITY_INFORMATION |
          (owner[0] ? OWNER_SECURITY_INFORMATION : 0);
        return Number(setNamed(path, SE_FILE_OBJECT, info >>> 0, owner[0], null, dacl[0], null));
      }),
    readSecurity: (path) => {
      const sd: unknown[] = [null];
      const info = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
      const rc = Number(getNamed(path, SE_FILE_OBJECT, info, null, null, null, null, sd));
      if (rc !== 0) {
        const e = new Error(`GetNamedSecurityInfoW(${path}) failed (error ${rc}).`) as NodeJS.ErrnoException;
        if (rc === ERROR_FILE_NOT_FOUND || rc === ERROR_PATH_NOT_FOUND) e.code = 'ENOENT';
        throw e;
      }
      try {
        const str: unknown[] = [null];
        if (!toSddl(sd[0], SDDL_REVISION_1, info, str, null))
          throw new Error(
            `ConvertSecurityDescriptorToStringSecurityDescriptorW(${path}) failed (error ${getLastError()}).`,
          );
        return takeString16(str[0]);
      } finally {
        localFree(sd[0]);
      }
    },
    // A process's token user never changes: asked once, not on every key read.
    currentUserSid: () => (userSid ??= readUserSid()),
    lastError: () => Number(getLastError()),
  };
  let userSid: string | undefined;
  function readUserSid(): string {
    const token = [0];
    if (!openProcessToken(getCurrentProcess(), TOKEN_QUERY, token))
      throw new Error(`OpenProcessToken failed (error ${getLastError()}).`);
    try {
      // TOKEN_USER is a SID_AND_ATTRIBUTES whose Sid points into the same buffer, after the struct.
      const buf = Buffer.alloc(256);
      const needed = [0];
      if (!getTokenInformation(token[0], TOKEN_USER_CLASS, buf, buf.length, needed))
        throw new Error(`GetTokenInformation(TokenUser) failed (error ${getLastError()}).`);
      const str: unknown[] = [null];
      if (!sidToString(koffi.decode(buf, 'void *'), str))
        throw new Error(`ConvertSidToStringSidW failed (error ${getLastError()}).`);
      return takeString16(str[0]);
    } finally {
      closeHandle(token[0]);
    }
  }
  return api;
}
