import * as fs from 'node:fs';
import { dirname, posix, win32 as win32Path } from 'node:path';
import {
  ERROR_ACCESS_DENIED,
  ERROR_REPARSE_POINT_REFUSED,
  loadFileSecurity,
  type FileSecurityApi,
  type ObjectSecurity,
  type SidView,
} from '../../../native/windows/file-security';
import { defaultDataDir } from './default-path';

// The journal folder, the journal, its integrity key and the agent's request ledger are readable and
// writable by administrators only. %ProgramData%'s inherited ACL lets standard users create files and
// folders there, so a folder made by a plain mkdir — or one a standard user made first, or a junction
// or symbolic link they planted in its place — is a place an unprivileged user could plant a journal
// or key, or point the elevated process's writes and clean-up at other files.
//
// Windows: an explicit, protected DACL (SDDL "D:P…": not inheriting from the parent) granting
// BUILTIN\Administrators (BA) and LocalSystem (SY) full control (FA) and nobody else.
//   - New objects get it *at creation*, in SECURITY_ATTRIBUTES passed to CreateDirectoryW / CreateFileW,
//     so there is no moment in which they exist with inherited permissions. A CreateDirectoryW that
//     succeeded made the folder: nothing was there to follow.
//   - The app's own folders that already exist (the data folder an older version left with
//     %ProgramData%'s inherited ACL, the ledger folder) are opened without following a reparse point
//     and refused if they are a junction or link, or owned by anyone but Administrators or SYSTEM (a
//     standard user made it first); otherwise they get owner Administrators + the protected DACL on
//     that handle, are read back, and refused if anyone else remains. The journal file is treated the
//     same way. A folder the user named for the journal is never rewritten — its other files are not
//     ours to lock — only the journal file in it.
//   - The key is never rewritten, only checked before it is trusted (checkAdminOnlyKey): its owner
//     must be Administrators or SYSTEM and its DACL must grant nobody else anything. Not "this user"
//     (which folders and the journal may name: an elevated run under the "object creator" owner
//     policy makes them so): under UAC the un-elevated half of an administrator has the same user
//     SID, so a key it owns or may read is one it could have planted.
//   - Owners and ACEs are judged as SIDs (EqualSid in file-security.ts), never from SDDL text.
// Under Wine (measured, Wine 8.0): setting a descriptor reports success and changes nothing, DACLs are
// derived from Unix modes (owner = the Unix user, Everyone read when world-readable), and a Unix
// symlink is followed by the file system, never reported as a reparse point — so Wine shows the
// read-back refusing a plain-mkdir folder, not a reset or a junction refusal; real Windows is the
// workflow's icacls step (.github/workflows/windows.yml).
// POSIX: mode 0700 for folders, 0600 for files, given to mkdir/open; the app's own folders are checked
// with lstat (a symbolic link, someone else's folder or one others may write is refused), files are
// opened with O_NOFOLLOW (the key's mode and owner are checked in integrity.ts).

/** Folder: inherited by files and subfolders created inside it (OICI). */
export const ADMIN_ONLY_DIR_SDDL = 'D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)';
/** File: the same two principals, nothing to inherit. */
export const ADMIN_ONLY_FILE_SDDL = 'D:P(A;;FA;;;BA)(A;;FA;;;SY)';
/**
 * What an existing object is reset to, and what the key is created with: the same DACLs, and
 * Administrators as owner (an owner may always rewrite the DACL; an elevated token may name its
 * Administrators group as owner, whatever the "default owner" policy says).
 */
export const RESET_DIR_SDDL = `O:BA${ADMIN_ONLY_DIR_SDDL}`;
export const RESET_FILE_SDDL = `O:BA${ADMIN_ONLY_FILE_SDDL}`;

/** Where the Win32 calls come from and which platform rules apply; tests pass a fake. */
export interface FileSecurityEnv {
  platform?: string;
  win32?: () => Promise<FileSecurityApi>;
}

/** Paths made admin-only (normalised), per Win32 provider, so an append does not redo the propagation. */
const securedBy = new WeakMap<object, Set<string>>();
const resolved = (env: FileSecurityEnv) => {
  const loader = env.win32 ?? loadFileSecurity;
  let secured = securedBy.get(loader);
  if (!secured) securedBy.set(loader, (secured = new Set()));
  return { platform: env.platform ?? process.platform, load: loader, secured };
};

