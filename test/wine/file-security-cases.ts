// The Wine lane's cases for native/windows/file-security.ts (run in the main phase by lane.ts): the
// handle-based calls — CreateFileW with FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS,
// GetFileInformationByHandle, GetSecurityInfo / SetSecurityInfo on that handle, GetAclInformation /
// GetAce, EqualSid against CreateWellKnownSid, AdjustTokenPrivileges, TokenElevationType — run for
// real in win32 node.exe. What Wine 8.0 cannot show, measured here and recorded as facts:
//   - it cannot make a junction or directory symlink (Node's symlink 'junction' → ENOTSUP), so the
//     reparse-point refusal is shown with the Win32 calls faked (test/unit/journal-admin-only.test.ts);
//   - it derives owners and DACLs from Unix modes: every object is owned by the user, whatever
//     descriptor was asked for, and SetSecurityInfo reports success and changes nothing.
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { win32 } from 'node:path';
import { loadKey } from '../../electron/core/journal/integrity';
import { ensureOwnDir } from '../../electron/core/journal/admin-only';
import { LEDGER_FILE, RequestLedger } from '../../electron/remote/request-ledger';
import { loadFileSecurity } from '../../native/windows/file-security';

type Step = (name: string, fn: () => Promise<void>, leakCheck?: boolean) => Promise<void>;
type Check = (cond: unknown, what: string) => asserts cond;
type Same = (actual: unknown, expected: unknown, what: string) => void;

export async function fileSecurityCases(
  step: Step,
  check: Check,
  same: Same,
  facts: Record<string, unknown>,
): Promise<void> {
  const base = win32.join(process.env.ProgramData ?? 'C:\\ProgramData', 'hcnwine-file-security');
  mkdirSync(base, { recursive: true });

  await step(
    'file security: owner and ACEs are read on a handle and judged as SIDs (EqualSid), not SDDL text',
    async () => {
      const api = await loadFileSecurity();
      const plain = win32.join(base, 'plain-mkdir');
      mkdirSync(plain, { recursive: true });
      const s = api.inspect(plain);
      facts.fileSecurityPlainMkdir = s;
      same([s.reparsePoint, s.directory], [false, true], 'a plain folder: no reparse point, a directory');
      same(s.owner?.kind, 'this-user', 'owner of a plain mkdir (Wine: the Unix user)');
      check(Array.isArray(s.dacl), 'a DACL');
      const kinds = s.dacl.map((a) => `${a.allow ? 'allow' : 'deny'} ${a.sid?.kind}:${a.sid?.sid}`);
      check(kinds.includes('allow system:S-1-5-18'), `SYSTEM found by EqualSid: ${kinds.join(', ')}`);
      check(kinds.includes('allow other:S-1-1-0'), `Everyone is "other": ${kinds.join(', ')}`);
      // UAC-style split token under Wine: the user SID is shared with un-elevated programs.
      facts.userSidSharedWithUnelevated = api.userSidSharedWithUnelevated();
      same(facts.userSidSharedWithUnelevated, true, 'TokenElevationType says the token is split');
    },
    false,
  );

  await step(
    'file security: the reset goes through SetSecurityInfo on a no-follow handle with the ownership privileges',
    async () => {
      const api = await loadFileSecurity();
      const dir = win32.join(base, 'reset-me');
      mkdirSync(dir, { recursive: true });
      const rc = api.resetSecurity(dir, 'O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)');
      facts.fileSecurityResetRc = rc;
      facts.fileSecurityAfterReset = api.describe(dir);
      // Wine answers 0 and keeps the mode-derived DACL (measured); Windows applies it (icacls step).
      same(rc, 0, 'SetSecurityInfo on the handle');
    },
    false,
  );

  await step(
    'file security: a junction cannot be planted under Wine 8 (said, not skipped); a missing path is ENOENT',
    async () => {
      const api = await loadFileSecurity();
      const target = win32.join(base, 'target');
      const link = win32.join(base, 'junction');
      mkdirSync(target, { recursive: true });
      let made = 'created';
      try {
        symlinkSync(target, link, 'junction');
      } catch (e) {
        made = (e as NodeJS.ErrnoException).code ?? String(e);
      }
      facts.fileSecurityJunction = made;
      if (made === 'created') {
        // A Wine that can make one: it must be reported as a reparse point, and never reset.
        check(api.inspect(link).reparsePoint, 'the junction is a reparse point on its own handle');
        await ensureOwnDir(link, 'The folder').then(
          () => check(false, 'a junction was accepted as an app folder'),
          (e: Error) => check(/junction or symbolic link/.test(e.message), e.message),
        );
        rmSync(link, { force: true, recursive: false });
      }
      let code: string | undefined;
      try {
        api.inspect(win32.join(base, 'nothing-here'));
      } catch (e) {
        code = (e as NodeJS.ErrnoException).code;
      }
      same(code, 'ENOENT', 'inspect of a missing path');
    },
    false,
  );

  await step(
    "the agent's request ledger: a folder it makes is used (one file); one left by a plain mkdir is refused by the read-back",
    async () => {
      const made = win32.join(base, 'agent-requests');
      const ledger = new RequestLedger(made);
      same(
        await ledger.statuses(['w-1', 'w-2']),
        [
          { id: 'w-1', state: 'not-received' },
          { id: 'w-2', state: 'not-received' },
        ],
        'fenced',
      );
      same(readdirSync(made), [LEDGER_FILE], 'one ledger file');
      const plain = win32.join(base, 'plain-ledger');
      mkdirSync(plain, { recursive: true });
      let refusal = '';
      await new RequestLedger(plain).status('w-3').catch((e: unknown) => (refusal = String(e)));
      facts.fileSecurityPlainLedger = refusal;
      check(
        /The request ledger folder .* grants 0x1200a9 to S-1-1-0 after it was made admin-only/.test(refusal),
        `plain-mkdir ledger folder refused: ${refusal}`,
      );
      check(!existsSync(win32.join(plain, LEDGER_FILE)), 'nothing written in the refused folder');
    },
    false,
  );

  await step(
    'file security: a key this process did not create, owned by the user SID un-elevated programs share, is refused',
    async () => {
      const dir = win32.join(base, 'planted-key');
      mkdirSync(dir, { recursive: true });
      const keyPath = win32.join(dir, 'journal.key');
      // What the un-elevated half of the administrator could leave in a folder it can write.
      writeFileSync(keyPath, `${'ab'.repeat(32)}\n`);
      let refusal = '';
      await loadKey(keyPath).catch((e: unknown) => (refusal = e instanceof Error ? e.message : String(e)));
      facts.fileSecurityPlantedKey = refusal;
      check(
        /is owned by S-1-5-21-[\d-]+ \(your user account, which un-elevated programs share\), not by Administrators or SYSTEM; refusing to trust it/.test(
          refusal,
        ),
        `planted key refused: ${refusal}`,
      );
    },
    false,
  );
}
