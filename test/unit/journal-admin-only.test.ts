// Issue 13 item 4: the journal folder, the journal and its key are created admin-only, with the
// protection given at creation; an existing app folder or journal is made admin-only before it is
// written, and the key is checked before it is trusted. POSIX is checked for real here; the Windows
// path (koffi → advapi32 + kernel32, native/windows/file-security.ts) is checked for its calls with a
// fake, and for real under Wine in test/wine (which cannot apply a DACL: see admin-only.ts).
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
  setAdminOnlyWin32ForTest,
  type AdminOnlyWin32,
} from '../../electron/core/journal/admin-only';
import { loadKey } from '../../electron/core/journal/integrity';
import { Journal } from '../../electron/core/journal/journal';

const tmp = () => mkdtempSync(join(tmpdir(), 'hcnproxy-acl-'));

const ME = 'S-1-5-21-1-2-3-1001';
const OTHER = 'S-1-5-21-1-2-3-1002';
/** What Windows reports after SetNamedSecurityInfoW with RESET_*_SDDL (the AI flag is added by it). */
const RESET_DIR_READBACK = 'O:BAD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)';
/** What Wine 8 reports for a folder made by a plain mkdir (measured), before and after a "reset". */
const WINE_PLAIN_MKDIR = `O:${ME}D:(A;OICI;FA;;;SY)(A;OICI;FA;;;${ME})(A;OICI;0x1200a9;;;WD)`;

/** A fake Win32 API: records the calls, answers readSecurity from `security` (by path). */
function fakeApi(security: Record<string, string>, setRc = 0) {
  const calls: string[] = [];
  const api: AdminOnlyWin32 = {
    createDirectory: (path, sddl) => (calls.push(`createDirectory ${path} ${sddl}`), false),
    createNewFile: (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), false),
    setSecurity: (path, sddl) => (calls.push(`setSecurity ${path} ${sddl}`), setRc),
    readSecurity: (path) => {
      calls.push(`readSecurity ${path}`);
      const sd = security[path];
      if (sd === undefined) throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
      return sd;
    },
    currentUserSid: () => ME,
    lastError: () => 5,
  };
  return { api, calls };
}

/** Runs `fn` with process.platform reading win32: for code that takes no platform argument (Journal, loadKey). */
async function asWindows<T>(fn: () => Promise<T>): Promise<T> {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...platform, value: 'win32' });
  try {
    return await fn();
  } finally {
    Object.defineProperty(process, 'platform', platform);
  }
}

const oldDataDir = process.env.HCNPROXY_DATA_DIR;
afterEach(() => {
  setAdminOnlyWin32ForTest(undefined);
  if (oldDataDir === undefined) delete process.env.HCNPROXY_DATA_DIR;
  else process.env.HCNPROXY_DATA_DIR = oldDataDir;
});

describe('Windows: explicit protected DACL at creation', () => {
  it('grants Administrators and SYSTEM full control, nobody else, not inherited (SDDL)', () => {
    expect(ADMIN_ONLY_DIR_SDDL).toBe('D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)');
    expect(ADMIN_ONLY_FILE_SDDL).toBe('D:P(A;;FA;;;BA)(A;;FA;;;SY)');
  });

  it('the journal folder, key and file are each created through CreateDirectoryW/CreateFileW with that DACL', async () => {
    const { api, calls } = fakeApi({});
    // createDirectory fails (the fake's default): the caller must then find it missing and throw.
    api.createNewFile = (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), true);
    setAdminOnlyWin32ForTest(api);
    const dir = join(tmp(), 'HCN Proxy Control');
    await expect(ensureAdminOnlyDir(dir, 'win32')).rejects.toThrow(
      `Could not create the admin-only folder ${dir} (Windows error 5).`,
    );
    expect(calls).toEqual([`createDirectory ${dir} ${ADMIN_ONLY_DIR_SDDL}`]);
    expect(await createAdminOnlyFile(join(dir, 'journal.jsonl'), 'win32')).toBe(true);
    expect(calls[1]).toBe(`createNewFile ${join(dir, 'journal.jsonl')} ${ADMIN_ONLY_FILE_SDDL}`);
  });
});

