import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../electron/base/app-error';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import type { Router } from '../../electron/ipc/router';
import { AgentConnection, ConnectionLostError } from '../../electron/remote/agent-client';
import { buildHandshake, serveAgent } from '../../electron/remote/agent-server';
import { connectInProcess, type InProcessAgent } from '../../electron/remote/in-process';
import { RemoteRouter } from '../../electron/remote/remote-router';
import { LineSplitter } from '../../electron/remote/line-splitter';
import { PROTOCOL_VERSION } from '../../electron/remote/protocol';
import { RequestLedger } from '../../electron/remote/request-ledger';

const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';

/** A raw agent on pipes: write lines in, read parsed lines out. */
async function rawAgent(route: Router, opts: { maxLineBytes?: number; ledger?: RequestLedger } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: unknown[] = [];
  let buf = '';
  const waiters: Array<() => void> = [];
  output.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const server = serveAgent({ route, input, output, handshake: await buildHandshake(route), ...opts });
  const next = async (n: number) => {
    while (lines.length < n) await new Promise<void>((r) => waiters.push(r));
    return lines.slice(0, n);
  };
  return { input, lines, next, server };
}

/**
 * A simulated core (its journal in a fresh temp dir) for the tests of the calling describe block:
 * created before them; closed, and the dir removed, after. Read both inside a test.
 */
function simulatedCoreForBlock(prefix: string): { core: () => AppCore; dir: () => string } {
  let core: AppCore | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    core = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'j.jsonl') });
  });
  afterAll(async () => {
    await core?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const made = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('simulatedCoreForBlock: made in beforeAll, read it in a test');
    return v;
  };
  return { core: () => made(core), dir: () => made(dir) };
}

/** A promise the test opens by hand: whatever awaits `wait` stays in flight until `open()`. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/** Answers the handshake's hns.info at once and holds every other call until `until` resolves. */
const holdAfterHello =
  (route: Router, until: Promise<void>): Router =>
  async (c, i) =>
    c === 'hns.info' ? route(c, i) : (await until, route(c, i));

