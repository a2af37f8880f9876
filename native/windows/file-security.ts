import { loadKoffi } from './koffi-types';
import { loadKernel32, loadSystemLibrary } from './system-paths';

// Win32 file security through koffi: create a folder or file with a security descriptor; open an
// existing one WITHOUT following a junction or symbolic link (FILE_FLAG_OPEN_REPARSE_POINT, with
// FILE_FLAG_BACKUP_SEMANTICS so folders open at all) and read or replace its owner and DACL on that
// handle (GetSecurityInfo / SetSecurityInfo) — a path-based call (SetNamedSecurityInfoW) would follow
// a junction a standard user planted and re-own its target. Owner and ACEs are judged as binary SIDs
// (EqualSid against the well-known Administrators and LocalSystem SIDs and this token's user, the ACL
// walked with GetAclInformation/GetAce), never by parsing SDDL text; SDDL is produced only to show a
// descriptor to a person. Replacing an owner enables SeTakeOwnershipPrivilege and SeRestorePrivilege
// for the call (an elevated administrator holds both, disabled) and disables them after. The policy —
// what counts as admin-only, what is refused — is electron/core/journal/admin-only.ts; this file only
// speaks Win32. Every buffer the system allocates is released with LocalFree and every handle with
// CloseHandle in a finally, on success and failure alike.
//
// Sources: the Win32 API reference (learn.microsoft.com) of CreateFileW (FILE_FLAG_OPEN_REPARSE_POINT,
// FILE_FLAG_BACKUP_SEMANTICS), GetFileInformationByHandle, GetSecurityInfo, SetSecurityInfo,
// GetAclInformation, GetAce, ACE_HEADER / ACCESS_ALLOWED_ACE / ACCESS_ALLOWED_OBJECT_ACE, EqualSid,
// CreateWellKnownSid, GetLengthSid, AdjustTokenPrivileges, LookupPrivilegeValueW,
// ConvertStringSecurityDescriptorToSecurityDescriptorW, ConvertSecurityDescriptorToStringSecurityDescriptorW,
// OpenProcessToken, GetTokenInformation (TokenUser), ConvertSidToStringSidW.

/** Whom a SID names, as the policy needs to know it (decided with EqualSid). */
export type SidKind = 'administrators' | 'system' | 'this-user' | 'other';

export interface SidView {
  kind: SidKind;
  /** "S-1-5-…", for messages only. */
  sid: string;
}

export interface AceView {
  /** Grants rights (an access-allowed ACE of any form); deny ACEs only take away. */
  allow: boolean;
  type: number;
  mask: number;
  /** Undefined when the ACE's layout is not one this code reads (the policy then refuses). */
  sid?: SidView;
}

export interface ObjectSecurity {
  /** What the handle reports (GetFileInformationByHandle). */
  reparsePoint: boolean;
  directory: boolean;
  owner?: SidView;
  /** 'null': no DACL, everyone has full access. */
  dacl: AceView[] | 'null';
}

export interface FileSecurityApi {
  /** CreateDirectoryW(path, &sa with `sddl`); false when it failed (the folder may already exist). */
  createDirectory(path: string, sddl: string): boolean;
  /** CreateFileW(path, GENERIC_WRITE, share, &sa with `sddl`, CREATE_NEW, …) + CloseHandle; false on failure. */
  createNewFile(path: string, sddl: string): boolean;
  /**
   * Opens `path` without following a reparse point and reads what it is, its owner and DACL. Throws
   * with `code` ENOENT when it does not exist, EACCES when even reading its security is denied.
   */
  inspect(path: string): ObjectSecurity;
  /**
   * On a handle opened without following a reparse point (and refused, returning
   * ERROR_REPARSE_POINT_REFUSED, when the object is one): SetSecurityInfo with the owner (when `sddl`
   * has "O:") and the DACL of `sddl`, protected. Returns the Win32 error code (0 = done).
   */
  resetSecurity(path: string, sddl: string): number;
  /** Owner and DACL as SDDL, for people (the Wine lane prints it); opened like inspect. */
  describe(path: string): string;
  /**
   * Whether this process's user SID is shared with an un-elevated token: a UAC split token
   * (TokenElevationType Full or Limited). Then a key owned by or open to that SID is one the
   * un-elevated half of the same administrator could have planted or read.
   */
  userSidSharedWithUnelevated(): boolean;
  lastError(): number;
}

