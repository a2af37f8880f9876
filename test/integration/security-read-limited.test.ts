// Issue 13 item 9: every file the app reads goes through one reader with a size limit and refuses
// character devices and FIFOs (`--journal /dev/zero` grew the elevated process to 2 GB).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLimited, readLimitedSync } from '../../electron/base/fs/read-limited';
import { Journal } from '../../electron/core/journal/journal';
import { checkJournalPath, SettingsStore } from '../../electron/core/services/settings';
import { readKnownHosts } from '../../electron/remote/known-hosts';
import { cli, tempDir } from '../support/cli';

const posix = process.platform !== 'win32';
const dir = mkdtempSync(join(tmpdir(), 'hcnproxy-read-'));
const fifo = () => {
  const p = join(dir, `fifo-${Math.random().toString(36).slice(2)}`);
  execFileSync('mkfifo', [p]);
  return p;
};

describe('readLimited', () => {
  it('reads a regular file whole, up to and including the limit', async () => {
    const p = join(dir, 'ten');
    writeFileSync(p, '0123456789');
    expect((await readLimited(p, { what: 'x', maxBytes: 10 })).toString()).toBe('0123456789');
    expect(readLimitedSync(p, { what: 'x', maxBytes: 10 }).toString()).toBe('0123456789');
  });

  it('refuses a file one byte over the limit, naming it and the limit', async () => {
    const p = join(dir, 'eleven');
    writeFileSync(p, '01234567890');
    const msg = `Refused to read state file ${p}: it is larger than the 10 bytes limit.`;
    await expect(readLimited(p, { what: 'state file', maxBytes: 10 })).rejects.toThrow(msg);
    expect(() => readLimitedSync(p, { what: 'state file', maxBytes: 10 })).toThrow(msg);
  });

  it('does not trust the size: a sparse 3 MB file against a 1 MB limit reads at most 1 MB + 1', async () => {
    const p = join(dir, 'sparse');
    writeFileSync(p, '');
    truncateSync(p, 3 * 1024 * 1024);
    await expect(readLimited(p, { what: 'settings', maxBytes: 1024 * 1024 })).rejects.toThrow(
      /larger than the 1 MB limit/,
    );
    expect((await readLimited(p, { what: 'x', maxBytes: 4, head: true })).length).toBe(4);
  });

  it.skipIf(!posix)('refuses /dev/zero (a character device) without reading it', async () => {
    await expect(readLimited('/dev/zero', { what: 'journal', maxBytes: 1 << 30 })).rejects.toThrow(
      'Refused to read journal /dev/zero: it is a character device, not a regular file.',
    );
    expect(() => readLimitedSync('/dev/zero', { what: 'journal', maxBytes: 1 << 30 })).toThrow(
      /character device/,
    );
  });

  it.skipIf(!posix)('refuses a FIFO without blocking on it (no writer ever comes)', async () => {
    const p = fifo();
    await expect(readLimited(p, { what: 'journal', maxBytes: 100 })).rejects.toThrow(
      `Refused to read journal ${p}: it is a FIFO (named pipe), not a regular file.`,
    );
    expect(() => readLimitedSync(p, { what: 'state file', maxBytes: 100 })).toThrow(/FIFO/);
  });

  it('refuses a folder', async () => {
    await expect(readLimited(dir, { what: 'settings', maxBytes: 100 })).rejects.toThrow(/it is a folder/);
  });
});

describe.skipIf(!posix)('every reader uses it', () => {
  it('journal: /dev/zero and a FIFO are refused, not read', async () => {
    await expect(new Journal('/dev/zero').list()).rejects.toThrow(/character device/);
    await expect(new Journal(fifo()).list()).rejects.toThrow(/FIFO/);
  });

  it('settings: a settings.json that is a FIFO is refused with its own message', async () => {
    const store = new SettingsStore(
      { autoRefreshSeconds: 0, templates: [], journalPath: '/x.jsonl' },
      fifo(),
    );
    await expect(store.get()).rejects.toThrow(/Refused to read settings .*FIFO/);
  });

  it('known hosts (remote nodes): a FIFO is refused, not read', () => {
    expect(() => readKnownHosts(fifo())).toThrow(/FIFO \(named pipe\), not a regular file/);
  });

  it('journalPath check: a FIFO named fifo.jsonl is refused', async () => {
    const p = join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [p]);
    await expect(checkJournalPath(p)).rejects.toThrow(/journalPath: /);
  });

  it('CLI: --journal /dev/zero and --state of a FIFO fail cleanly (exit 1/2), quickly', async () => {
    const d = tempDir();
    const j = await cli(['journal', '--backend', 'simulated', '--journal', '/dev/zero'], d);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('--journal: Must name a .jsonl file');
    const fifoJournal = join(dir, 'cli-fifo.jsonl');
    execFileSync('mkfifo', [fifoJournal]);
    const f = await cli(['journal', '--backend', 'simulated', '--journal', fifoJournal], d);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--journal: Exists and is not a file.');
    const s = await cli(['endpoints', '--backend', 'simulated', '--state', fifo()], d);
    expect(s.code).not.toBe(0);
    expect(s.stderr).toMatch(/FIFO \(named pipe\), not a regular file/);
  });
});