/** Who may own or be granted access to the app's folders and journal: what an elevated run creates. */
const FOLDER_KINDS = new Set<SidView['kind']>(['administrators', 'system', 'this-user']);
/**
 * Who may own or read the key: not "this user" — under UAC the un-elevated half of an administrator
 * has the same user SID, so a key it owns or may read is one it could have planted or copied.
 */
const KEY_KINDS = new Set<SidView['kind']>(['administrators', 'system']);
const SHARED_SID = ' (your user account, which un-elevated programs share)';

/**
 * Why an object's security is not admin-only, or undefined when it is: it is no junction or link, and
 * its owner and every allow ACE name one of `trusted` (compared as SIDs by file-security.ts). Any right
 * counts: reading the key is enough to forge entries. "Protected" is not required: Wine never reports
 * it, and what matters is who is granted access now.
 */
export function adminOnlyProblem(
  security: ObjectSecurity,
  trusted: ReadonlySet<SidView['kind']> = KEY_KINDS,
): string | undefined {
  if (security.reparsePoint) return 'is a junction or symbolic link, not a folder or file this app made';
  const owner = security.owner;
  if (!owner) return 'has no owner in its security descriptor';
  if (!trusted.has(owner.kind))
    return `is owned by ${owner.sid}${owner.kind === 'this-user' ? SHARED_SID : ''}, not by Administrators or SYSTEM`;
  if (security.dacl === 'null') return 'has a null DACL (everyone has full access)';
  for (const ace of security.dacl) {
    if (!ace.allow) continue;
    if (!ace.sid) return `has an allow ACE of type ${ace.type} that this app cannot read`;
    if (!trusted.has(ace.sid.kind))
      return `grants 0x${ace.mask.toString(16)} to ${ace.sid.sid}${ace.sid.kind === 'this-user' ? SHARED_SID : ''}`;
  }
  return undefined;
}

const normalise = (path: string, platform: string) =>
  platform === 'win32' ? win32Path.resolve(path).toLowerCase() : posix.resolve(path);

const TAKE_OVER_HINT = (path: string) =>
  `If you made it, delete it as administrator (rmdir /s "${path}", after checking what it holds) and run again: the app creates it admin-only.`;