describe('Windows: an existing app folder or journal is made admin-only before it is written', () => {
  it('the app data folder left by an older version gets owner BA + the protected DACL, once per process', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const { api, calls } = fakeApi({ [dir]: RESET_DIR_READBACK });
    setAdminOnlyWin32ForTest(api);
    await ensureAdminOnlyDir(dir, 'win32');
    expect(RESET_DIR_SDDL).toBe('O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)');
    expect(calls).toEqual([`setSecurity ${dir} ${RESET_DIR_SDDL}`, `readSecurity ${dir}`]);
    // The DACL propagates to what the folder holds: not redone on every append.
    await ensureAdminOnlyDir(dir, 'win32');
    expect(calls).toHaveLength(2);
  });

  it('the app data folder this process created (with the DACL) is not reset on the next append', async () => {
    const dir = join(tmp(), 'HCN Proxy Control');
    process.env.HCNPROXY_DATA_DIR = dir;
    const { api, calls } = fakeApi({});
    api.createDirectory = (path, sddl) => {
      calls.push(`createDirectory ${path} ${sddl}`);
      mkdirSync(path);
      return true;
    };
    setAdminOnlyWin32ForTest(api);
    await ensureAdminOnlyDir(dir, 'win32');
    await ensureAdminOnlyDir(dir, 'win32');
    expect(calls).toEqual([`createDirectory ${dir} ${ADMIN_ONLY_DIR_SDDL}`]);
  });

  it('a folder the user named for the journal is never rewritten (its other files are not ours)', async () => {
    process.env.HCNPROXY_DATA_DIR = tmp();
    const { api, calls } = fakeApi({});
    setAdminOnlyWin32ForTest(api);
    await ensureAdminOnlyDir(tmp(), 'win32');
    expect(calls).toEqual([]);
  });

  it('a reset the system refuses is an error naming the folder and the Win32 error; nothing is written', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    setAdminOnlyWin32ForTest(fakeApi({ [dir]: WINE_PLAIN_MKDIR }, 5).api);
    await expect(ensureAdminOnlyDir(dir, 'win32')).rejects.toThrow(
      new Error(
        `The app data folder ${dir} already existed and could not be made admin-only ` +
          '(SetNamedSecurityInfoW error 5: access denied — run as administrator). Nothing was written to it.',
      ),
    );
  });

  it('a reset reported as done that left Everyone on it (as Wine does) is caught by the read-back', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const journal = join(dir, 'journal.jsonl');
    setAdminOnlyWin32ForTest(fakeApi({ [dir]: WINE_PLAIN_MKDIR }).api);
    await expect(asWindows(() => new Journal(journal).append(entry))).rejects.toThrow(
      new Error(
        `The app data folder ${dir} grants 0x1200a9 to WD (ACE A;OICI;0x1200a9;;;WD) after it was made ` +
          'admin-only; nothing was written to it.',
      ),
    );
    expect(existsSync(journal)).toBe(false);
  });

  it('an existing journal file gets owner BA + the protected file DACL; one this process created does not', async () => {
    const dir = tmp();
    const file = join(dir, 'journal.jsonl');
    writeFileSync(file, '');
    const { api, calls } = fakeApi({ [file]: 'O:BAD:PAI(A;;FA;;;BA)(A;;FA;;;SY)' });
    setAdminOnlyWin32ForTest(api);
    await expect(createAdminOnlyFile(file, 'win32')).resolves.toBe(false);
    expect(RESET_FILE_SDDL).toBe('O:BAD:P(A;;FA;;;BA)(A;;FA;;;SY)');
    expect(calls).toEqual([
      `createNewFile ${file} ${ADMIN_ONLY_FILE_SDDL}`,
      `setSecurity ${file} ${RESET_FILE_SDDL}`,
      `readSecurity ${file}`,
    ]);
    // Created by this process with the protection: a later append does not reset it.
    const fresh = join(dir, 'new.jsonl');
    api.createNewFile = (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), true);
    await expect(createAdminOnlyFile(fresh, 'win32')).resolves.toBe(true);
    writeFileSync(fresh, '');
    api.createNewFile = (path, sddl) => (calls.push(`createNewFile ${path} ${sddl}`), false);
    calls.length = 0;
    await expect(createAdminOnlyFile(fresh, 'win32')).resolves.toBe(false);
    expect(calls).toEqual([`createNewFile ${fresh} ${ADMIN_ONLY_FILE_SDDL}`]);
  });

  it('an existing journal that still grants Users access after the reset is refused', async () => {
    const dir = tmp();
    const file = join(dir, 'journal.jsonl');
    writeFileSync(file, '');
    setAdminOnlyWin32ForTest(fakeApi({ [file]: 'O:BAD:AI(A;;FA;;;BA)(A;ID;0x1301bf;;;BU)' }).api);
    await expect(createAdminOnlyFile(file, 'win32')).rejects.toThrow(
      new Error(
        `The file ${file} grants 0x1301bf to BU (ACE A;ID;0x1301bf;;;BU) after it was made admin-only; ` +
          'nothing was written to it.',
      ),
    );
  });
});