describe('agent server: trusts nothing it reads', () => {
  const { core } = simulatedCoreForBlock('hcn-agent-');

  it('says hello first: protocol, app, host, OS, HNS version and L4WFPPROXY support, elevation', async () => {
    const a = await rawAgent(core().route);
    const [hello] = (await a.next(1)) as [{ hello: Record<string, unknown> }];
    expect(hello.hello).toMatchObject({
      protocol: PROTOCOL_VERSION,
      app: { name: 'hcn-proxy-control' },
      os: { platform: process.platform },
      hns: { ok: true, info: { version: { major: expect.any(Number) }, l4WfpProxySupported: true } },
      elevated: true,
      limits: { maxRequestLineBytes: expect.any(Number) },
    });
    a.input.end();
    expect(await a.server.done).toEqual({ requests: 0 });
  });

  it('answers bad JSON, bad envelopes, unknown channels, wrong types and oversize lines with errors', async () => {
    const a = await rawAgent(core().route, { maxLineBytes: 200 });
    a.input.write('{not json\n');
    a.input.write(JSON.stringify({ id: 'a1', channel: 'hns.info', input: {}, extra: 1 }) + '\n');
    a.input.write(JSON.stringify({ id: '../x', channel: 'hns.info' }) + '\n');
    a.input.write(JSON.stringify({ id: 'a2', channel: 'endpoints.nuke', input: {} }) + '\n');
    a.input.write(JSON.stringify({ id: 'a3', channel: 'endpoints.get', input: { endpointId: 42 } }) + '\n');
    a.input.write('x'.repeat(500) + '\n');
    a.input.write(JSON.stringify({ id: 'a4', channel: 'agent.requestStatus', input: { ids: [] } }) + '\n');
    a.input.write(JSON.stringify({ id: 'a5', channel: 'agent.requestStatus', input: { ids: ['x'] } }) + '\n');
    a.input.write('[1,2]\n');
    a.input.end();
    await a.server.done;
    const out = (await a.next(10)).slice(1) as Array<{
      id: string | null;
      result: { ok: boolean; error: AppError };
    }>;
    expect(out.every((l) => l.result.ok === false)).toBe(true);
    const byId = (id: string | null) => out.filter((l) => l.id === id).map((l) => l.result.error);
    expect(byId('a1')[0]).toMatchObject({ code: 'protocol', message: expect.stringContaining('Line 2') });
    expect(byId('a2')[0]).toEqual({ code: 'unknown-channel', message: 'Unknown operation.' });
    expect(byId('a3')[0]).toMatchObject({ code: 'validation', field: 'endpointId' });
    expect(byId('a4')[0]).toMatchObject({ code: 'validation', field: 'ids' });
    expect(byId('a5')[0]).toMatchObject({
      code: 'protocol',
      message: expect.stringContaining('no request ledger'),
    });
    const anonymous = byId(null).map((e) => e.message);
    expect(anonymous).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Line 1 is not JSON/),
        expect.stringMatching(/^Line 3 is not a request \{id, channel, input\}: id: Must be 1-128 letters/),
        'A request line is longer than 200 bytes; it was discarded.',
        expect.stringMatching(/^Line \d is not a request/),
      ]),
    );
  });

  it('stops reading at maxInFlight requests and resumes as they finish', async () => {
    const held = gate();
    let started = 0;
    const slow: Router = async (c, i) => {
      if (c === 'hns.info') return core().route(c, i);
      started++;
      await held.wait;
      return core().route(c, i);
    };
    const input = new PassThrough();
    const output = new PassThrough();
    const server = serveAgent({
      route: slow,
      input,
      output,
      handshake: await buildHandshake(core().route),
      maxInFlight: 2,
    });
    for (let i = 0; i < 5; i++)
      input.write(JSON.stringify({ id: `r${i}`, channel: 'endpoints.list', input: {} }) + '\n');
    // Let the agent read what it will read (the stream is paused once two are in flight).
    while (started < 2) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(started).toBe(2);
    expect(input.isPaused()).toBe(true);
    held.open();
    input.end();
    expect(await server.done).toEqual({ requests: 5 });
    expect(started).toBe(5);
  });

  it('refuses a second request with an id already in flight', async () => {
    const held = gate();
    const slow = holdAfterHello(core().route, held.wait);
    const a = await rawAgent(slow);
    a.input.write(JSON.stringify({ id: 'same', channel: 'endpoints.list', input: {} }) + '\n');
    a.input.write(JSON.stringify({ id: 'same', channel: 'endpoints.list', input: {} }) + '\n');
    const [, dup] = (await a.next(2)) as [unknown, { id: string; result: { error: unknown } }];
    expect(dup).toEqual({
      id: 'same',
      result: {
        ok: false,
        error: { code: 'protocol', message: 'Request id same is already in flight.', field: 'id' },
      },
    });
    held.open();
    a.input.end();
    expect(await a.server.done).toEqual({ requests: 1 });
  });
});

describe('line splitter', () => {
  it('joins a UTF-8 character split across chunks and drops an oversize line up to its newline', () => {
    const got: string[] = [];
    let over = 0;
    const s = new LineSplitter(
      8,
      (l) => got.push(l),
      () => over++,
    );
    const bytes = Buffer.from('é\n0123456789abc\nok\r\nlast');
    s.push(bytes.subarray(0, 1));
    s.push(bytes.subarray(1, 7));
    s.push(bytes.subarray(7));
    s.end();
    expect(got).toEqual(['é', 'ok', 'last']);
    expect(over).toBe(1);
  });
});

