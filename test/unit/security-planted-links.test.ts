// Links and folders planted by non-admins: the agent's request ledger and the app's data folder are
// never followed through a symbolic link, never used when someone else could write them, and the
// ledger keeps one bounded file whose clean-up deletes nothing by listing a folder. POSIX only: creating
// symbolic links on Windows needs a privilege the test runner may lack; the Windows side (junctions,
// owners as SIDs) is journal-admin-only.test.ts with the Win32 calls faked, and test/wine for real.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../electron/core/journal/journal';
import { ensureOwnDir } from '../../electron/core/journal/admin-only';
import { buildHandshake, serveAgent } from '../../electron/remote/agent-server';
import {
  LEDGER_FILE,
  LEDGER_MAX_BYTES,
  LEDGER_RETENTION_MS,
  RequestLedger,
} from '../../electron/remote/request-ledger';
import type { Router } from '../../electron/ipc/router';
import { captureCli } from '../support/cli';

const posixOnly = process.platform === 'win32' ? describe.skip : describe;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'hcn-links-'));
  dirs.push(d);
  return d;
};
const oldDataDir = process.env.HCNPROXY_DATA_DIR;
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  if (oldDataDir === undefined) delete process.env.HCNPROXY_DATA_DIR;
  else process.env.HCNPROXY_DATA_DIR = oldDataDir;
});

/** A folder with files older than the ledger's retention: what a planted link would point at. */
function victim(): { dir: string; names: string[] } {
  const dir = tmp();
  const names = ['important.conf', 'id_rsa', 'a'.repeat(40) + '.json'];
  const old = (Date.now() - LEDGER_RETENTION_MS * 2) / 1000;
  for (const n of names) {
    writeFileSync(join(dir, n), 'x');
    utimesSync(join(dir, n), old, old);
  }
  return { dir, names };
}

const entry = {
  operation: 'add' as const,
  endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
  policies: [],
  before: [],
  after: [],
  outcome: 'ok' as const,
};

