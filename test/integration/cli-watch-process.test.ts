import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../support/cli';

// `hcnproxyctl watch` as a process: it stays up after its "watching" line (the node's waits do not
// hold a process open by themselves) and prints the change another process saves to the state file.

const ROOT = resolve(__dirname, '../..');
const PLAIN = '11111111-1111-4111-8111-111111111102';

describe('hcnproxyctl watch as a process', () => {
  it('prints the watching line, then the change another process made, and exits 0 after --events 1', async () => {
    const d = tempDir('hcn-watch-proc-');
    const state = join(d, 'node.json');
    copyFileSync(join(ROOT, 'test/fixtures/misconfigured-node.json'), state);
    const journal = join(d, 'j.jsonl');
    const bin = join(ROOT, 'bin', 'hcnproxyctl.cjs');
    const child = spawn(
      process.execPath,
      [
        bin,
        '--backend',
        'simulated',
        '--state',
        state,
        '--persist',
        '--journal',
        journal,
        '--json',
        'watch',
        '--interval',
        '0.2',
        '--events',
        '1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const watching = new Promise<void>((r) =>
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) r();
      }),
    );
    await Promise.race([watching, exited.then(() => undefined)]);
    expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({ type: 'watching' });
    const add = await cli(
      [
        'add',
        PLAIN,
        '--port',
        '4140',
        '--backend',
        'simulated',
        '--state',
        state,
        '--persist',
        '--journal',
        journal,
      ],
      d,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(await exited, err).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      seq: 1,
      type: 'policy-added',
      endpoint: { id: PLAIN },
      by: { kind: 'app' },
    });
  }, 120_000);
});
