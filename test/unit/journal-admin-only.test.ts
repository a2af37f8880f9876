// The journal folder, the journal and its key are created admin-only, with the protection given at
// creation; an existing app folder or journal is opened without following a junction or link, refused
// when someone else owns it, and otherwise made admin-only on that handle before it is written; the key
// is checked before it is trusted (owned by Administrators or SYSTEM, never by the user SID the
// un-elevated half of an administrator shares). POSIX is checked for real here; the Windows path
// (koffi → advapi32 + kernel32, native/windows/file-security.ts) is checked for its calls with a fake
// passed in, and for real under Wine in test/wine (which cannot apply a DACL: see admin-only.ts).
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_ONLY_DIR_SDDL,
  ADMIN_ONLY_FILE_SDDL,
  adminOnlyProblem,
  checkAdminOnlyKey,
  createAdminOnlyFile,
  ensureAdminOnlyDir,
  RESET_DIR_SDDL,
  RESET_FILE_SDDL,
  type FileSecurityEnv,
} from '../../electron/core/journal/admin-only';
import { loadKey, loadOrCreateKey } from '../../electron/core/journal/integrity';
import { Journal } from '../../electron/core/journal/journal';
import {
  ERROR_REPARSE_POINT_REFUSED,
  type AceView,
  type FileSecurityApi,
  type ObjectSecurity,
  type SidView,
} from '../../native/windows/file-security';

const escapeRegExp = (t: string) => t.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const tmp = () => mkdtempSync(join(tmpdir(), 'hcnproxy-acl-'));

const BA: SidView = { kind: 'administrators', sid: 'S-1-5-32-544' };
const SY: SidView = { kind: 'system', sid: 'S-1-5-18' };
const ME: SidView = { kind: 'this-user', sid: 'S-1-5-21-1-2-3-1001' };
const OTHER: SidView = { kind: 'other', sid: 'S-1-5-21-1-2-3-1002' };
const EVERYONE: SidView = { kind: 'other', sid: 'S-1-1-0' };
const FA = 0x1f01ff;
const allow = (sid: SidView, mask = FA): AceView => ({ allow: true, type: 0, mask, sid });
const deny = (sid: SidView, mask = FA): AceView => ({ allow: false, type: 1, mask, sid });
const sec = (
  owner: SidView | undefined,
  dacl: ObjectSecurity['dacl'],
  extra: Partial<ObjectSecurity> = {},
) => ({
  reparsePoint: false,
  directory: true,
  ...(owner ? { owner } : {}),
  dacl,
  ...extra,
});
/** What Windows reports after the reset: owner Administrators, Administrators and SYSTEM only. */
const ADMIN_ONLY = sec(BA, [allow(BA), allow(SY)]);
/** What Wine 8 reports for a folder made by a plain mkdir (measured), before and after a "reset". */
const WINE_PLAIN_MKDIR = sec(ME, [allow(SY), allow(ME), allow(EVERYONE, 0x1200a9)]);

/** A fake Win32 API: records the calls, answers inspect from `security` (by path), reset with `resetRc`. */
function fakeApi(security: Record<string, ObjectSecurity | 'EACCES'>, resetRc = 0) {
  const calls: string[] = [];
  const api: FileSecurityApi = {
    createDirectory: (path, sddl) => (calls.push(`createDirectory ${path} ${sddl}`), false),
    createNewFile: (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), false),
    inspect: (path) => {
      calls.push(`inspect ${path}`);
      const sd = security[path];
      if (sd === undefined) throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
      if (sd === 'EACCES') throw Object.assign(new Error(`denied ${path}`), { code: 'EACCES' });
      return sd;
    },
    resetSecurity: (path, sddl) => (calls.push(`resetSecurity ${path} ${sddl}`), resetRc),
    describe: () => '',
    userSidSharedWithUnelevated: () => true,
    lastError: () => 5,
  };
  const env: FileSecurityEnv = { platform: 'win32', win32: async () => api };
  return { api, calls, env };
}

