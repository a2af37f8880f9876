import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentConnection } from '../../electron/remote/agent-client';
import { boundedSafeParse, checkAnswer, containerCount, tooDense } from '../../electron/remote/answer-check';
import { RESPONSE_LIMIT_BYTES, responseLimit } from '../../electron/remote/protocol';

// What a hostile node can make the client hold: one line at most the largest limit of what is being
// waited for; a dense line is not parsed; a bad array costs one element's check; a late answer is
// dropped. Behaviour is asserted by counts and bytes held, never by timing.

const HELLO = {
  hello: {
    protocol: 1,
    app: { name: 'hcnproxyctl', version: 'test' },
    hostname: 'node',
    os: { platform: 'win32', release: '10.0', arch: 'x64' },
    hns: { ok: false, error: { code: 'hns-unavailable', message: 'no' } },
    elevated: true,
    limits: { maxRequestLineBytes: 1_000_000, maxInFlight: 4 },
    pid: 1,
  },
};

/** An agent under the test's control: it greets, then the test writes whatever it likes. */
async function hostile(options: { requestTimeoutMs?: number } = {}) {
  const toClient = new PassThrough();
  const fromClient = new PassThrough();
  const requests: Array<{ id: string; channel: string }> = [];
  fromClient.on('data', (d: Buffer) =>
    d
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; channel: string })
      // The client's agent.identify is answered by no one here: it is not what these tests are about.
      .forEach((r) => r.channel !== 'agent.identify' && requests.push(r)),
  );
  toClient.write(JSON.stringify(HELLO) + '\n');
  const conn = await AgentConnection.open(
    { readable: toClient, writable: fromClient, close: () => toClient.destroy() },
    { label: 'hostile', ...options },
  );
  return { conn, toClient, requests };
}

describe('the line limit follows what the client waits for', () => {
  it('endpoints.list: 8 MB; journal.list and snapshot.export more; nothing pending: the hello size', async () => {
    expect(responseLimit('endpoints.list')).toBe(RESPONSE_LIMIT_BYTES);
    expect(RESPONSE_LIMIT_BYTES).toBe(8 * 1024 * 1024);
    expect(responseLimit('journal.list')).toBeGreaterThan(RESPONSE_LIMIT_BYTES);
    expect(responseLimit('snapshot.export')).toBeGreaterThan(2 * 64 * 1024 * 1024);
    const { conn } = await hostile();
    expect(conn.lineLimit()).toBe(64 * 1024);
    void conn.route('endpoints.list', {});
    expect(conn.lineLimit()).toBe(8 * 1024 * 1024);
    void conn.route('journal.list', {});
    expect(conn.lineLimit()).toBe(responseLimit('journal.list'));
    conn.close();
  });

  it('a 100 MB answer to endpoints.list is cut off: never more than 8 MB of it held, the connection closed', async () => {
    const { conn, toClient, requests } = await hostile();
    const pending = conn.route('endpoints.list', {});
    expect(requests).toHaveLength(1);
    const chunk = Buffer.from('{},'.repeat(350_000)); // ~1 MB
    toClient.write(`{"id":"${requests[0]!.id}","result":{"ok":true,"value":[`);
    let sent = 0;
    for (let i = 0; i < 100 && conn.isOpen; i++) {
      toClient.write(chunk);
      sent += chunk.length;
      await new Promise((res) => setImmediate(res));
    }
    const r = await pending;
    expect(r.ok ? null : r.error.code).toBe('protocol');
    expect(r.ok ? '' : r.error.message).toContain(`hostile sent a line longer than ${8 * 1024 * 1024} bytes`);
    // The client gave up as soon as the line passed 8 MB: the other 92 MB were never read.
    expect(sent).toBeLessThanOrEqual(8 * 1024 * 1024 + 2 * chunk.length);
    expect(conn.isOpen).toBe(false);
  });

  it('a silent node: the request fails after its deadline with words for people; the late answer is dropped', async () => {
    const { conn, toClient, requests } = await hostile({ requestTimeoutMs: 50 });
    const r = await conn.route('policies.clear', { endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'remote-unreachable',
        message:
          'hostile did not answer policies.clear in time (0.05 s). It may still apply the change: check its journal (journal.list) before trying again.',
      },
    });
    // Its late answer is read (within the limit of what was asked) and dropped; the connection stays.
    toClient.write(JSON.stringify({ id: requests[0]!.id, result: { ok: true, value: {} } }) + '\n');
    await new Promise((res) => setImmediate(res));
    expect(conn.isOpen).toBe(true);
    conn.close();
  });
});

describe('dense answers and bad arrays cost little', () => {
  it('counts objects and arrays outside strings', () => {
    expect(containerCount('[{},{"a":"[{x}]"},[]]')).toBe(4);
    expect(containerCount('"\\"{"')).toBe(0);
  });

  it('a large line with an object every 3 bytes is refused before parsing; real answers pass', () => {
    const dense = `[${'{},'.repeat(600_000)}{}]`;
    expect(tooDense(dense)).toMatch(/^an answer of \d+ bytes holding 600002 objects and arrays/);
    const real = JSON.stringify(
      Array.from({ length: 4000 }, (_, i) => ({
        id: `id-${i}`,
        name: `pod-${i}-eth0`,
        ips: ['10.0.0.1'],
        n: i,
      })),
    );
    expect(real.length).toBeGreaterThan(100_000);
    expect(tooDense(real.padEnd(1024 * 1024 + 1, ' '))).toBeUndefined();
  });

  it('checks an array element by element and stops at the first bad one', () => {
    const item = z.object({ id: z.string(), n: z.number() });
    let checked = 0;
    const counting = z.array(item.superRefine(() => void checked++));
    const value = [{ id: 'a', n: 1 }, ...Array.from({ length: 200_000 }, () => ({}))];
    const r = boundedSafeParse(counting, value);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['1.id']);
    expect(checked).toBeLessThan(5);
    expect(boundedSafeParse(z.array(item), [{ id: 'a', n: 1 }]).success).toBe(true);
  });

  it('checkAnswer turns a contract-breaking value into bad-output naming the node', () => {
    expect(checkAnswer('ssh://a@n', 'policies.add', { ok: true, value: { warnings: 5 } })).toMatchObject({
      ok: false,
      error: {
        code: 'bad-output',
        message: expect.stringMatching(
          /^The agent on ssh:\/\/a@n answered policies\.add with data that breaks the contract: /,
        ),
      },
    });
    const failure = { ok: false as const, error: { code: 'hns' as const, message: 'x' } };
    expect(checkAnswer('n', 'policies.add', failure)).toBe(failure);
  });
});
