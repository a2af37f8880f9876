import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BulkResult,
  ChangeResult,
  EndpointDetail,
  EndpointSummary,
  JournalEntry,
} from '../../electron/core/views';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { mapLimit } from '../../electron/base/map-limit';
import type { FleetApply, FleetDiagnostics, FleetEndpoints, NodeInfo } from '../../electron/ipc/fleet-schema';
import type { Router } from '../../electron/ipc/router';
import { fleetHost } from '../../electron/remote/fleet-handlers';
import { connectInProcess } from '../../electron/remote/in-process';
import { simulatedFleet, simulatedSsh, type SimulatedFleet } from '../harness/fleet';

// The GUI's node manager (electron/remote/fleet.ts) through the contract, as the window calls it:
// simulated nodes behind the real agent protocol over in-process pipes (test/harness/fleet.ts).

const policy = { inboundProxyPort: 15001, outboundProxyPort: 15006, userSid: 'S-1-5-21-1-2-3-1337' };
let dir: string;
let sim: SimulatedFleet;
let ssh: ReturnType<typeof simulatedSsh>;
let core: AppCore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-'));
  sim = simulatedFleet({ count: 3, dataDir: dir, endpointsPerNode: 8, unreachable: ['sim-3'] });
  ssh = simulatedSsh(dir);
  core = await createAppCore({
    backend: 'simulated',
    journalPath: join(dir, 'local.jsonl'),
    validateOutput: true,
    origin: 'window',
    hostHandlers: fleetHost({ nodes: sim.specs, localLabel: 'This machine', ...ssh }),
  });
});
afterAll(async () => {
  await core.close();
  await sim.close();
  await ssh.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.route(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('fleet-wide calls', () => {
  it('lists every node endpoint with its pod; an unreachable node answers with its reason', async () => {
    const r = await call<FleetEndpoints>('fleet.endpoints', {});
    expect(r.nodes.map((n) => [n.node, n.ok])).toEqual([
      ['local', true],
      ['sim-1', true],
      ['sim-2', true],
      ['sim-3', false],
    ]);
    const one = r.nodes[1]!;
    if (!one.ok) throw new Error('sim-1 failed');
    expect(one.value).toHaveLength(8);
    expect(one.value[0]!.pod).toMatch(/^(shop|data|platform)\/web-0$/);
    // Each node its own ids.
    const two = r.nodes[2]!;
    if (!two.ok) throw new Error('sim-2 failed');
    expect(new Set([...one.value, ...two.value].map((e) => e.id)).size).toBe(16);
    const down = r.nodes[3]!;
    expect(down.ok ? null : down.error).toEqual({
      code: 'remote-unreachable',
      message: 'sim-3: connect ETIMEDOUT (simulated: this node is switched off in the harness).',
    });
  });

  it('nodes.list reports per-node state: connected with HNS version, unreachable with the reason', async () => {
    const nodes = await call<NodeInfo[]>('nodes.list', {});
    expect(nodes.map((n) => [n.id, n.kind, n.status])).toEqual([
      ['local', 'local', 'connected'],
      ['sim-1', 'simulated', 'connected'],
      ['sim-2', 'simulated', 'connected'],
      ['sim-3', 'simulated', 'unreachable'],
    ]);
    expect(nodes[1]!.hnsVersion).toMatch(/^\d+\.\d+$/);
    expect(nodes[3]!.error?.message).toContain('ETIMEDOUT');
    sim.setReachable('sim-3', true);
    const retried = await call<NodeInfo>('nodes.connect', { node: 'sim-3' });
    expect(retried.status).toBe('connected');
  });

  it('bulk apply goes to each node agent and journal; undo on one node leaves the other', async () => {
    const eps = await call<FleetEndpoints>('fleet.endpoints', { nodes: ['sim-1', 'sim-2'] });
    const pick = (i: number) => {
      const n = eps.nodes[i]!;
      if (!n.ok) throw new Error('node failed');
      return n.value.filter((e) => e.proxyPolicyCount === 0).slice(0, 2);
    };
    const [a, b] = [pick(0), pick(1)];
    const r = await call<FleetApply>('fleet.apply', {
      targets: [
        { node: 'sim-1', endpointIds: a.map((e) => e.id) },
        { node: 'sim-2', endpointIds: [b[0]!.id, 'ffffffff-0000-4000-8000-000000000000'] },
      ],
      policy,
    });
    const byNode = Object.fromEntries(r.nodes.map((n) => [n.node, n.ok ? n.value : null])) as Record<
      string,
      BulkResult
    >;
    expect([byNode['sim-1']!.succeeded, byNode['sim-1']!.failed]).toEqual([2, 0]);
    expect([byNode['sim-2']!.succeeded, byNode['sim-2']!.failed]).toEqual([1, 1]);
    // Each change is in its own node's journal, not this machine's.
    const j1 = readFileSync(join(dir, 'nodes', 'sim-1', 'journal.jsonl'), 'utf8');
    expect(j1.split('\n').filter(Boolean)).toHaveLength(2);
    expect(
      readFileSync(join(dir, 'nodes', 'sim-2', 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(1);
    const local = await call<{ entries: JournalEntry[] }>('journal.list', {});
    expect(local.entries).toEqual([]);

    // Undo on sim-1 only, through its own agent: remove exactly the policy the apply added (the raw
    // policy the result carries, checked by `expected`), journalled on sim-1 as a remove.
    const added = byNode['sim-1']!.outcomes[0]!;
    const target = added.endpointId;
    const detail = await call<EndpointDetail>('nodes.route', {
      node: 'sim-1',
      channel: 'endpoints.get',
      input: { endpointId: target },
    });
    const raw = added.result!.policies[0];
    const index = detail.proxyPolicies.findIndex((p) => JSON.stringify(p.raw) === JSON.stringify(raw));
    const undone = await call<ChangeResult>('nodes.route', {
      node: 'sim-1',
      channel: 'policies.remove',
      input: { endpointId: target, index, expected: raw },
    });
    expect(undone.operation).toBe('remove');
    const entry = { endpointId: target };
    const after = await call<FleetEndpoints>('fleet.endpoints', { nodes: ['sim-1', 'sim-2'] });
    const count = (i: number, id: string) => {
      const n = after.nodes[i]!;
      return n.ok ? n.value.find((e: EndpointSummary) => e.id === id)?.proxyPolicyCount : -1;
    };
    expect(count(0, entry.endpointId)).toBe(0);
    expect(count(1, b[0]!.id)).toBe(1);
  });

  it('groups diagnostics by node', async () => {
    const r = await call<FleetDiagnostics>('fleet.diagnose', { nodes: ['local', 'sim-1'] });
    expect(r.nodes.map((n) => [n.node, n.ok, n.ok && n.value.endpointsChecked > 0])).toEqual([
      ['local', true, true],
      ['sim-1', true, true],
    ]);
  });

  it('refuses unknown nodes, and node management or app settings sent to a node', async () => {
    expect(await core.route('fleet.endpoints', { nodes: ['sim-9'] })).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'No node "sim-9": add it first (nodes.list shows the known ones).',
      },
    });
    const nested = await core.route('nodes.route', { node: 'sim-1', channel: 'nodes.add', input: {} });
    expect(nested.ok ? null : nested.error.message).toBe('"nodes.add" cannot be sent to a node.');
    const journal = await core.route('nodes.route', {
      node: 'sim-1',
      channel: 'settings.set',
      input: { journalPath: '/tmp/elsewhere.jsonl' },
    });
    expect(journal.ok ? null : journal.error.message).toBe('"settings.set" cannot be sent to a node.');
  });
});

describe('adding an SSH node: the host key is pinned only after the user confirms its fingerprint', () => {
  it('waits at host-key with the fingerprint; a different fingerprint pins nothing; the shown one connects', async () => {
    const added = await call<NodeInfo>('nodes.add', { target: 'ssh://admin@win-node-7' });
    expect(added).toMatchObject({ id: 'ssh://admin@win-node-7', kind: 'ssh', status: 'host-key' });
    expect(added.hostKey).toMatchObject({ status: 'unknown', keyType: 'ssh-ed25519' });
    const fp = added.hostKey!.fingerprint;
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // Nothing goes to a node whose key is not confirmed.
    const early = await core.route('nodes.route', { node: added.id, channel: 'endpoints.list', input: {} });
    expect(early.ok ? null : early.error.code).toBe('host-key-unknown');
    const wrong = await core.route('nodes.pinHostKey', { node: added.id, fingerprint: 'SHA256:other' });
    expect(wrong.ok ? null : wrong.error.message).toBe(
      `ssh://admin@win-node-7 presented ${fp}, not the confirmed SHA256:other: nothing was pinned.`,
    );
    expect(() => readFileSync(ssh.knownHostsFile!, 'utf8')).toThrow();
    const pinned = await call<NodeInfo>('nodes.pinHostKey', { node: added.id, fingerprint: fp });
    expect(pinned.status).toBe('connected');
    expect(readFileSync(ssh.knownHostsFile!, 'utf8')).toMatch(/^win-node-7 ssh-ed25519 AAAA/);
    const eps = await call<EndpointSummary[]>('nodes.route', {
      node: added.id,
      channel: 'endpoints.list',
      input: {},
    });
    expect(eps).toHaveLength(12);
  });

  it('a bad target says what a node looks like', async () => {
    const r = await core.route('nodes.add', { target: 'node1' });
    expect(r.ok ? null : r.error.message).toBe(
      '"node1" is not a node: use ssh://[user@]host[:port] or k8s://NODE-NAME.',
    );
  });
});

describe('without a fleet (the CLI, an agent)', () => {
  it('refuses node management', async () => {
    const plain = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'plain.jsonl') });
    try {
      expect(await plain.route('nodes.list', {})).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Node management runs in the GUI; this process manages its own node only.',
        },
      });
    } finally {
      await plain.close();
    }
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});