/**
 * resetSecurity's answer for an object that turned out to be a junction or link: nothing was changed.
 * Bit 29 marks an application-defined code, so no Win32 error has this value.
 */
export const ERROR_REPARSE_POINT_REFUSED = 0x20000001;
export const ERROR_ACCESS_DENIED = 5;

const SDDL_REVISION_1 = 1;
const SE_FILE_OBJECT = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const DACL_SECURITY_INFORMATION = 0x4;
const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
const GENERIC_WRITE = 0x40000000;
const READ_CONTROL = 0x20000;
const WRITE_DAC = 0x40000;
const WRITE_OWNER = 0x80000;
const FILE_READ_ATTRIBUTES = 0x80;
const FILE_SHARE_READ_WRITE = 0x1 | 0x2;
const FILE_SHARE_ALL = FILE_SHARE_READ_WRITE | 0x4;
const CREATE_NEW = 1;
const OPEN_EXISTING = 3;
const FILE_ATTRIBUTE_NORMAL = 0x80;
const FILE_ATTRIBUTE_DIRECTORY = 0x10;
const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
const FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
const FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;
const TOKEN_QUERY = 0x8;
const TOKEN_ADJUST_PRIVILEGES = 0x20;
const TOKEN_USER_CLASS = 1;
const TOKEN_ELEVATION_TYPE_CLASS = 18;
/** TokenElevationTypeDefault: no linked token (UAC off, the built-in Administrator, a service). */
const TOKEN_ELEVATION_TYPE_DEFAULT = 1;
const SE_PRIVILEGE_ENABLED = 0x2;
const ACL_SIZE_INFORMATION_CLASS = 2;
const WIN_LOCAL_SYSTEM_SID = 22;
const WIN_BUILTIN_ADMINISTRATORS_SID = 26;
const SECURITY_MAX_SID_SIZE = 68;
/** BY_HANDLE_FILE_INFORMATION: dwFileAttributes first, 52 bytes in all. */
const FILE_INFO_BYTES = 52;
const ERROR_FILE_NOT_FOUND = 2;
const ERROR_PATH_NOT_FOUND = 3;
/** ACE types that grant: ACCESS_ALLOWED (0), _COMPOUND (4), _OBJECT (5), _CALLBACK (9), _CALLBACK_OBJECT (11). */
const ALLOW_TYPES = new Set([0, 4, 5, 9, 11]);
/** Object ACEs: Mask, Flags, then up to two GUIDs (present per Flags), then the SID. */
const OBJECT_TYPES = new Set([5, 6, 7, 8, 11, 12, 13, 15, 16]);
/** Plain layout: header (4), Mask (4), SID. */
const PLAIN_TYPES = new Set([0, 1, 2, 3, 9, 10, 13, 17, 18, 19]);

const PRIVILEGES = ['SeTakeOwnershipPrivilege', 'SeRestorePrivilege'] as const;

