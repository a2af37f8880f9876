import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerHasClaim } from '../support/agent-ledger';

// `hcnproxyctl serve --stdio` as a real process: stdout carries nothing but protocol lines, a change in
// flight survives SIGHUP and the end of input (it completes and is journalled), then the agent exits 0.

const REPO = resolve(__dirname, '..', '..');
const MAIN = join(REPO, 'electron', 'cli', 'main.ts');
// The same CLI with every simulated HNS call slowed (a change stays in flight long enough to signal).
const SLOW = join(REPO, 'test', 'support', 'slow-agent.ts');
const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
// One process (node --import tsx), so signals reach the agent itself, not a wrapper.
const args = (extra: string[]) => ['--import', 'tsx', MAIN, 'serve', ...extra];
const slowArgs = (ms: number, extra: string[]) => ['--import', 'tsx', SLOW, String(ms), 'serve', ...extra];

describe('serve --stdio (a real agent process)', () => {
  // Windows has no SIGHUP to send: libuv's uv_process_kill there knows SIGTERM, SIGKILL, SIGINT and
  // SIGQUIT only.
  it.skipIf(process.platform === 'win32')(
    'finishes a change in flight despite SIGHUP and end of input; stdout is protocol lines only; exit 0',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hcn-serve-'));
      try {
        const journal = join(dir, 'journal.jsonl');
        const child = spawn(
          process.execPath,
          slowArgs(200, ['--stdio', '--backend', 'simulated', '--journal', journal]),
          { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
        child.stdin.write('this is not json\n');
        // Who the client says it is: recorded beside the account the agent runs as, as a claim.
        child.stdin.write(
          JSON.stringify({
            id: 'who-1',
            channel: 'agent.identify',
            input: { user: 'alice', host: 'ws-7', app: 'hcnproxyctl test' },
          }) + '\n',
        );
        child.stdin.write(
          JSON.stringify({
            id: 'c-1',
            channel: 'policies.clear',
            input: { endpointId: EP, includeForeign: true },
          }) + '\n',
        );
        const ledger = join(dir, 'agent-requests');
        await expect
          .poll(() => ledgerHasClaim(ledger) || child.exitCode !== null, { timeout: 120_000 })
          .toBe(true);
        expect(child.exitCode, `agent never claimed the change: ${err}`).toBeNull();
        child.kill('SIGHUP');
        child.stdin.end();
        expect(await exited).toBe(0);
        const lines = out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(Object.keys(lines[0]!)).toEqual(['hello']);
        expect(lines.slice(1)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: null, result: expect.objectContaining({ ok: false }) }),
            { id: 'who-1', result: { ok: true, value: {} } },
            {
              id: 'c-1',
              result: expect.objectContaining({
                ok: true,
                value: expect.objectContaining({ operation: 'clear' }),
              }),
            },
          ]),
        );
        expect(lines).toHaveLength(4);
        const entries = readFileSync(journal, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { operation: string; user: string; requestedBy?: unknown });
        expect(entries.map((e) => e.operation)).toEqual(['clear']);
        expect(entries[0]!.requestedBy).toEqual({
          user: 'alice',
          host: 'ws-7',
          app: 'hcnproxyctl test',
          claimed: true,
        });
        expect(entries[0]!.user).toBe(userInfo().username);
        expect(err).toContain('SIGHUP: finishing the requests in flight');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it('refuses to start without --stdio, and test knobs, with exit code 2', () => {
    const run = (extra: string[]) =>
      spawnSync(process.execPath, args(extra), { cwd: REPO, encoding: 'utf8', input: '', timeout: 120_000 });
    const a = run(['--backend', 'simulated']);
    expect(a.status).toBe(2);
    expect(a.stderr).toBe(
      'hcnproxyctl: serve needs --stdio: the agent speaks its protocol on stdin and stdout.\n',
    );
    expect(a.stdout).toBe('');
    // Slowing HNS down is a test's business (test/support/slow-agent.ts), not an option of the product.
    const b = run(['--stdio', '--backend', 'simulated', '--simulate-latency', '200']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain("Unknown option '--simulate-latency'");
  }, 180_000);
});