describe('agent client', () => {
  const { core } = simulatedCoreForBlock('hcn-agent-client-');

  it('runs concurrent requests matched by id', async () => {
    const { connection } = await connectInProcess(core().route);
    const [a, b, c] = await Promise.all([
      connection.request('hns.info', {}),
      connection.request('endpoints.get', { endpointId: EP }),
      connection.request('endpoints.get', { endpointId: 'bad' }),
    ]);
    expect(a.ok && a.value.backend).toBe('simulated');
    expect(b.ok && b.value.summary.id).toBe(EP);
    expect(c).toMatchObject({ ok: false, error: { code: 'validation', field: 'endpointId' } });
    connection.close();
  });

  it('rejects every pending request with "connection lost" when the stream ends, naming in-flight changes', async () => {
    const held = gate();
    const stuck = holdAfterHello(core().route, held.wait);
    const agent = await connectInProcess(stuck, { label: 'ssh://admin@node7' });
    const add = agent.connection.request('policies.add', {
      endpointId: EP,
      policy: { inboundProxyPort: 15001, outboundProxyPort: 15006, userSid: 'S-1-5-18' },
    });
    const list = agent.connection.request('endpoints.list', {});
    agent.cut();
    const e = await add.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionLostError);
    expect((e as ConnectionLostError).error.code).toBe('connection-lost');
    expect((e as ConnectionLostError).error.message).toMatch(
      /^Connection to ssh:\/\/admin@node7 lost: closed its output\. policies\.add \(request [0-9a-f]{12}-1\) was in flight: the node may or may not have applied it/,
    );
    await expect(list).rejects.toThrow(/endpoints\.list was in flight/);
    expect(agent.connection.lostRequests.map((l) => [l.channel, l.change])).toEqual([
      ['policies.add', true],
      ['endpoints.list', false],
    ]);
    await expect(agent.connection.request('hns.info', {})).rejects.toThrow(/hns\.info was not sent/);
    held.open();
  });

  it('names the node, the command and its exit code when the agent never says hello', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let exit!: (e: { code: number }) => void;
    const p = AgentConnection.open(
      {
        readable: out,
        writable: new PassThrough(),
        stderr: err,
        exit: new Promise((r) => (exit = r)),
        close: () => undefined,
      },
      { label: 'ssh://root@10.0.0.4', command: 'hcnproxyctl.exe serve --stdio' },
    );
    err.write('sh: 1: hcnproxyctl.exe: not found\n');
    exit({ code: 127 });
    out.end();
    await expect(p).rejects.toMatchObject({
      error: {
        code: 'agent-unavailable',
        message:
          'The agent did not start on ssh://root@10.0.0.4: `hcnproxyctl.exe serve --stdio` exited with code 127 ' +
          '(the shell found no such command on the node) before the handshake. It printed: sh: 1: hcnproxyctl.exe: not found ' +
          'Install hcnproxyctl on the node (README: "Managing remote nodes") or name its command with --remote-agent.',
      },
    });
  });

  it('refuses an agent speaking another protocol version, and skips a banner before the hello', async () => {
    const out = new PassThrough();
    const p = AgentConnection.open(
      { readable: out, writable: new PassThrough(), close: () => undefined },
      { label: 'k8s://win-1' },
    );
    const hello = await buildHandshake(core().route);
    out.write('Windows PowerShell profile loaded\n');
    out.write(JSON.stringify({ hello: { ...hello, protocol: 99 } }) + '\n');
    await expect(p).rejects.toMatchObject({
      error: {
        code: 'protocol',
        message: expect.stringMatching(
          /^k8s:\/\/win-1 runs hcnproxyctl .* speaking agent protocol 99; this app speaks 1\./,
        ),
      },
    });
  });

  it("origin 'window': the window's input rules hold before a request leaves this machine", async () => {
    let sent = 0;
    const counting: Router = (c, i) => {
      if (c !== 'hns.info') sent++;
      return core().route(c, i);
    };
    const { connection } = await connectInProcess(counting, { origin: 'window' });
    const r = await connection.route('settings.set', { journalPath: '/tmp/elsewhere.jsonl' });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', field: 'journalPath' } });
    expect(sent).toBe(0);
    expect((await connection.route('settings.get', {})).ok).toBe(true);
    expect(sent).toBe(1);
    connection.close();
  });

  it('checks answers against the contract: a lying agent gets bad-output, not a crash', async () => {
    const liar: Router = async (c, i) =>
      c === 'endpoints.list' ? { ok: true, value: [{ id: 5 }] } : core().route(c, i);
    const { connection } = await connectInProcess(liar, { label: 'node-x' });
    const r = await connection.request('endpoints.list', {});
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'bad-output',
        message: expect.stringMatching(
          /^The agent on node-x answered endpoints\.list with data that breaks the contract: 0\./,
        ),
      },
    });
    connection.close();
  });
});