describe('the host confirms before the admin credentials are used (a window cannot log in anywhere by itself)', () => {
  let cdir: string;
  let cssh: ReturnType<typeof simulatedSsh>;
  let ccore: AppCore;
  const asked: { title: string; detail: string; action: string }[] = [];
  let answer = false;

  beforeAll(async () => {
    cdir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-confirm-'));
    cssh = simulatedSsh(cdir);
    ccore = await createAppCore({
      backend: 'simulated',
      journalPath: join(cdir, 'local.jsonl'),
      origin: 'window',
      hostHandlers: fleetHost({ ...cssh, confirm: async (q) => (asked.push(q), answer) }),
    });
  });
  afterAll(async () => {
    await ccore.close();
    await cssh.close();
    rmSync(cdir, { recursive: true, force: true });
  });

  it('a declined host key pins nothing and connects nowhere; the question shows the presented fingerprint', async () => {
    const r = await ccore.route('nodes.add', { target: 'ssh://admin@win-node-9' });
    const added = (r as { ok: true; value: NodeInfo }).value;
    expect(added.status).toBe('host-key');
    const fp = added.hostKey!.fingerprint;
    answer = false;
    const declined = await ccore.route('nodes.pinHostKey', { node: added.id, fingerprint: fp });
    expect(declined.ok ? null : declined.error).toMatchObject({
      code: 'request-cancelled',
      message: `Nothing was pinned: ${fp} was not confirmed.`,
    });
    expect(asked.at(-1)).toMatchObject({ title: 'Trust the host key of ssh://admin@win-node-9?' });
    expect(asked.at(-1)!.detail).toContain(fp);
    expect(() => readFileSync(cssh.knownHostsFile!, 'utf8')).toThrow();
    const early = await ccore.route('nodes.route', { node: added.id, channel: 'endpoints.list', input: {} });
    expect(early.ok ? null : early.error.code).toBe('host-key-unknown');
    answer = true;
    const pinned = await ccore.route('nodes.pinHostKey', { node: added.id, fingerprint: fp });
    expect(pinned.ok && (pinned.value as NodeInfo).status).toBe('connected');
  });

  it('a declined connection to a trusted host is not added', async () => {
    answer = false;
    const before = asked.length;
    const r = await ccore.route('nodes.add', { target: 'ssh://admin@win-node-9:2222' });
    // Unknown on this port: asks nothing yet (reading a host key logs in nowhere).
    expect(r.ok && (r.value as NodeInfo).status).toBe('host-key');
    expect(asked.length).toBe(before);
    // win-node-9 on port 22 is now trusted: adding it again under another user asks first.
    const again = await ccore.route('nodes.add', { target: 'ssh://ops@win-node-9' });
    expect(again.ok ? null : again.error).toMatchObject({
      code: 'request-cancelled',
      message: 'Not connected: connecting to ssh://ops@win-node-9 was not confirmed.',
    });
    expect(asked.at(-1)).toMatchObject({ title: 'Connect to ssh://ops@win-node-9?', action: 'Connect' });
    const list = await ccore.route('nodes.list', {});
    const ids = (list as { ok: true; value: NodeInfo[] }).value.map((n) => n.id);
    expect(ids).not.toContain('ssh://ops@win-node-9');
  });
});

