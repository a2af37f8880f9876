// Issue 13 item 4: the journal folder, the journal and its key are created admin-only, with the
// protection given at creation. POSIX is checked for real here; the Windows path (koffi → advapi32 +
// kernel32) is checked for its calls with a fake, and for real under Wine in test/wine when available.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_ONLY_DIR_SDDL,
  ADMIN_ONLY_FILE_SDDL,
  createAdminOnlyFile,
  ensureAdminOnlyDir,
  setAdminOnlyWin32ForTest,
} from '../../electron/core/journal/admin-only';
import { Journal } from '../../electron/core/journal/journal';

const tmp = () => mkdtempSync(join(tmpdir(), 'hcnproxy-acl-'));

afterEach(() => setAdminOnlyWin32ForTest(undefined));

describe('Windows: explicit protected DACL at creation', () => {
  it('grants Administrators and SYSTEM full control, nobody else, not inherited (SDDL)', () => {
    expect(ADMIN_ONLY_DIR_SDDL).toBe('D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)');
    expect(ADMIN_ONLY_FILE_SDDL).toBe('D:P(A;;FA;;;BA)(A;;FA;;;SY)');
  });

  it('the journal folder, key and file are each created through CreateDirectoryW/CreateFileW with that DACL', async () => {
    const calls: string[] = [];
    setAdminOnlyWin32ForTest({
      createDirectory: (path, sddl) => {
        calls.push(`dir ${path} ${sddl}`);
        return false; // as if it failed: the caller must then find it missing and throw
      },
      createNewFile: (path, sddl) => {
        calls.push(`file ${path} ${sddl}`);
        return true;
      },
      lastError: () => 5,
    });
    const dir = join(tmp(), 'HCN Proxy Control');
    await expect(ensureAdminOnlyDir(dir, 'win32')).rejects.toThrow(
      `Could not create the admin-only folder ${dir} (Windows error 5).`,
    );
    expect(calls).toEqual([`dir ${dir} ${ADMIN_ONLY_DIR_SDDL}`]);
    expect(await createAdminOnlyFile(join(dir, 'journal.jsonl'), 'win32')).toBe(true);
    expect(calls[1]).toBe(`file ${join(dir, 'journal.jsonl')} ${ADMIN_ONLY_FILE_SDDL}`);
  });

  it('an existing folder is left alone (no call), an existing file is not an error', async () => {
    const calls: string[] = [];
    setAdminOnlyWin32ForTest({
      createDirectory: () => (calls.push('dir'), true),
      createNewFile: () => (calls.push('file'), false),
      lastError: () => 80,
    });
    const dir = tmp();
    await ensureAdminOnlyDir(dir, 'win32');
    expect(calls).toEqual([]);
    await expect(createAdminOnlyFile(dir, 'win32')).resolves.toBe(false);
  });
});

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
