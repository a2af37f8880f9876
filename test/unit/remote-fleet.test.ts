import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { fleetHost } from '../../electron/remote/fleet-handlers';
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