const oldDataDir = process.env.HCNPROXY_DATA_DIR;
afterEach(() => {
  if (oldDataDir === undefined) delete process.env.HCNPROXY_DATA_DIR;
  else process.env.HCNPROXY_DATA_DIR = oldDataDir;
});

const entry = {
  endpointId: 'ep',
  operation: 'add' as const,
  before: [],
  after: [],
  policies: [],
  outcome: 'ok' as const,
};

describe('Windows: explicit protected DACL at creation', () => {
  it('grants Administrators and SYSTEM full control, nobody else, not inherited (SDDL)', () => {
    expect(ADMIN_ONLY_DIR_SDDL).toBe('D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)');
    expect(ADMIN_ONLY_FILE_SDDL).toBe('D:P(A;;FA;;;BA)(A;;FA;;;SY)');
  });

  it('the journal folder, key and file are each created through CreateDirectoryW/CreateFileW with that DACL', async () => {
    const { api, calls, env } = fakeApi({});
    // createDirectory fails (the fake's default): the caller must then find it missing and throw.
    api.createNewFile = (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), true);
    const dir = join(tmp(), 'HCN Proxy Control');
    await expect(ensureAdminOnlyDir(dir, env)).rejects.toThrow(
      `Could not create the admin-only folder ${dir} (Windows error 5).`,
    );
    expect(calls).toEqual([`createDirectory ${dir} ${ADMIN_ONLY_DIR_SDDL}`]);
    expect(await createAdminOnlyFile(join(dir, 'journal.jsonl'), env)).toBe(true);
    expect(calls[1]).toBe(`createNewFile ${join(dir, 'journal.jsonl')} ${ADMIN_ONLY_FILE_SDDL}`);
  });
});

