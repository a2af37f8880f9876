import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { CHANNELS, type Channel } from '../../electron/ipc/contract';
import { connectInProcess, type InProcessAgent } from '../../electron/remote/in-process';
import { RequestLedger } from '../../electron/remote/request-ledger';

// Every contract channel through the agent protocol (in-process pipes) against the same router called
// directly: the protocol must be a transport only, so the answers (ok or error) are the same.

const SAMPLE = join(__dirname, '..', 'fixtures', 'snapshots', 'hcn-endpoints-v2.json');

type Prev = Partial<Record<Channel, unknown>>;
type Step = { channel: Channel; input: (prev: Prev, ids: string[]) => unknown; bad?: unknown };

const policy = { inboundProxyPort: 15001, outboundProxyPort: 15006, userSid: 'S-1-5-21-1-2-3-1337' };
const flow = {
  direction: 'inbound',
  localIp: '10.0.0.5',
  localPort: 80,
  remoteIp: '10.0.0.9',
  remotePort: 5555,
};
const journalIdOf = (prev: Prev) => (prev['policies.clear'] as { journalId?: string } | undefined)?.journalId;

// Order matters: restore uses the clear's journal id; snapshot.close follows snapshot.open.
const STEPS: Step[] = [
  { channel: 'hns.info', input: () => ({}), bad: { x: 1 } },
  { channel: 'hns.allowUnverifiedVersion', input: () => ({}), bad: { x: 1 } },
  { channel: 'endpoints.list', input: () => ({}), bad: [] },
  { channel: 'endpoints.get', input: (_, ids) => ({ endpointId: ids[0] }), bad: { endpointId: 'nope' } },
  {
    channel: 'policies.add',
    input: (_, ids) => ({ endpointId: ids[0], policy }),
    bad: { endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4', policy: { inboundProxyPort: '70000' } },
  },
  { channel: 'policies.remove', input: (_, ids) => ({ endpointId: ids[0], index: 0 }), bad: { index: -1 } },
  {
    channel: 'policies.clear',
    input: (_, ids) => ({ endpointId: ids[0], includeForeign: true }),
    bad: { endpointId: 7 },
  },
  {
    channel: 'policies.restore',
    input: (prev) => ({ journalId: journalIdOf(prev) }),
    bad: { journalId: '' },
  },
  {
    channel: 'policies.applyToMany',
    input: (_, ids) => ({ endpointIds: ids.slice(0, 3), policy }),
    bad: { endpointIds: [], policy },
  },
  {
    channel: 'policies.applySet',
    input: (_, ids) => ({ endpointIds: ids.slice(3, 5), policies: [policy, policy] }),
    bad: { endpointIds: ['5e6f7081-92a3-4b4c-8d5e-6f708192a3b4'], policies: [] },
  },
  { channel: 'containers.lookup', input: () => ({ containerId: 'abc123' }), bad: { containerId: '../x' } },
  { channel: 'diagnostics.endpoint', input: (_, ids) => ({ endpointId: ids[0] }), bad: {} },
  { channel: 'diagnostics.all', input: () => ({}), bad: { all: true } },
  { channel: 'diagnostics.events', input: (_, ids) => ({ endpointId: ids[0] }), bad: { endpointId: null } },
  { channel: 'flows.explain', input: (_, ids) => ({ endpointId: ids[0], flow }), bad: { flow } },
  { channel: 'journal.list', input: () => ({ limit: 50 }), bad: { limit: 0 } },
  { channel: 'watch.events', input: () => ({ since: 0, waitMs: 0 }), bad: { waitMs: -1 } },
  { channel: 'snapshot.export', input: () => ({}), bad: { endpointIds: 'all' } },
  {
    channel: 'snapshot.open',
    input: () => ({
      fileName: 'hcn-endpoints-v2.json',
      contentBase64: readFileSync(SAMPLE).toString('base64'),
    }),
    bad: { fileName: '', contentBase64: '' },
  },
  { channel: 'snapshot.close', input: () => ({}), bad: { now: 1 } },
  { channel: 'settings.get', input: () => ({}), bad: { a: 1 } },
  { channel: 'settings.set', input: () => ({ autoRefreshSeconds: 5 }), bad: { autoRefreshSeconds: 'often' } },
  { channel: 'app.restartElevated', input: () => ({}), bad: { now: true } },
  // Node management is the GUI's (remote/fleet.ts): an agent refuses it, as the CLI does.
  { channel: 'nodes.list', input: () => ({}), bad: { all: true } },
  { channel: 'nodes.discover', input: () => ({}), bad: { kubeconfig: '/tmp/x' } },
  { channel: 'nodes.add', input: () => ({ target: 'ssh://admin@node1' }), bad: { target: 7 } },
  { channel: 'nodes.connect', input: () => ({ node: 'sim-1' }), bad: { node: '' } },
  {
    channel: 'nodes.pinHostKey',
    input: () => ({ node: 'sim-1', fingerprint: 'SHA256:x' }),
    bad: { node: 'sim-1' },
  },
  {
    channel: 'nodes.route',
    input: () => ({ node: 'local', channel: 'hns.info', input: {} }),
    bad: { node: 'local', channel: '' },
  },
  { channel: 'fleet.endpoints', input: () => ({}), bad: { nodes: 'sim-1' } },
  { channel: 'fleet.diagnose', input: () => ({}), bad: { nodes: [1] } },
  { channel: 'fleet.watch', input: () => ({ nodes: [] }), bad: { since: -1 } },
  {
    channel: 'fleet.apply',
    input: (_p, ids) => ({ targets: [{ node: 'local', endpointIds: ids.slice(0, 1) }], policy }),
    bad: { targets: [] },
  },
];

/** Journal ids, times, process-local paths differ between the two cores; nothing else may. */
function normalize(v: unknown, dirs: string[], channel?: Channel): unknown {
  let s = JSON.stringify(v);
  for (const d of dirs) s = s.split(d).join('<dir>');
  s = s.replace(/j-[0-9a-z]+-[0-9a-z]{4}-[0-9a-f]{6}/g, '<journal-id>');
  s = s.replace(/\d{4}-\d\d-\d\dT\d\d[:-]\d\d[:-]\d\d([.-]\d+)?Z/g, '<time>');
  const out = JSON.parse(s) as { ok: boolean; value?: unknown };
  // applyToMany changes endpoints concurrently: journal order among them is completion order.
  // Each router's watch has its own random id.
  if (channel === 'watch.events' && out.value) out.value = { ...(out.value as object), watchId: '<id>' };
  if (channel === 'journal.list' && out.value) {
    const v = out.value as { entries: unknown[]; skippedLines: number };
    out.value = { ...v, entries: v.entries.map((e) => JSON.stringify(e)).sort() };
  }
  return out;
}

describe(
  'agent protocol conformance: every contract channel, agent vs direct router',
  { timeout: 120_000 },
  () => {
    let direct: AppCore;
    let behind: AppCore;
    let agent: InProcessAgent;
    const dirs: string[] = [];

    beforeAll(async () => {
      const mk = () => {
        const d = mkdtempSync(join(tmpdir(), 'hcn-agent-conf-'));
        dirs.push(d);
        return d;
      };
      const a = mk();
      const b = mk();
      direct = await createAppCore({
        backend: 'simulated',
        validateOutput: true,
        journalPath: join(a, 'j.jsonl'),
      });
      behind = await createAppCore({
        backend: 'simulated',
        validateOutput: true,
        journalPath: join(b, 'j.jsonl'),
      });
      agent = await connectInProcess(behind.route, { ledger: new RequestLedger(join(b, 'requests')) });
    });
    afterAll(async () => {
      agent?.connection.close();
      await direct?.close();
      await behind?.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('covers every channel of the contract', () => {
      expect(STEPS.map((s) => s.channel).sort()).toEqual([...CHANNELS].sort());
    });

    it('gives the same answers, valid and invalid, in the same order of changes', async () => {
      const list = await direct.route('endpoints.list', {});
      const ids = (list.ok ? (list.value as Array<{ id: string }>) : []).map((e) => e.id);
      expect(ids.length).toBeGreaterThan(3);
      const prevDirect: Prev = {};
      const prevAgent: Prev = {};
      for (const step of STEPS) {
        const d = await direct.route(step.channel, step.input(prevDirect, ids));
        const r = await agent.connection.request(step.channel, step.input(prevAgent, ids) as never);
        if (d.ok) prevDirect[step.channel] = d.value;
        if (r.ok) prevAgent[step.channel] = r.value;
        expect(normalize(r, dirs, step.channel), step.channel).toEqual(normalize(d, dirs, step.channel));
        const db = await direct.route(step.channel, step.bad);
        const rb = await agent.connection.route(step.channel, step.bad);
        expect(db.ok, `${step.channel} bad input`).toBe(false);
        expect(normalize(rb, dirs), `${step.channel} bad input`).toEqual(normalize(db, dirs));
      }
      // The changes really ran on the agent's node and were journalled there.
      expect(journalIdOf(prevAgent)).toMatch(/^j-/);
      const journal = await behind.ctx.journal.list({ limit: 50 });
      expect(journal.map((e) => e.operation)).toEqual(
        expect.arrayContaining(['add', 'remove', 'clear', 'restore']),
      );
    });

    it('answers an unknown channel as the router does', async () => {
      expect(await agent.connection.route('endpoints.nuke', {})).toEqual(
        await direct.route('endpoints.nuke', {}),
      );
    });
  },
);