describe('adminOnlyProblem: who the owner and the DACL let in (SDDL as Windows and Wine report it)', () => {
  it.each([
    ['created by the app on Windows', 'O:BAD:P(A;;FA;;;BA)(A;;FA;;;SY)', undefined],
    ['reset on Windows (AI flag)', RESET_DIR_READBACK, undefined],
    ['owned by this elevated user', `O:${ME}D:P(A;;FA;;;BA)(A;;FA;;;SY)`, undefined],
    [
      'created by the app under Wine (owner and ACE: this user)',
      `O:${ME}D:(A;;FA;;;SY)(A;;FA;;;${ME})`,
      undefined,
    ],
    ['SIDs spelled out', 'O:S-1-5-32-544D:P(A;;FA;;;S-1-5-32-544)(A;;FA;;;S-1-5-18)', undefined],
    ['a deny ACE for Everyone', 'O:BAD:P(D;;FA;;;WD)(A;;FA;;;BA)', undefined],
    [
      'planted by a standard user, DACL made to look admin-only',
      `O:${OTHER}D:P(A;;FA;;;BA)(A;;FA;;;SY)`,
      `is owned by ${OTHER}, not by Administrators, SYSTEM or this user`,
    ],
    ['Users may read', 'O:BAD:P(A;;FA;;;BA)(A;;FR;;;BU)', 'grants FR to BU (ACE A;;FR;;;BU)'],
    [
      'inherited from a plain mkdir under Wine',
      WINE_PLAIN_MKDIR,
      'grants 0x1200a9 to WD (ACE A;OICI;0x1200a9;;;WD)',
    ],
    [
      'another user may write',
      `O:BAD:PAI(A;;FA;;;BA)(A;ID;0x1301bf;;;${OTHER})`,
      `grants 0x1301bf to ${OTHER} (ACE A;ID;0x1301bf;;;${OTHER})`,
    ],
    ['a null DACL', 'O:BAD:NO_ACCESS_CONTROL', 'has a null DACL (everyone has full access)'],
    ['no DACL at all', 'O:BA', 'has no DACL (everyone has full access)'],
    ['no owner', 'D:P(A;;FA;;;BA)', 'has no owner in its security descriptor (D:P(A;;FA;;;BA))'],
  ])('%s', (_what, sddl, problem) => {
    expect(adminOnlyProblem(sddl, [ME])).toBe(problem);
  });

  it('this user is trusted only when named (the check itself knows only BA and SY)', () => {
    expect(adminOnlyProblem(`O:${ME}D:P(A;;FA;;;BA)`)).toBe(
      `is owned by ${ME}, not by Administrators, SYSTEM or this user`,
    );
  });
});

describe('Windows: the integrity key is checked before it is trusted, never rewritten', () => {
  it('checkAdminOnlyKey reads the key (trusting this user) and does nothing off Windows', async () => {
    const { api, calls } = fakeApi({ k: `O:${OTHER}D:P(A;;FA;;;BA)` });
    setAdminOnlyWin32ForTest(api);
    await expect(checkAdminOnlyKey('k', 'linux')).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    await expect(checkAdminOnlyKey('k', 'win32')).resolves.toBe(
      `is owned by ${OTHER}, not by Administrators, SYSTEM or this user`,
    );
    expect(calls).toEqual(['readSecurity k']);
  });

  it('loadKey refuses a planted key with the reason and what to do; an admin-only one is used', async () => {
    const dir = tmp();
    const keyPath = join(dir, 'journal.key');
    writeFileSync(keyPath, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const security: Record<string, string> = { [keyPath]: `O:${OTHER}D:P(A;;FA;;;BA)(A;;FA;;;SY)` };
    const { api, calls } = fakeApi(security);
    setAdminOnlyWin32ForTest(api);
    await asWindows(async () => {
      await expect(loadKey(keyPath)).rejects.toMatchObject({
        error: {
          code: 'journal-integrity',
          message:
            `Journal integrity key ${keyPath}: is owned by ${OTHER}, not by Administrators, SYSTEM or this ` +
            'user; refusing to trust it. If nobody else could have written it, delete it: a new key is ' +
            'made, and entries signed with the old one no longer verify.',
        },
      });
      security[keyPath] = 'O:BAD:P(A;;FA;;;BA)(A;;FA;;;SY)';
      await expect(loadKey(keyPath)).resolves.toEqual(Buffer.from('ab'.repeat(32), 'hex'));
      // Checked, never rewritten: no SetNamedSecurityInfoW on the key.
      expect(calls.filter((c) => c.startsWith('setSecurity'))).toEqual([]);
    });
  });
});

const entry = {
  endpointId: 'ep',
  operation: 'add' as const,
  before: [],
  after: [],
  policies: [],
  outcome: 'ok' as const,
};

describe('POSIX: 0700 folder, 0600 files, set at creation', () => {
  it.skipIf(process.platform === 'win32')('a journal in a new folder', async () => {
    const dir = join(tmp(), 'data', 'hcn-proxy-control');
    const j = new Journal(join(dir, 'journal.jsonl'));
    await j.append({
      endpointId: 'ep',
      operation: 'add',
      before: [],
      after: [],
      policies: [],
      outcome: 'ok',
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'journal.key')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'journal.key'))).toBe(true);
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