posixOnly('the request ledger never follows a planted link', () => {
  it('a ledger folder that is a symbolic link is refused, with what to do, and its target is untouched', async () => {
    const journalDir = tmp();
    const { dir: target, names } = victim();
    const ledgerDir = join(journalDir, 'agent-requests');
    symlinkSync(target, ledgerDir);
    const ledger = new RequestLedger(ledgerDir);
    const refusal = new RegExp(
      `^The request ledger folder ${ledgerDir} is a symbolic link \\(to ${target}\\), not a folder this app made: .*Remove it .* and run again`,
    );
    await expect(ledger.prune(Date.now())).rejects.toThrow(refusal);
    await expect(ledger.claim('r-1', 'policies.add')).rejects.toThrow(refusal);
    await expect(ledger.status('r-2')).rejects.toThrow(refusal);
    expect(readdirSync(target).sort()).toEqual([...names].sort());
    expect(lstatSync(ledgerDir).isSymbolicLink()).toBe(true);
  });

  it('through the agent: the refusal is logged at start, a change is not run, nothing lands in the target', async () => {
    const journalDir = tmp();
    const { dir: target, names } = victim();
    const ledgerDir = join(journalDir, 'agent-requests');
    symlinkSync(target, ledgerDir);
    let routed = 0;
    const route: Router = async (channel) => {
      if (channel !== 'hns.info') routed++;
      return { ok: true, value: {} } as never;
    };
    const input = new PassThrough();
    const output = new PassThrough();
    const out: string[] = [];
    output.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
    const logs: string[] = [];
    const server = serveAgent({
      route,
      input,
      output,
      handshake: await buildHandshake(async () => ({ ok: false, error: { code: 'internal', message: 'x' } })),
      ledger: new RequestLedger(ledgerDir),
      log: (m) => logs.push(m),
    });
    input.end(
      JSON.stringify({ id: 'c-1', channel: 'policies.clear', input: { endpointId: entry.endpointId } }) +
        '\n',
    );
    await server.done;
    expect(logs.join('\n')).toMatch(/request ledger: The request ledger folder .* is a symbolic link/);
    const answer = JSON.parse(out.find((l) => l.includes('"c-1"'))!) as {
      result: { ok: boolean; error: { message: string } };
    };
    expect(answer.result.ok).toBe(false);
    expect(answer.result.error.message).toMatch(/is a symbolic link/);
    expect(routed).toBe(0);
    expect(readdirSync(target).sort()).toEqual([...names].sort());
  });

  it('a ledger folder others may write, or that is not a folder, is refused', async () => {
    const open = join(tmp(), 'agent-requests');
    mkdirSync(open);
    chmodSync(open, 0o777);
    await expect(new RequestLedger(open).status('x')).rejects.toThrow(
      `The request ledger folder ${open} can be written by other users (mode 777)`,
    );
    const file = join(tmp(), 'agent-requests');
    writeFileSync(file, '');
    await expect(ensureOwnDir(file, 'The request ledger folder')).rejects.toThrow(
      `The request ledger folder ${file} is not a folder`,
    );
  });

  it('a ledger file planted as a link in a genuine folder is not written through', async () => {
    // The folder is private, so only its owner could do this; O_NOFOLLOW still refuses it.
    const ledgerDir = join(tmp(), 'agent-requests');
    mkdirSync(ledgerDir, { mode: 0o700 });
    const target = join(tmp(), 'precious');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, join(ledgerDir, LEDGER_FILE));
    await expect(new RequestLedger(ledgerDir).status('x')).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  it("clean-up removes only old records and the older layout's own files, never other files", async () => {
    const ledgerDir = join(tmp(), 'agent-requests');
    const ledger = new RequestLedger(ledgerDir);
    await ledger.status('kept-by-age');
    const old = Date.now() - LEDGER_RETENTION_MS * 2;
    const legacy = 'b'.repeat(40) + '.json';
    for (const n of [legacy, 'notes.txt']) {
      writeFileSync(join(ledgerDir, n), '{}');
      utimesSync(join(ledgerDir, n), old / 1000, old / 1000);
    }
    // Records from long ago are dropped; the fresh one stays.
    writeFileSync(
      join(ledgerDir, LEDGER_FILE),
      JSON.stringify({ id: 'ancient', state: 'cancelled', pid: 1, time: new Date(old).toISOString() }) +
        '\n' +
        readFileSync(join(ledgerDir, LEDGER_FILE), 'utf8'),
    );
    await ledger.prune(Date.now());
    expect(readdirSync(ledgerDir).sort()).toEqual(['notes.txt', LEDGER_FILE]);
    const ids = readFileSync(join(ledgerDir, LEDGER_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(['kept-by-age']);
  });
});

posixOnly('the request ledger is one bounded file; an id names one change', () => {
  it("a node's first request may come before its journal folder exists: both are made private", async () => {
    const journalDir = join(tmp(), 'data', 'hcn-proxy-control');
    const ledger = new RequestLedger(join(journalDir, 'agent-requests'));
    expect(await ledger.claim('first', 'policies.add')).toEqual({ claimed: true });
    expect(lstatSync(journalDir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(journalDir, 'agent-requests')).mode & 0o777).toBe(0o700);
  });

  it('2000 queried ids are records in one file, not 2000 files', async () => {
    const ledgerDir = join(tmp(), 'agent-requests');
    const ledger = new RequestLedger(ledgerDir);
    for (let batch = 0; batch < 2; batch++) {
      const ids = Array.from({ length: 1000 }, (_, i) => `q-${batch}-${i}`);
      const statuses = await ledger.statuses(ids);
      expect(statuses.every((s) => s.state === 'not-received')).toBe(true);
    }
    expect(readdirSync(ledgerDir)).toEqual([LEDGER_FILE]);
    // Fenced: a later claim of a queried id is refused.
    expect(await ledger.claim('q-1-999', 'policies.add')).toEqual({
      claimed: false,
      existing: { id: 'q-1-999', state: 'not-received' },
    });
  });

  it('a full ledger refuses a new record with what to do, and runs nothing unrecorded', async () => {
    const ledgerDir = join(tmp(), 'agent-requests');
    const ledger = new RequestLedger(ledgerDir);
    await ledger.status('first');
    const record =
      JSON.stringify({ id: 'x', state: 'cancelled', pid: 1, time: new Date().toISOString() }) + '\n';
    writeFileSync(join(ledgerDir, LEDGER_FILE), record.repeat(Math.floor(LEDGER_MAX_BYTES / record.length)));
    await expect(ledger.claim('new-change', 'policies.add')).rejects.toThrow(
      `The request ledger ${join(ledgerDir, LEDGER_FILE)} is full (8 MB of records from the last 7 days); nothing was run.`,
    );
    // A known id is still answered (nothing to append).
    expect(await ledger.status('x')).toEqual({ id: 'x', state: 'not-received' });
  });

  it('a finished id reused for another channel is refused, not answered with the first outcome', async () => {
    const ledger = new RequestLedger(join(tmp(), 'agent-requests'));
    expect(await ledger.claim('r-1', 'policies.add')).toEqual({ claimed: true });
    await ledger.finish('r-1', 'policies.add', { ok: true, value: { journalId: 'j-1' } });
    expect(await ledger.claim('r-1', 'policies.clear')).toEqual({
      claimed: false,
      reusedFrom: 'policies.add',
    });
    // The same channel again is a retry: the recorded outcome.
    expect(await ledger.claim('r-1', 'policies.add')).toEqual({
      claimed: false,
      existing: { id: 'r-1', state: 'done', result: { ok: true, value: { journalId: 'j-1' } } },
    });
  });

  it('through the agent: the reused id is a protocol error naming both channels, and nothing runs', async () => {
    const ledger = new RequestLedger(join(tmp(), 'agent-requests'));
    await ledger.claim('r-1', 'policies.add');
    await ledger.finish('r-1', 'policies.add', { ok: true, value: { journalId: 'j-1' } });
    let routed = 0;
    const route: Router = async () => {
      routed++;
      return { ok: true, value: {} } as never;
    };
    const input = new PassThrough();
    const output = new PassThrough();
    const out: string[] = [];
    output.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
    const server = serveAgent({
      route,
      input,
      output,
      handshake: await buildHandshake(async () => ({ ok: false, error: { code: 'internal', message: 'x' } })),
      ledger,
    });
    routed = 0;
    input.end(
      JSON.stringify({ id: 'r-1', channel: 'policies.clear', input: { endpointId: entry.endpointId } }) +
        '\n',
    );
    await server.done;
    const answer = JSON.parse(out.find((l) => l.includes('"r-1"'))!) as { result: unknown };
    expect(answer.result).toEqual({
      ok: false,
      error: {
        code: 'protocol',
        field: 'id',
        message:
          'Request id r-1 was used for policies.add on this node; an id names one change, so this policies.clear was not run. Send it with a new id.',
      },
    });
    expect(routed).toBe(0);
  });
});

posixOnly('the app data folder is refused when squatted', () => {
  it('a data folder that is a symbolic link is refused with what to do; nothing is written in its target', async () => {
    const target = tmp();
    const link = join(tmp(), 'hcn-proxy-control');
    symlinkSync(target, link);
    process.env.HCNPROXY_DATA_DIR = link;
    await expect(new Journal(join(link, 'journal.jsonl')).append(entry)).rejects.toThrow(
      new RegExp(
        `^The app data folder ${link} is a symbolic link \\(to ${target}\\), not a folder this app made: .*Nothing was written to it\\. Remove it`,
      ),
    );
    expect(readdirSync(target)).toEqual([]);
  });

  it('a data folder others may write is refused (someone else could have made it)', async () => {
    const dir = join(tmp(), 'hcn-proxy-control');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    process.env.HCNPROXY_DATA_DIR = dir;
    await expect(new Journal(join(dir, 'journal.jsonl')).append(entry)).rejects.toThrow(
      `The app data folder ${dir} can be written by other users (mode 777)`,
    );
    expect(existsSync(join(dir, 'journal.jsonl'))).toBe(false);
  });

  it('a data folder owned by another user is refused (run as root only: it needs chown)', async (ctx) => {
    if (process.geteuid?.() !== 0) ctx.skip();
    const dir = join(tmp(), 'hcn-proxy-control');
    mkdirSync(dir, { mode: 0o700 });
    const { chownSync } = await import('node:fs');
    chownSync(dir, 65534, 65534);
    process.env.HCNPROXY_DATA_DIR = dir;
    await expect(new Journal(join(dir, 'journal.jsonl')).append(entry)).rejects.toThrow(
      `The app data folder ${dir} is owned by uid 65534, not by this user (uid 0)`,
    );
  });

  it('a genuine data folder (made by the app, or 0700/0755 and ours) is used', async () => {
    const dir = join(tmp(), 'hcn-proxy-control');
    process.env.HCNPROXY_DATA_DIR = dir;
    await new Journal(join(dir, 'journal.jsonl')).append(entry);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    const existing = join(tmp(), 'old');
    mkdirSync(existing, { mode: 0o755 });
    process.env.HCNPROXY_DATA_DIR = existing;
    await new Journal(join(existing, 'journal.jsonl')).append(entry);
    expect(existsSync(join(existing, 'journal.jsonl'))).toBe(true);
  });
});

describe('HCNPROXY_DATA_DIR passes the same journal check as --journal', () => {
  it('an existing non-journal file there is refused (exit 2 naming the journal), not appended to', async () => {
    const dir = tmp();
    const precious = join(dir, 'journal.jsonl');
    writeFileSync(precious, 'PRECIOUS user file line 1\n');
    process.env.HCNPROXY_DATA_DIR = dir;
    const r = await captureCli([
      'add',
      '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
      '--inbound-port',
      '15006',
      '--outbound-port',
      '15001',
      '--backend',
      'simulated',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not an HCN Proxy Control journal');
    expect(readFileSync(precious, 'utf8')).toBe('PRECIOUS user file line 1\n');
  });

  it('an empty or new journal there is used', async () => {
    const dir = tmp();
    process.env.HCNPROXY_DATA_DIR = dir;
    const r = await captureCli([
      'add',
      '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
      '--inbound-port',
      '15006',
      '--outbound-port',
      '15001',
      '--backend',
      'simulated',
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toContain('"operation":"add"');
  });
});