const fileError = (what: string, path: string, rc: number) => {
  const e = new Error(`${what}(${path}) failed (Windows error ${rc}).`) as NodeJS.ErrnoException;
  if (rc === ERROR_FILE_NOT_FOUND || rc === ERROR_PATH_NOT_FOUND) e.code = 'ENOENT';
  else if (rc === ERROR_ACCESS_DENIED) e.code = 'EACCES';
  e.errno = rc;
  return e;
};

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
  const fn = (lib: typeof advapi32, name: string, ret: string, args: unknown[]) =>
    lib.func('__stdcall', name, ret, args as never);
  const convert = fn(advapi32, 'ConvertStringSecurityDescriptorToSecurityDescriptorW', 'int32', [
    'str16',
    'uint32',
    outPtr(),
    'void *',
  ]);
  const toSddl = fn(advapi32, 'ConvertSecurityDescriptorToStringSecurityDescriptorW', 'int32', [
    'void *',
    'uint32',
    'uint32',
    outPtr(),
    'void *',
  ]);
  const getOwner = fn(advapi32, 'GetSecurityDescriptorOwner', 'int32', [
    'void *',
    outPtr(),
    koffi.out(koffi.pointer('int32')),
  ]);
  const getDacl = fn(advapi32, 'GetSecurityDescriptorDacl', 'int32', [
    'void *',
    koffi.out(koffi.pointer('int32')),
    outPtr(),
    koffi.out(koffi.pointer('int32')),
  ]);
  const getSecurityInfo = fn(advapi32, 'GetSecurityInfo', 'uint32', [
    'intptr_t',
    'int',
    'uint32',
    outPtr(),
    'void *',
    outPtr(),
    'void *',
    outPtr(),
  ]);
  const setSecurityInfo = fn(advapi32, 'SetSecurityInfo', 'uint32', [
    'intptr_t',
    'int',
    'uint32',
    'void *',
    'void *',
    'void *',
    'void *',
  ]);
  const getAclInformation = fn(advapi32, 'GetAclInformation', 'int32', ['void *', 'void *', 'uint32', 'int']);
  const getAce = fn(advapi32, 'GetAce', 'int32', ['void *', 'uint32', outPtr()]);
  const equalSid = fn(advapi32, 'EqualSid', 'int32', ['void *', 'void *']);
  const getLengthSid = fn(advapi32, 'GetLengthSid', 'uint32', ['void *']);
  const createWellKnownSid = fn(advapi32, 'CreateWellKnownSid', 'int32', [
    'int',
    'void *',
    'void *',
    koffi.inout(koffi.pointer('uint32')),
  ]);
  const openProcessToken = fn(advapi32, 'OpenProcessToken', 'int32', [
    'intptr_t',
    'uint32',
    koffi.out(koffi.pointer('intptr_t')),
  ]);
  const getTokenInformation = fn(advapi32, 'GetTokenInformation', 'int32', [
    'intptr_t',
    'int',
    'void *',
    'uint32',
    koffi.out(koffi.pointer('uint32')),
  ]);
  const lookupPrivilegeValue = fn(advapi32, 'LookupPrivilegeValueW', 'int32', ['void *', 'str16', 'void *']);
  const adjustTokenPrivileges = fn(advapi32, 'AdjustTokenPrivileges', 'int32', [
    'intptr_t',
    'int32',
    'void *',
    'uint32',
    'void *',
    'void *',
  ]);
  const sidToString = fn(advapi32, 'ConvertSidToStringSidW', 'int32', ['void *', outPtr()]);
  const localFree = fn(kernel32, 'LocalFree', 'void *', ['void *']);
  const getCurrentProcess = fn(kernel32, 'GetCurrentProcess', 'intptr_t', []);
  const createDirectoryW = fn(kernel32, 'CreateDirectoryW', 'int32', ['str16', koffi.pointer(SA)]);
  // HANDLE as intptr_t: INVALID_HANDLE_VALUE is then plain -1.
  const createFileW = fn(kernel32, 'CreateFileW', 'intptr_t', [
    'str16',
    'uint32',
    'uint32',
    koffi.pointer(SA),
    'uint32',
    'uint32',
    'intptr_t',
  ]);
  const getFileInformationByHandle = fn(kernel32, 'GetFileInformationByHandle', 'int32', [
    'intptr_t',
    'void *',
  ]);
  const closeHandle = fn(kernel32, 'CloseHandle', 'int32', ['intptr_t']);
  const getLastError = fn(kernel32, 'GetLastError', 'uint32', []);

  /** A LocalAlloc'd UTF-16 string: decoded, then freed. */
  const takeString16 = (ptr: unknown): string => {
    try {
      return koffi.decode(ptr, 'char16_t', -1) as string;
    } finally {
      localFree(ptr);
    }
  };
  /** Bytes at a pointer the system owns, copied (the source is freed later). */
  const bytesAt = (ptr: unknown, n: number) => Buffer.from(new Uint8Array(koffi.view(ptr, n)));

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

  const wellKnown = (type: number): Buffer => {
    const buf = Buffer.alloc(SECURITY_MAX_SID_SIZE);
    const size = [buf.length];
    if (!createWellKnownSid(type, null, buf, size))
      throw new Error(`CreateWellKnownSid(${type}) failed (error ${getLastError()}).`);
    return buf.subarray(0, size[0]);
  };
  const admins = wellKnown(WIN_BUILTIN_ADMINISTRATORS_SID);
  const system = wellKnown(WIN_LOCAL_SYSTEM_SID);

  /** Runs `use` with this process's token open for `access`. */
  const withToken = <T>(access: number, use: (token: number) => T): T => {
    const token = [0];
    if (!openProcessToken(getCurrentProcess(), access, token))
      throw new Error(`OpenProcessToken failed (error ${getLastError()}).`);
    try {
      return use(token[0] as number);
    } finally {
      closeHandle(token[0]);
    }
  };

  // A process's token user never changes: read once, kept as its binary SID.
  let userSid: Buffer | undefined;
  const thisUser = (): Buffer =>
    (userSid ??= withToken(TOKEN_QUERY, (token) => {
      // TOKEN_USER is a SID_AND_ATTRIBUTES whose Sid points into the same buffer, after the struct.
      const buf = Buffer.alloc(256);
      const needed = [0];
      if (!getTokenInformation(token, TOKEN_USER_CLASS, buf, buf.length, needed))
        throw new Error(`GetTokenInformation(TokenUser) failed (error ${getLastError()}).`);
      const sid = koffi.decode(buf, 'void *') as unknown;
      return bytesAt(sid, Number(getLengthSid(sid)));
    }));

  const sidView = (sid: unknown): SidView => {
    const str: unknown[] = [null];
    const text = sidToString(sid, str) ? takeString16(str[0]) : '(unreadable SID)';
    const kind: SidKind = equalSid(sid, admins)
      ? 'administrators'
      : equalSid(sid, system)
        ? 'system'
        : equalSid(sid, thisUser())
          ? 'this-user'
          : 'other';
    return { kind, sid: text };
  };

  const readAce = (acl: unknown, i: number): AceView => {
    const out: unknown[] = [null];
    if (!getAce(acl, i, out)) throw new Error(`GetAce(${i}) failed (error ${getLastError()}).`);
    const header = bytesAt(out[0], 8);
    const type = header.readUInt8(0);
    const size = header.readUInt16LE(2);
    const ace = bytesAt(out[0], size);
    const mask = ace.readUInt32LE(4);
    const allow = ALLOW_TYPES.has(type);
    let sidOffset: number | undefined;
    if (PLAIN_TYPES.has(type)) sidOffset = 8;
    else if (OBJECT_TYPES.has(type)) {
      const flags = ace.readUInt32LE(8);
      sidOffset = 12 + (flags & 1 ? 16 : 0) + (flags & 2 ? 16 : 0);
    }
    if (sidOffset === undefined || sidOffset + 8 > size) return { allow, type, mask };
    return { allow, type, mask, sid: sidView(ace.subarray(sidOffset)) };
  };

  /** Opens without following a reparse point; -1 with GetLastError on failure. */
  const openNoFollow = (path: string, access: number): number =>
    Number(
      createFileW(
        path,
        access,
        FILE_SHARE_ALL,
        null,
        OPEN_EXISTING,
        FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT,
        0,
      ),
    );

  const withHandle = <T>(path: string, access: number, use: (h: number) => T): T => {
    const h = openNoFollow(path, access);
    if (h === -1) throw fileError('CreateFileW', path, Number(getLastError()));
    try {
      return use(h);
    } finally {
      closeHandle(h);
    }
  };

  const attributesOf = (h: number, path: string): number => {
    const info = Buffer.alloc(FILE_INFO_BYTES);
    if (!getFileInformationByHandle(h, info))
      throw fileError('GetFileInformationByHandle', path, Number(getLastError()));
    return info.readUInt32LE(0);
  };

  /** Runs `use` with the descriptor of an open handle (owner and DACL), freed after. */
  const withSecurity = <T>(
    h: number,
    path: string,
    use: (sd: unknown, owner: unknown, dacl: unknown) => T,
  ): T => {
    const owner: unknown[] = [null];
    const dacl: unknown[] = [null];
    const sd: unknown[] = [null];
    const info = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    const rc = Number(getSecurityInfo(h, SE_FILE_OBJECT, info, owner, null, dacl, null, sd));
    if (rc !== 0) throw fileError('GetSecurityInfo', path, rc);
    try {
      return use(sd[0], owner[0], dacl[0]);
    } finally {
      localFree(sd[0]);
    }
  };

  /** Enables (or disables) the privileges replacing an owner needs; false when the token lacks one. */
  const setPrivileges = (token: number, enable: boolean): boolean => {
    const tp = Buffer.alloc(4 + 12 * PRIVILEGES.length);
    tp.writeUInt32LE(PRIVILEGES.length, 0);
    PRIVILEGES.forEach((name, i) => {
      const luid = Buffer.alloc(8);
      if (!lookupPrivilegeValue(null, name, luid))
        throw new Error(`LookupPrivilegeValueW(${name}) failed (error ${getLastError()}).`);
      luid.copy(tp, 4 + 12 * i);
      tp.writeUInt32LE(enable ? SE_PRIVILEGE_ENABLED : 0, 12 + 12 * i);
    });
    if (!adjustTokenPrivileges(token, 0, tp, 0, null, null)) return false;
    // Success with ERROR_NOT_ALL_ASSIGNED (1300): the token does not hold one of them.
    return Number(getLastError()) === 0;
  };

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
    inspect: (path) =>
      withHandle(path, READ_CONTROL | FILE_READ_ATTRIBUTES, (h) => {
        const attrs = attributesOf(h, path);
        return withSecurity(h, path, (_sd, owner, dacl) => {
          let aces: AceView[] | 'null' = 'null';
          if (dacl) {
            // ACL_SIZE_INFORMATION: AceCount, AclBytesInUse, AclBytesFree.
            const size = Buffer.alloc(12);
            if (!getAclInformation(dacl, size, size.length, ACL_SIZE_INFORMATION_CLASS))
              throw new Error(`GetAclInformation(${path}) failed (error ${getLastError()}).`);
            aces = Array.from({ length: size.readUInt32LE(0) }, (_, i) => readAce(dacl, i));
          }
          return {
            reparsePoint: (attrs & FILE_ATTRIBUTE_REPARSE_POINT) !== 0,
            directory: (attrs & FILE_ATTRIBUTE_DIRECTORY) !== 0,
            ...(owner ? { owner: sidView(owner) } : {}),
            dacl: aces,
          };
        });
      }),
    resetSecurity: (path, sddl) =>
      withToken(TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, (token) => {
        // Without the privileges the open below still works where the DACL allows it; the error
        // code then tells the caller what was denied.
        const privileged = setPrivileges(token, true);
        try {
          const h = openNoFollow(path, READ_CONTROL | WRITE_DAC | WRITE_OWNER | FILE_READ_ATTRIBUTES);
          if (h === -1) return Number(getLastError());
          try {
            if (attributesOf(h, path) & FILE_ATTRIBUTE_REPARSE_POINT) return ERROR_REPARSE_POINT_REFUSED;
            // The owner and DACL point into the converted descriptor, freed (once) after the call.
            return withDescriptor(sddl, (sd) => {
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
              return Number(setSecurityInfo(h, SE_FILE_OBJECT, info >>> 0, owner[0], null, dacl[0], null));
            });
          } finally {
            closeHandle(h);
          }
        } finally {
          if (privileged) setPrivileges(token, false);
        }
      }),
    describe: (path) =>
      withHandle(path, READ_CONTROL, (h) =>
        withSecurity(h, path, (sd) => {
          const str: unknown[] = [null];
          const info = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
          if (!toSddl(sd, SDDL_REVISION_1, info, str, null))
            throw new Error(
              `ConvertSecurityDescriptorToStringSecurityDescriptorW(${path}) failed (error ${getLastError()}).`,
            );
          return takeString16(str[0]);
        }),
      ),
    userSidSharedWithUnelevated: () =>
      (splitToken ??= withToken(TOKEN_QUERY, (token) => {
        const buf = Buffer.alloc(4);
        const needed = [0];
        if (!getTokenInformation(token, TOKEN_ELEVATION_TYPE_CLASS, buf, buf.length, needed))
          throw new Error(`GetTokenInformation(TokenElevationType) failed (error ${getLastError()}).`);
        return buf.readUInt32LE(0) !== TOKEN_ELEVATION_TYPE_DEFAULT;
      })),
    lastError: () => Number(getLastError()),
  };
  let splitToken: boolean | undefined;
  return api;
}