describe('Windows: an existing app folder is checked without following links, then made admin-only on its handle', () => {
  it('the app data folder left by an older version gets owner BA + the protected DACL, once per process', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const { calls, env } = fakeApi({ [dir]: ADMIN_ONLY });
    await ensureAdminOnlyDir(dir, env);
    expect(RESET_DIR_SDDL).toBe('O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)');
    expect(calls).toEqual([
      `createDirectory ${dir} ${ADMIN_ONLY_DIR_SDDL}`,
      `inspect ${dir}`,
      `resetSecurity ${dir} ${RESET_DIR_SDDL}`,
      `inspect ${dir}`,
    ]);
    // The DACL propagates to what the folder holds: not redone on every append.
    calls.length = 0;
    await ensureAdminOnlyDir(dir, env);
    expect(calls).toEqual([`createDirectory ${dir} ${ADMIN_ONLY_DIR_SDDL}`]);
  });

  it('the app data folder this process created (with the DACL) is not inspected or reset', async () => {
    const dir = join(tmp(), 'HCN Proxy Control');
    process.env.HCNPROXY_DATA_DIR = dir;
    const { api, calls, env } = fakeApi({});
    api.createDirectory = (path, sddl) => {
      calls.push(`createDirectory ${path} ${sddl}`);
      mkdirSync(path);
      return true;
    };
    await ensureAdminOnlyDir(dir, env);
    expect(calls).toEqual([`createDirectory ${dir} ${ADMIN_ONLY_DIR_SDDL}`]);
  });

  it('a data folder that is a junction (planted by a standard user) is refused, never re-owned', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const { calls, env } = fakeApi({ [dir]: sec(OTHER, [allow(OTHER)], { reparsePoint: true }) });
    await expect(ensureAdminOnlyDir(dir, env)).rejects.toThrow(
      `The app data folder ${dir} is a junction or symbolic link, not a folder this app made: someone may have planted it to redirect the app's files. Nothing was written. Remove the link (rmdir "${dir}" removes a junction, not its target) and run again.`,
    );
    expect(calls.filter((c) => c.startsWith('resetSecurity'))).toEqual([]);
  });

  it('a folder that became a junction between the check and the reset is refused (the handle is not followed)', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const { env } = fakeApi({ [dir]: ADMIN_ONLY }, ERROR_REPARSE_POINT_REFUSED);
    await expect(ensureAdminOnlyDir(dir, env)).rejects.toThrow(
      `The app data folder ${dir} became a junction or symbolic link while it was being checked.`,
    );
  });

  it('a data folder a standard user created first (owned by them) is refused with what to do', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const { calls, env } = fakeApi({ [dir]: sec(OTHER, [allow(BA), allow(SY)]) });
    await expect(ensureAdminOnlyDir(dir, env)).rejects.toThrow(
      `The app data folder ${dir} is owned by ${OTHER.sid}, not by Administrators or SYSTEM: another user may have created it before this app. Nothing was written to it. If you made it, delete it as administrator (rmdir /s "${dir}", after checking what it holds) and run again: the app creates it admin-only.`,
    );
    expect(calls.filter((c) => c.startsWith('resetSecurity'))).toEqual([]);
  });

  it('a folder whose DACL excludes Administrators says exactly that, not "run as administrator"', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    await expect(ensureAdminOnlyDir(dir, fakeApi({ [dir]: 'EACCES' }).env)).rejects.toThrow(
      `The app data folder ${dir} cannot be read by administrators: its DACL excludes Administrators, so another account made it and shut administrators out. Nothing was written to it. Take it over as administrator (takeown /F "${dir}" /A, then icacls "${dir}" /reset) or delete it, and run again.`,
    );
    // Readable, but the reset is denied even with the ownership privileges.
    await expect(ensureAdminOnlyDir(dir, fakeApi({ [dir]: ADMIN_ONLY }, 5).env)).rejects.toThrow(
      'SetSecurityInfo error 5: access denied although ownership was taken with SeTakeOwnershipPrivilege — its DACL excludes Administrators, or this process is not elevated',
    );
  });

  it('a folder the user named for the journal is never rewritten (its other files are not ours)', async () => {
    process.env.HCNPROXY_DATA_DIR = tmp();
    const { calls, env } = fakeApi({});
    await ensureAdminOnlyDir(tmp(), env);
    expect(calls).toEqual([]);
  });

  it('a reset reported as done that left Everyone on it (as Wine does) is caught by the read-back', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const journal = join(dir, 'journal.jsonl');
    const { env } = fakeApi({ [dir]: WINE_PLAIN_MKDIR });
    await expect(new Journal(journal, { fileSecurity: env }).append(entry)).rejects.toThrow(
      new Error(
        `The app data folder ${dir} grants 0x1200a9 to S-1-1-0 after it was made admin-only; nothing was written to it.`,
      ),
    );
    expect(existsSync(journal)).toBe(false);
  });

  it('an existing journal file gets owner BA + the protected file DACL; one this process created does not', async () => {
    const dir = tmp();
    const file = join(dir, 'journal.jsonl');
    writeFileSync(file, '');
    const { api, calls, env } = fakeApi({ [file]: sec(ME, [allow(BA), allow(SY)], { directory: false }) });
    await expect(createAdminOnlyFile(file, env)).resolves.toBe(false);
    expect(RESET_FILE_SDDL).toBe('O:BAD:P(A;;FA;;;BA)(A;;FA;;;SY)');
    expect(calls).toEqual([
      `createNewFile ${file} ${ADMIN_ONLY_FILE_SDDL}`,
      `inspect ${file}`,
      `resetSecurity ${file} ${RESET_FILE_SDDL}`,
      `inspect ${file}`,
    ]);
    // Created by this process with the protection: a later append does not reset it.
    const fresh = join(dir, 'new.jsonl');
    api.createNewFile = (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), true);
    await expect(createAdminOnlyFile(fresh, env)).resolves.toBe(true);
    writeFileSync(fresh, '');
    api.createNewFile = (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), false);
    calls.length = 0;
    await expect(createAdminOnlyFile(fresh, env)).resolves.toBe(false);
    expect(calls).toEqual([`createNewFile ${fresh} ${ADMIN_ONLY_FILE_SDDL}`]);
  });

  it('an existing journal that still grants Users access after the reset is refused', async () => {
    const dir = tmp();
    const file = join(dir, 'journal.jsonl');
    writeFileSync(file, '');
    const users: SidView = { kind: 'other', sid: 'S-1-5-32-545' };
    const { env } = fakeApi({ [file]: sec(BA, [allow(BA), allow(users, 0x1301bf)]) });
    await expect(createAdminOnlyFile(file, env)).rejects.toThrow(
      new Error(
        `The file ${file} grants 0x1301bf to S-1-5-32-545 after it was made admin-only; nothing was written to it.`,
      ),
    );
  });
});

