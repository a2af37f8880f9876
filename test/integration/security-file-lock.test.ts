// Issue 13 item 8: `--persist` serialises writers of one state file with an exclusive lock file
// (O_EXCL + pid, stale locks of dead processes taken over, a "busy" error naming the holder after a
// timeout). Without it two CLI processes lost 16 of 50 adds.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireFileLock } from '../../electron/base/fs/file-lock';
import { demoState } from '../../native/demo-data';
import { serializeSnapshot } from '../../native/snapshot/app-format';
import { parseSnapshot } from '../../native/snapshot/parse';
import { cli } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const dir = () => mkdtempSync(join(tmpdir(), 'hcnproxy-lock-'));

function stateFile(d: string): string {
  const p = join(d, 'state.json');
  writeFileSync(
    p,
    serializeSnapshot(demoState(), { source: { backend: 'simulated', description: 't', hostname: 'n' } }),
  );
  return p;
}

function proxyPortsOn(state: string, endpointId: string): string[] {
  const snap = parseSnapshot(readFileSync(state), 'state.json');
  const ep = snap.state.endpoints.find((e) => String(e.ID).toLowerCase() === endpointId);
  const policies = ((ep as { Policies?: unknown[] } | undefined)?.Policies ?? []) as {
    Type: string;
    Settings: { InboundProxyPort?: string };
  }[];
  return policies.filter((p) => p.Type === 'L4WFPPROXY').map((p) => String(p.Settings.InboundProxyPort));
}

function writer(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test', 'support', 'persist-writer.ts'), ...args],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('--persist takes an exclusive lock on the state file', () => {
  it('two CLI processes doing 25 adds each: all 50 are in the file', async () => {
    const d = dir();
    const state = stateFile(d);
    const before = proxyPortsOn(state, WEB0).length;
    const [a, b] = await Promise.all([
      writer([state, join(d, 'a.jsonl'), WEB0, '20000', '25']),
      writer([state, join(d, 'b.jsonl'), WEB0, '30000', '25']),
    ]);
    expect(a).toEqual({ code: 0, stderr: '' });
    expect(b).toEqual({ code: 0, stderr: '' });
    const ports = proxyPortsOn(state, WEB0);
    expect(ports).toHaveLength(before + 50);
    for (let i = 0; i < 25; i++) {
      expect(ports).toContain(String(20000 + i));
      expect(ports).toContain(String(30000 + i));
    }
    expect(existsSync(`${state}.lock`)).toBe(false);
  }, 240_000);

  it('a live holder: the CLI waits, then fails with "busy: <file> is locked by pid N", the file untouched', async () => {
    const d = dir();
    const state = stateFile(d);
    const original = readFileSync(state);
    const held = await acquireFileLock(state);
    const old = process.env.HCNPROXY_LOCK_TIMEOUT_MS;
    process.env.HCNPROXY_LOCK_TIMEOUT_MS = '300';
    try {
      const r = await cli(
        ['add', WEB0, '--port', '9000', '--backend', 'simulated', '--state', state, '--persist'],
        d,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`busy: ${state} is locked by pid ${process.pid} (lock file ${state}.lock)`);
      expect(readFileSync(state).equals(original)).toBe(true);
    } finally {
      if (old === undefined) delete process.env.HCNPROXY_LOCK_TIMEOUT_MS;
      else process.env.HCNPROXY_LOCK_TIMEOUT_MS = old;
      held.release();
    }
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('a lock left by a dead process is taken over; release removes only our own lock', async () => {
    const d = dir();
    const file = join(d, 'f');
    const dead = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ['-e', '0']);
      c.on('close', () => resolve(c.pid as number));
    });
    writeFileSync(`${file}.lock`, `${dead} ${hostname().replace(/\s+/g, '_')} deadbeef\n`);
    const lock = await acquireFileLock(file, { timeoutMs: 2000 });
    expect(readFileSync(`${file}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    // Someone else's lock in its place (ours was broken as stale elsewhere): release leaves it.
    writeFileSync(`${file}.lock`, `1 ${hostname()} other\n`);
    lock.release();
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it('waiters in one process serialise too', async () => {
    const file = join(dir(), 'g');
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map(async (n) => {
        const l = await acquireFileLock(file, { timeoutMs: 10_000, pollMs: 5 });
        order.push(`${n}+`);
        await new Promise((r) => setImmediate(r));
        order.push(`${n}-`);
        l.release();
      }),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i]?.[0]).toBe(order[i + 1]?.[0]);
  });
});
