import * as fs from 'node:fs';
import { dirname, posix, win32 as win32Path } from 'node:path';
import { loadFileSecurity, type FileSecurityApi } from '../../../native/windows/file-security';
import { defaultDataDir } from './default-path';

// The journal folder, the journal and its integrity key are readable and writable by administrators
// only (issue 13 item 4). %ProgramData%'s inherited ACL lets standard users create files in a new
// subfolder, so a folder made by a plain mkdir there is a place an unprivileged user can plant or
// pre-create a journal or key.
//
// Windows: an explicit, protected DACL (SDDL "D:P…": not inheriting from the parent) granting
// BUILTIN\Administrators (BA) and LocalSystem (SY) full control (FA) and nobody else.
//   - New objects get it *at creation*, in SECURITY_ATTRIBUTES passed to CreateDirectoryW / CreateFileW,
//     so there is no moment in which they exist with inherited permissions.
//   - Existing ones are made admin-only when opened for writing (the process is elevated): the app's
//     own data folder (one an older version, or a plain mkdir, left with %ProgramData%'s inherited
//     ACL) and the journal file get owner Administrators + the protected DACL through
//     SetNamedSecurityInfoW, read back, and refused with a clear error if they still grant anyone else.
//     Once per process and path: the folder's DACL propagates to what it holds. A folder the user
//     named for the journal is never rewritten — its other files are not ours to lock — only the
//     journal file in it.
//   - The key is never rewritten, only checked before it is trusted (checkAdminOnlyKey): a key a
//     standard user planted would be known to them whatever its DACL says now, so its owner must be
//     Administrators, SYSTEM or this process's user, and its DACL must grant nobody else anything.
// Under Wine (measured, Wine 8.0): SetNamedSecurityInfoW returns 0 and changes nothing, and DACLs are
// derived from Unix modes (owner = the Unix user, Everyone read when world-readable), so Wine shows the
// read-back refusing a plain-mkdir folder, not a successful reset; real Windows is the workflow's
// icacls step (.github/workflows/windows.yml).
// POSIX: mode 0700 for the folder, 0600 for files, given to mkdir/open (the key's mode and owner are
// checked in integrity.ts).

/** Folder: inherited by files and subfolders created inside it (OICI). */
export const ADMIN_ONLY_DIR_SDDL = 'D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)';
/** File: the same two principals, nothing to inherit. */
export const ADMIN_ONLY_FILE_SDDL = 'D:P(A;;FA;;;BA)(A;;FA;;;SY)';
/** What an existing object is reset to: the same DACLs, and Administrators as owner (an owner may always rewrite the DACL). */
export const RESET_DIR_SDDL = `O:BA${ADMIN_ONLY_DIR_SDDL}`;
export const RESET_FILE_SDDL = `O:BA${ADMIN_ONLY_FILE_SDDL}`;

/** The Win32 calls (native/windows/file-security.ts), behind an interface so the policy is tested off Windows. */
export type AdminOnlyWin32 = FileSecurityApi;

let win32: AdminOnlyWin32 | undefined;
/** Paths this process already made admin-only (normalised), so an append does not redo the propagation. */
const secured = new Set<string>();

/** Test seam: a fake for unit tests off Windows (also forgets what was secured). */
export function setAdminOnlyWin32ForTest(api: AdminOnlyWin32 | undefined): void {
  win32 = api;
  secured.clear();
}

async function loadWin32(): Promise<AdminOnlyWin32> {
  win32 ??= await loadFileSecurity();
  return win32;
}

const ADMIN_SIDS = new Set(['BA', 'SY', 'S-1-5-32-544', 'S-1-5-18']);
const ALLOW_ACE = new Set(['A', 'OA', 'XA', 'ZA']);

/**
 * Why an object's security (owner + DACL as SDDL) is not admin-only, or undefined when it is: its owner
 * and every allow ACE name Administrators, SYSTEM or one of `trusted` (the SID this elevated process
 * runs as), and the DACL is not null. Any right counts: reading the key is enough to forge entries.
 * "Protected" is not required: Wine never reports it (it derives DACLs from Unix modes, measured), and
 * what matters is who is granted access now. Pure, so it is tested with the SDDL Windows and Wine return.
 */