describe('request ledger: a status query fences an id, so every answer is final', () => {
  it('not-received fences; a later run of that id is refused; done replays the outcome', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcn-ledger-'));
    try {
      const ledger = new RequestLedger(join(dir, 'requests'));
      expect(await ledger.status('r-1')).toEqual({ id: 'r-1', state: 'not-received' });
      expect(await ledger.claim('r-1', 'policies.add')).toEqual({
        claimed: false,
        existing: { id: 'r-1', state: 'not-received' },
      });
      expect(await ledger.claim('r-2', 'policies.clear')).toEqual({ claimed: true });
      expect(await ledger.status('r-2')).toEqual({ id: 'r-2', state: 'running', pid: process.pid });
      // Another process's view of a claim whose agent died: interrupted.
      const other = new RequestLedger(join(dir, 'requests'));
      expect(await other.status('r-2')).toEqual({
        id: 'r-2',
        state: 'interrupted',
        channel: 'policies.clear',
      });
      await ledger.finish('r-2', 'policies.clear', { ok: true, value: { journalId: 'j-1' } });
      expect(await other.status('r-2')).toEqual({
        id: 'r-2',
        state: 'done',
        result: { ok: true, value: { journalId: 'j-1' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('through the agent: a change whose id was fenced is refused, a finished one is replayed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcn-ledger-agent-'));
    const core = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'j.jsonl') });
    try {
      const ledger = new RequestLedger(join(dir, 'requests'));
      const a = await rawAgent(core.route, { ledger });
      const clear = { endpointId: EP, includeForeign: true };
      await ledger.status('fenced-1');
      a.input.write(JSON.stringify({ id: 'fenced-1', channel: 'policies.clear', input: clear }) + '\n');
      a.input.write(JSON.stringify({ id: 'ok-1', channel: 'policies.clear', input: clear }) + '\n');
      const [, first, second] = (await a.next(3)) as Array<{ id: string; result: unknown }>;
      const byId = Object.fromEntries([first, second].map((l) => [l!.id, l!.result]));
      expect(byId['fenced-1']).toEqual({
        ok: false,
        error: {
          code: 'request-cancelled',
          message:
            'Request fenced-1 was not run: a status query after a lost connection fenced it, so it was not run.',
        },
      });
      expect(byId['ok-1']).toMatchObject({
        ok: true,
        value: { operation: 'clear', journalId: expect.stringMatching(/^j-/) },
      });
      a.input.write(JSON.stringify({ id: 'ok-1', channel: 'policies.clear', input: clear }) + '\n');
      const [, , , replay] = (await a.next(4)) as Array<{ result: unknown }>;
      expect(replay!.result).toEqual(byId['ok-1']);
      expect((await core.ctx.journal.list({})).filter((e) => e.operation === 'clear')).toHaveLength(1);
      a.input.end();
      await a.server.done;
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RemoteRouter: connection state and recovery', () => {
  const { core, dir } = simulatedCoreForBlock('hcn-remote-router-');

  it('connecting → connected (with the handshake) → unreachable with the reason → retry connects again', async () => {
    const agents: InProcessAgent[] = [];
    const router = new RemoteRouter({
      label: 'sim-1',
      connect: async () => {
        const a = await connectInProcess(core().route, { label: 'sim-1' });
        agents.push(a);
        return a.connection;
      },
    });
    const states: string[] = [];
    router.onState((s) => states.push(s.status));
    expect((await router.route('hns.info', {})).ok).toBe(true);
    expect(router.state).toMatchObject({ status: 'connected', handshake: { protocol: PROTOCOL_VERSION } });
    agents[0]!.cut();
    await agents[0]!.connection.closed;
    expect(router.state).toMatchObject({
      status: 'unreachable',
      error: { code: 'connection-lost', message: 'Connection to sim-1 lost: closed its output.' },
    });
    expect((await router.retry()).status).toBe('connected');
    expect(agents).toHaveLength(2);
    expect(states).toEqual(['connecting', 'connected', 'unreachable', 'connecting', 'connected']);
    await router.close();
    expect(router.state.status).toBe('idle');
  });

  it('a change lost before the agent read it: the new agent fences it, the app says it was not applied', async () => {
    const ledger = new RequestLedger(join(dir(), 'requests'));
    const hello = await buildHandshake(core().route);
    const deadOut = new PassThrough();
    const deadIn = new PassThrough();
    const notes: string[] = [];
    let n = 0;
    const router = new RemoteRouter(
      {
        label: 'ssh://admin@node9',
        connect: async () => {
          if (++n > 1)
            return (await connectInProcess(core().route, { label: 'ssh://admin@node9', ledger })).connection;
          // First connection: an agent that says hello and then never reads a thing.
          const p = AgentConnection.open(
            { readable: deadOut, writable: deadIn, close: () => deadOut.destroy() },
            { label: 'ssh://admin@node9' },
          );
          deadOut.write(JSON.stringify({ hello }) + '\n');
          return p;
        },
      },
      (t) => notes.push(t),
    );
    const before = (await core().ctx.journal.list({})).length;
    const change = router.route('policies.clear', { endpointId: EP, includeForeign: true });
    // Drop the connection once the request is on the wire (a condition, not a timer).
    while (deadIn.readableLength === 0) await new Promise((r) => setImmediate(r));
    deadOut.end();
    const r = await change;
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'connection-lost',
        message: expect.stringMatching(
          /^policies\.clear \(request [0-9a-f]{12}-1\) never reached the agent on ssh:\/\/admin@node9: nothing changed, and it can no longer run\.$/,
        ),
      },
    });
    expect(notes).toEqual([
      expect.stringContaining('dropped; reconnected and asked the node: policies.clear'),
    ]);
    expect((await core().ctx.journal.list({})).length).toBe(before);
    await router.close();
  });

  it('a read lost with its connection is asked again on a new one', async () => {
    const held = gate();
    const notes: string[] = [];
    const agents: InProcessAgent[] = [];
    const router = new RemoteRouter(
      {
        label: 'sim-2',
        connect: async () => {
          const first = agents.length === 0;
          const route: Router = async (c, i) => {
            if (first && c === 'endpoints.list') await held.wait;
            return core().route(c, i);
          };
          const a = await connectInProcess(route, { label: 'sim-2' });
          agents.push(a);
          return a.connection;
        },
      },
      (t) => notes.push(t),
    );
    const list = router.route('endpoints.list', {});
    while (agents.length === 0) await new Promise((r) => setImmediate(r));
    agents[0]!.cut();
    const r = await list;
    expect(r.ok && Array.isArray(r.value)).toBe(true);
    expect(notes).toEqual([
      expect.stringMatching(/endpoints\.list was in flight\. Reconnected to sim-2; asked again\.$/),
    ]);
    held.open();
    await router.close();
  });

  it('an in-process node with a simulated round trip still answers correctly, in order of completion', async () => {
    const { connection } = await connectInProcess(core().route, { roundTripMs: 20 });
    const [a, b] = await Promise.all([
      connection.request('hns.info', {}),
      connection.request('endpoints.list', {}),
    ]);
    expect(a.ok && b.ok).toBe(true);
    connection.close();
  });
});