/** An existing object's security, read without following a link; the refusals say what to do. */
function inspect(api: FileSecurityApi, path: string, what: string): ObjectSecurity {
  try {
    return api.inspect(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EACCES')
      throw new Error(
        `${what} ${path} cannot be read by administrators: its DACL excludes Administrators, so another account made it and shut administrators out. Nothing was written to it. Take it over as administrator (takeown /F "${path}" /A, then icacls "${path}" /reset) or delete it, and run again.`,
        { cause: e },
      );
    throw e;
  }
}

/**
 * Makes an existing object of the app admin-only (owner Administrators, the protected DACL) on a
 * handle that does not follow links, then reads it back: the call can report success and leave an ACE
 * it could not remove. A link, or an object someone else owns, is refused before anything is changed.
 */
function resetToAdminOnly(
  api: FileSecurityApi,
  secured: Set<string>,
  path: string,
  sddl: string,
  what: string,
  platform: string,
): void {
  const key = normalise(path, platform);
  if (secured.has(key)) return;
  const before = inspect(api, path, what);
  if (before.reparsePoint)
    throw new Error(
      `${what} ${path} is a junction or symbolic link, not a folder this app made: someone may have planted it to redirect the app's files. Nothing was written. Remove the link (rmdir "${path}" removes a junction, not its target) and run again.`,
    );
  if (!before.owner || !FOLDER_KINDS.has(before.owner.kind))
    throw new Error(
      `${what} ${path} ${adminOnlyProblem(before, FOLDER_KINDS)}: another user may have created it before this app. Nothing was written to it. ${TAKE_OVER_HINT(path)}`,
    );
  const rc = api.resetSecurity(path, sddl);
  if (rc === ERROR_REPARSE_POINT_REFUSED)
    throw new Error(
      `${what} ${path} became a junction or symbolic link while it was being checked. Nothing was written. Remove the link and run again.`,
    );
  if (rc !== 0)
    throw new Error(
      `${what} ${path} already existed and could not be made admin-only (SetSecurityInfo error ${rc}${
        rc === ERROR_ACCESS_DENIED
          ? ': access denied although ownership was taken with SeTakeOwnershipPrivilege — its DACL excludes Administrators, or this process is not elevated'
          : ''
      }). Nothing was written to it. ${TAKE_OVER_HINT(path)}`,
    );
  const problem = adminOnlyProblem(inspect(api, path, what), FOLDER_KINDS);
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
  env: FileSecurityEnv = {},
  /** This process created the key (integrity.ts): its user may own it. */
  createdByThisProcess = false,
): Promise<string | undefined> {
  const { platform, load } = resolved(env);
  if (platform !== 'win32') return undefined;
  const api = await load();
  try {
    // The user SID is only suspect where un-elevated programs share it (a UAC split token).
    const trustUser = createdByThisProcess || !api.userSidSharedWithUnelevated();
    return adminOnlyProblem(api.inspect(keyPath), trustUser ? FOLDER_KINDS : KEY_KINDS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EACCES')
      return 'cannot be read by administrators (its DACL excludes them)';
    throw e;
  }
}

/** POSIX: the checks an app-owned folder must pass (lstat: a link is never followed). */
function posixOwnDirProblem(dir: string): string | undefined {
  const st = fs.lstatSync(dir);
  if (st.isSymbolicLink())
    return `is a symbolic link (to ${fs.readlinkSync(dir)}), not a folder this app made`;
  if (!st.isDirectory()) return 'is not a folder';
  const euid = process.geteuid?.();
  if (euid !== undefined && st.uid !== euid)
    return `is owned by uid ${st.uid}, not by this user (uid ${euid})`;
  if ((st.mode & 0o022) !== 0) return `can be written by other users (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/**
 * A folder of the app's own (the data folder, the agent's request ledger): created admin-only if
 * missing (its parent must exist), otherwise checked — a symbolic link or junction, a folder someone
 * else owns, or (POSIX) one others may write is refused with what to do; on Windows an acceptable one
 * is made admin-only. `what` names it in messages ("The request ledger folder").
 */
export async function ensureOwnDir(dir: string, what: string, env: FileSecurityEnv = {}): Promise<void> {
  const { platform, load, secured } = resolved(env);
  if (platform === 'win32') {
    const api = await load();
    if (api.createDirectory(dir, ADMIN_ONLY_DIR_SDDL)) {
      secured.add(normalise(dir, platform));
      return;
    }
    if (!fs.existsSync(dir) && !isLink(dir))
      throw new Error(`Could not create the admin-only folder ${dir} (Windows error ${api.lastError()}).`);
    resetToAdminOnly(api, secured, dir, RESET_DIR_SDDL, what, platform);
    return;
  }
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const problem = posixOwnDirProblem(dir);
  if (problem)
    throw new Error(
      `${what} ${dir} ${problem}: another user may have made it to redirect or read this app's files. Nothing was written to it. Remove it (after checking what it holds) and run again: the app creates it afresh, private to this user.`,
    );
}

const isLink = (p: string) => {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * Creates `dir` (and missing parents) with the last component admin-only. The app's own data folder
 * (defaultDataDir) is checked and secured as ensureOwnDir says; a folder the user named for the
 * journal is left as it is (see the top).
 */
export async function ensureAdminOnlyDir(dir: string, env: FileSecurityEnv = {}): Promise<void> {
  const { platform } = resolved(env);
  const own = normalise(dir, platform) === normalise(defaultDataDir(process.env, platform), platform);
  if (own) {
    fs.mkdirSync(dirname(dir), { recursive: true });
    return ensureOwnDir(dir, 'The app data folder', env);
  }
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dirname(dir), { recursive: true });
  if (platform === 'win32') {
    const { load, secured } = resolved(env);
    const api = await load();
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
  env: FileSecurityEnv = {},
  sddl: string = ADMIN_ONLY_FILE_SDDL,
): Promise<boolean> {
  const { platform, load, secured } = resolved(env);
  if (platform === 'win32') {
    const api = await load();
    if (api.createNewFile(file, sddl)) {
      // Created with the protection: nothing to reset later in this process.
      secured.add(normalise(file, platform));
      return true;
    }
    if (!fs.existsSync(file) && !isLink(file))
      throw new Error(`Could not create the admin-only file ${file} (Windows error ${api.lastError()}).`);
    resetToAdminOnly(api, secured, file, RESET_FILE_SDDL, 'The file', platform);
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

/** Owner and DACL of a file or folder as SDDL, for people (the Wine lane prints them). */
export async function describeSecurity(path: string, env: FileSecurityEnv = {}): Promise<string> {
  return (await resolved(env).load()).describe(path);
}