export function adminOnlyProblem(sddl: string, trusted: readonly string[] = []): string | undefined {
  const ok = (sid: string) => ADMIN_SIDS.has(sid) || trusted.includes(sid);
  const owner = /^O:(S-1(?:-\d+)+|[A-Z]{2})/.exec(sddl)?.[1];
  if (!owner) return `has no owner in its security descriptor (${sddl})`;
  if (!ok(owner)) return `is owned by ${owner}, not by Administrators, SYSTEM or this user`;
  const dacl = /D:([A-Z_]*)((?:\([^)]*\))*)/.exec(sddl);
  if (!dacl) return 'has no DACL (everyone has full access)';
  const [, flags = '', aces = ''] = dacl;
  if (flags.includes('NO_ACCESS_CONTROL')) return 'has a null DACL (everyone has full access)';
  for (const ace of aces.slice(1, -1).split(')(').filter(Boolean)) {
    const [type = '', , rights = '', , , sid = ''] = ace.split(';');
    if (ALLOW_ACE.has(type) && !ok(sid)) return `grants ${rights} to ${sid} (ACE ${ace})`;
  }
  return undefined;
}

const normalise = (path: string, platform: string) =>
  platform === 'win32' ? win32Path.resolve(path).toLowerCase() : posix.resolve(path);

/**
 * Makes an existing object admin-only (owner Administrators, the protected DACL), then reads it back:
 * the call can report success and leave an ACE it could not remove. Throws `what` + why otherwise.
 */
function resetToAdminOnly(
  api: AdminOnlyWin32,
  path: string,
  sddl: string,
  what: string,
  platform: string,
): void {
  const key = normalise(path, platform);
  if (secured.has(key)) return;
  const rc = api.setSecurity(path, sddl);
  if (rc !== 0)
    throw new Error(
      `${what} ${path} already existed and could not be made admin-only ` +
        `(SetNamedSecurityInfoW error ${rc}${rc === 5 ? ': access denied — run as administrator' : ''}). ` +
        'Nothing was written to it.',
    );
  const problem = adminOnlyProblem(api.readSecurity(path), [api.currentUserSid()]);
  if (problem)
    throw new Error(`${what} ${path} ${problem} after it was made admin-only; nothing was written to it.`);
  secured.add(key);
}

/**
 * The integrity key's protection, checked before the key is trusted (Windows; POSIX checks mode and
 * owner in integrity.ts). Returns why it is not admin-only, or undefined. A missing key is ENOENT.
 */
export async function checkAdminOnlyKey(
  keyPath: string,
  platform: string = process.platform,
): Promise<string | undefined> {
  if (platform !== 'win32') return undefined;
  const api = await loadWin32();
  return adminOnlyProblem(api.readSecurity(keyPath), [api.currentUserSid()]);
}

/**
 * Creates `dir` (and missing parents) with the last component admin-only. On Windows an existing
 * folder that is the app's own data folder is made admin-only (see the top); any other is left alone.
 */
export async function ensureAdminOnlyDir(dir: string, platform: string = process.platform): Promise<void> {
  if (fs.existsSync(dir)) {
    if (platform === 'win32' && normalise(dir, platform) === normalise(defaultDataDir(), platform))
      resetToAdminOnly(await loadWin32(), dir, RESET_DIR_SDDL, 'The app data folder', platform);
    return;
  }
  fs.mkdirSync(dirname(dir), { recursive: true });
  if (platform === 'win32') {
    const api = await loadWin32();
    if (api.createDirectory(dir, ADMIN_ONLY_DIR_SDDL)) secured.add(normalise(dir, platform));
    else if (!fs.existsSync(dir))
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
 * created empty: callers open it afterwards for writing (its protection is already in place). On
 * Windows an existing file is made admin-only before it is written (see the top).
 */
export async function createAdminOnlyFile(
  file: string,
  platform: string = process.platform,
): Promise<boolean> {
  if (platform === 'win32') {
    const api = await loadWin32();
    if (api.createNewFile(file, ADMIN_ONLY_FILE_SDDL)) {
      // Created with the protection: nothing to reset later in this process.
      secured.add(normalise(file, platform));
      return true;
    }
    if (!fs.existsSync(file))
      throw new Error(`Could not create the admin-only file ${file} (Windows error ${api.lastError()}).`);
    resetToAdminOnly(api, file, RESET_FILE_SDDL, 'The file', platform);
    return false;
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

/** Owner and DACL of a file or folder as SDDL, as Windows reports them (the Wine lane reads them back). */
export async function readSecuritySddl(path: string): Promise<string> {
  return (await loadWin32()).readSecurity(path);
}