describe('adminOnlyProblem: who the owner and the DACL let in (SIDs as file-security.ts classifies them)', () => {
  it.each<[string, ObjectSecurity, string | undefined]>([
    ['created by the app on Windows', ADMIN_ONLY, undefined],
    ['a deny ACE for Everyone', sec(BA, [deny(EVERYONE), allow(BA)]), undefined],
    [
      'planted by a standard user, DACL made to look admin-only',
      sec(OTHER, [allow(BA), allow(SY)]),
      `is owned by ${OTHER.sid}, not by Administrators or SYSTEM`,
    ],
    [
      'owned by this user (the un-elevated half shares the SID)',
      sec(ME, [allow(BA), allow(SY)]),
      `is owned by ${ME.sid} (your user account, which un-elevated programs share), not by Administrators or SYSTEM`,
    ],
    [
      'readable by this user',
      sec(BA, [allow(BA), allow(ME, 0x120089)]),
      `grants 0x120089 to ${ME.sid} (your user account, which un-elevated programs share)`,
    ],
    [
      'inherited from a plain mkdir under Wine',
      WINE_PLAIN_MKDIR,
      `is owned by ${ME.sid} (your user account, which un-elevated programs share), not by Administrators or SYSTEM`,
    ],
    ['a null DACL', sec(BA, 'null'), 'has a null DACL (everyone has full access)'],
    ['no owner', sec(undefined, [allow(BA)]), 'has no owner in its security descriptor'],
    [
      'a junction',
      sec(BA, [allow(BA)], { reparsePoint: true }),
      'is a junction or symbolic link, not a folder or file this app made',
    ],
    [
      'an allow ACE whose layout is not read',
      sec(BA, [{ allow: true, type: 4, mask: FA }]),
      'has an allow ACE of type 4 that this app cannot read',
    ],
  ])('%s', (_what, security, problem) => {
    expect(adminOnlyProblem(security)).toBe(problem);
  });
});