describe('every use of the admin credentials for a node waits for that node confirmed in main', () => {
  let rdir: string;
  let rssh: ReturnType<typeof simulatedSsh>;
  let rcore: AppCore;
  const asked: { title: string; detail: string; action: string }[] = [];
  /** The pending Connect question: answered by the test, whenever it chooses. */
  let answerNext: (yes: boolean) => void = () => undefined;
  let connects = 0;
  let probeFails = false;

  beforeAll(async () => {
    rdir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-race-'));
    rssh = simulatedSsh(rdir);
    rcore = await createAppCore({
      backend: 'simulated',
      journalPath: join(rdir, 'local.jsonl'),
      origin: 'window',
      hostHandlers: fleetHost({
        ...rssh,
        probeHostKey: async (t) => {
          if (probeFails) throw new Error(`connect ECONNREFUSED ${t.host}:${t.port}`);
          return rssh.probeHostKey!(t);
        },
        connectorFor: (target, expect) => {
          const real = rssh.connectorFor!(target, expect);
          return { label: real.label, connect: () => (connects++, real.connect()) };
        },
        confirm: (q) => {
          asked.push(q);
          return new Promise<boolean>((r) => (answerNext = r));
        },
      }),
    });
    // win-node-1's key is known already (pinned by an earlier session).
    const key = await rssh.probeHostKey!({
      kind: 'ssh',
      user: 'admin',
      host: 'win-node-1',
      port: 22,
      label: '',
    });
    writeFileSync(rssh.knownHostsFile!, key.line + '\n');
  });
  afterAll(async () => {
    await rcore.close();
    await rssh.close();
    rmSync(rdir, { recursive: true, force: true });
  });

  it('nodes.add then nodes.connect, nodes.route and fleet calls while the Connect question is open: nothing logs in', async () => {
    const adding = rcore.route('nodes.add', { target: 'ssh://admin@win-node-1' });
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatchObject({ title: 'Connect to ssh://admin@win-node-1?', action: 'Connect' });
    expect(asked[0]!.detail).toMatch(/host key SHA256:[A-Za-z0-9+/]{43}\)/);
    const id = 'ssh://admin@win-node-1';
    const clear = await rcore.route('nodes.route', {
      node: id,
      channel: 'policies.clear',
      input: { endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4', includeForeign: true },
    });
    expect(clear.ok ? null : clear.error.code).toBe('forbidden');
    const eps = await rcore.route('fleet.endpoints', { nodes: [id] });
    const one = (eps as { ok: true; value: FleetEndpoints }).value.nodes[0]!;
    expect(one.ok ? null : one.error.code).toBe('forbidden');
    // A second connect waits for the same question instead of connecting or asking twice.
    const connecting = rcore.route('nodes.connect', { node: id });
    await rcore.route('nodes.list', {});
    expect(connects).toBe(0);
    expect(asked).toHaveLength(1);
    answerNext(false);
    expect(((await adding) as { ok: false; error: { code: string } }).error.code).toBe('request-cancelled');
    expect(((await connecting) as { ok: false; error: { code: string } }).error.code).toBe(
      'request-cancelled',
    );
    expect(connects).toBe(0);
    const list = (await rcore.route('nodes.list', {})) as { ok: true; value: NodeInfo[] };
    expect(list.value.map((n) => n.id)).not.toContain(id);
  });

  it('a node added while unreachable is asked about when connected later, and only then logs in', async () => {
    probeFails = true;
    const added = (await rcore.route('nodes.add', { target: 'ssh://admin@win-node-1:22' })) as {
      ok: true;
      value: NodeInfo;
    };
    expect(added.value).toMatchObject({ status: 'unreachable' });
    const before = asked.length;
    expect(connects).toBe(0);
    probeFails = false;
    const declined = rcore.route('nodes.connect', { node: added.value.id });
    await expect.poll(() => asked.length).toBe(before + 1);
    answerNext(false);
    expect(((await declined) as { ok: false; error: { code: string } }).error.code).toBe('request-cancelled');
    expect(connects).toBe(0);
    // Still listed (the user added it), still not connected.
    const early = await rcore.route('nodes.route', { node: added.value.id, channel: 'hns.info', input: {} });
    expect(early.ok ? null : early.error.code).toBe('forbidden');
    const accepted = rcore.route('nodes.connect', { node: added.value.id });
    await expect.poll(() => asked.length).toBe(before + 2);
    answerNext(true);
    expect(((await accepted) as { ok: true; value: NodeInfo }).value.status).toBe('connected');
    expect(connects).toBe(1);
  });

  it('a host whose pinned key is of another type presents a new one: CHANGED, refused, nothing asked or pinned', async () => {
    // Only an RSA key is on file for win-node-2; the node (or a man in the middle) offers ed25519.
    const rsa = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.alloc(40, 7)]);
    const before = readFileSync(rssh.knownHostsFile!, 'utf8');
    writeFileSync(rssh.knownHostsFile!, `${before}win-node-2 ssh-rsa ${rsa.toString('base64')}\n`);
    const asks = asked.length;
    const added = (await rcore.route('nodes.add', { target: 'ssh://admin@win-node-2' })) as {
      ok: true;
      value: NodeInfo;
    };
    expect(added.value.status).toBe('host-key');
    expect(added.value.hostKey).toMatchObject({ status: 'changed', keyType: 'ssh-ed25519' });
    const pin = await rcore.route('nodes.pinHostKey', {
      node: added.value.id,
      fingerprint: added.value.hostKey!.fingerprint,
    });
    expect(pin.ok ? null : pin.error.code).toBe('host-key-changed');
    expect(pin.ok ? '' : pin.error.message).toMatch(
      /^REMOTE HOST IDENTIFICATION HAS CHANGED for ssh:\/\/admin@win-node-2: /,
    );
    expect(pin.ok ? '' : pin.error.message).not.toContain('ssh-keyscan');
    expect(asked.length).toBe(asks);
    expect(readFileSync(rssh.knownHostsFile!, 'utf8')).toBe(
      `${before}win-node-2 ssh-rsa ${rsa.toString('base64')}\n`,
    );
  });
});