describe('Windows: the integrity key is checked before it is trusted, never rewritten', () => {
  it('checkAdminOnlyKey inspects the key on Windows and does nothing elsewhere', async () => {
    const { calls, env } = fakeApi({ k: sec(OTHER, [allow(BA)]) });
    await expect(checkAdminOnlyKey('k', { ...env, platform: 'linux' })).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    await expect(checkAdminOnlyKey('k', env)).resolves.toBe(
      `is owned by ${OTHER.sid}, not by Administrators or SYSTEM`,
    );
    expect(calls).toEqual(['inspect k']);
  });

  it('loadKey refuses a key owned by this user or another, says what to do; an admin-owned one is used', async () => {
    const dir = tmp();
    const keyPath = join(dir, 'journal.key');
    writeFileSync(keyPath, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const security: Record<string, ObjectSecurity> = { [keyPath]: sec(ME, [allow(BA), allow(SY)]) };
    const { api, calls, env } = fakeApi(security);
    await expect(loadKey(keyPath, env)).rejects.toMatchObject({
      error: {
        code: 'journal-integrity',
        message:
          `Journal integrity key ${keyPath}: is owned by ${ME.sid} (your user account, which un-elevated programs share), not by Administrators or SYSTEM; refusing to trust it. If nobody else could have written it, delete it: a new key is ` +
          'made, and entries signed with the old one no longer verify.',
      },
    });
    security[keyPath] = sec(OTHER, [allow(BA), allow(SY)]);
    await expect(loadKey(keyPath, env)).rejects.toThrow(
      `is owned by ${OTHER.sid}, not by Administrators or SYSTEM`,
    );
    security[keyPath] = ADMIN_ONLY;
    await expect(loadKey(keyPath, env)).resolves.toEqual(Buffer.from('ab'.repeat(32), 'hex'));
    // Without a UAC split token (UAC off, the built-in Administrator) no un-elevated program shares
    // the user SID: a key it owns is trusted; one another user owns is not.
    api.userSidSharedWithUnelevated = () => false;
    security[keyPath] = sec(ME, [allow(SY), allow(ME)]);
    await expect(loadKey(keyPath, env)).resolves.toEqual(Buffer.from('ab'.repeat(32), 'hex'));
    security[keyPath] = sec(OTHER, [allow(BA)]);
    await expect(loadKey(keyPath, env)).rejects.toThrow(`is owned by ${OTHER.sid}`);
    // Checked, never rewritten.
    expect(calls.filter((c) => c.startsWith('resetSecurity'))).toEqual([]);
  });
});

describe('Windows: a key is created owned by Administrators; only its maker may trust it owned by the user', () => {
  it('created with owner BA; Wine-style (owner: this user) it is trusted by this process only', async () => {
    const dir = tmp();
    const keyPath = join(dir, 'journal.key');
    const { api, calls, env } = fakeApi({});
    const security: Record<string, ObjectSecurity> = {};
    api.createNewFile = (path, sddl) => {
      calls.push(`createNewFile ${path} ${sddl}`);
      writeFileSync(path, '', { mode: 0o600 });
      return true;
    };
    // As Wine reports every file: owned by the user, whatever the descriptor asked for.
    api.inspect = (path) => security[path] ?? sec(ME, [allow(SY), allow(ME)], { directory: false });
    const key = await loadOrCreateKey(keyPath, env);
    expect(calls[0]).toMatch(
      new RegExp(
        // The path escaped too: on Windows its backslashes would read as regex escapes.
        `^createNewFile ${escapeRegExp(keyPath)}\\.\\d+\\.[0-9a-f]+\\.tmp ${escapeRegExp(RESET_FILE_SDDL)}$`,
      ),
    );
    expect(await loadKey(keyPath, env)).toEqual(key);
    // The same bytes in a file this process did not make: judged by the owner alone.
    const other = join(dir, 'other.key');
    writeFileSync(other, key.toString('hex') + '\n', { mode: 0o600 });
    await expect(loadKey(other, env)).rejects.toThrow(/your user account, which un-elevated programs share/);
    // And a key replaced after it was made is no longer this process's.
    writeFileSync(keyPath, 'cd'.repeat(32) + '\n');
    await expect(loadKey(keyPath, env)).rejects.toThrow(
      /your user account, which un-elevated programs share/,
    );
  });
});

describe('POSIX: 0700 folder, 0600 files, set at creation', () => {
  it.skipIf(process.platform === 'win32')('a journal in a new folder', async () => {
    const dir = join(tmp(), 'data', 'hcn-proxy-control');
    const j = new Journal(join(dir, 'journal.jsonl'));
    await j.append(entry);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'journal.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'journal.jsonl.head')).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')(
    'the umask cannot widen them (mode given to mkdir/open)',
    async () => {
      const old = process.umask(0);
      try {
        const dir = join(tmp(), 'open');
        await ensureAdminOnlyDir(dir);
        await createAdminOnlyFile(join(dir, 'f'));
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        expect(statSync(join(dir, 'f')).mode & 0o777).toBe(0o600);
      } finally {
        process.umask(old);
      }
    },
  );
});