describe('a node that does not answer in time is reported beside the others', () => {
  it('fleet.endpoints answers for every node; the silent one says it did not answer in time', async () => {
    const sdir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-slow-'));
    const fast = simulatedFleet({ count: 2, dataDir: sdir, endpointsPerNode: 3 });
    // A node whose agent greets and then never answers endpoints.list.
    const silent: Router = async (channel, input) =>
      channel === 'endpoints.list' ? new Promise(() => undefined) : fastCore.route(channel, input);
    const fastCore = await createAppCore({ backend: 'simulated', journalPath: join(sdir, 'silent.jsonl') });
    const slowSpec = {
      id: 'sim-silent',
      kind: 'simulated' as const,
      connector: {
        label: 'sim-silent',
        connect: async () =>
          (await connectInProcess(silent, { label: 'sim-silent', requestTimeoutMs: 200 })).connection,
      },
    };
    const gui = await createAppCore({
      backend: 'simulated',
      journalPath: join(sdir, 'local.jsonl'),
      origin: 'window',
      hostHandlers: fleetHost({ nodes: [...fast.specs, slowSpec] }),
    });
    try {
      const r = (await gui.route('fleet.endpoints', {})) as { ok: true; value: FleetEndpoints };
      expect(r.value.nodes.map((n) => [n.node, n.ok])).toEqual([
        ['local', true],
        ['sim-1', true],
        ['sim-2', true],
        ['sim-silent', false],
      ]);
      const slow = r.value.nodes[3]!;
      expect(slow.ok ? null : slow.error).toEqual({
        code: 'remote-unreachable',
        message: 'sim-silent did not answer endpoints.list in time (0.2 s).',
      });
    } finally {
      await gui.close();
      await fastCore.close();
      await fast.close();
      rmSync(sdir, { recursive: true, force: true });
    }
  });
});

describe('a host that cannot ask (the harness)', () => {
  it('never reaches for the user kubeconfig', async () => {
    const hdir = mkdtempSync(join(tmpdir(), 'hcnproxy-fleet-noask-'));
    const gui = await createAppCore({
      backend: 'simulated',
      journalPath: join(hdir, 'local.jsonl'),
      hostHandlers: fleetHost({}),
    });
    try {
      expect(await gui.route('nodes.discover', {})).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message:
            'This app finds no Kubernetes nodes here: it has no dialog to ask you before using a kubeconfig.',
        },
      });
    } finally {
      await gui.close();
      rmSync(hdir, { recursive: true, force: true });
    }
  });
});
