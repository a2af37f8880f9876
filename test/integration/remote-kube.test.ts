import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import type { NodeInfo } from '../../electron/ipc/fleet-schema';
import { fleetHost } from '../../electron/remote/fleet-handlers';
import type { Question } from '../../electron/remote/host-key-trust';
import { AGENT_NAMESPACE, AGENT_SELECTOR } from '../../electron/remote/kube-constants';
import { connectKube, listWindowsNodes } from '../../electron/remote/kube-transport';
import {
  startFakeKube,
  type ExecIo,
  type FakeKube,
  type FakeKubeOptions,
} from '../support/fake-kube-apiserver';
import { captureCli as cli } from '../support/cli';
import { serveAgentOverExec } from '../support/exec-agent';

// The Kubernetes transport against a local TLS stand-in for the API server (test/support/
// fake-kube-apiserver.ts), driven through a real kubeconfig file (server URL, CA data, bearer token),
// with the agent (serveAgent on a simulated node) behind the exec WebSocket.

const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const TOKEN = 'test-token-0123456789';
const AGENT_LABELS = { 'app.kubernetes.io/name': 'hcnproxyctl-agent' };

let fake: FakeKube | undefined;
let core: AppCore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fake?.stop();
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fake = core = dir = undefined;
});

/** The agent behind the exec: the same serveAgent as `serve --stdio`, on a simulated node. */
const agentBehind = (io: ExecIo) => serveAgentOverExec(core as AppCore, io, dir as string);

async function setup(over: Partial<FakeKubeOptions> = {}): Promise<{ kubeconfig: string; kube: FakeKube }> {
  dir = mkdtempSync(join(tmpdir(), 'hcn-kube-'));
  core = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'journal.jsonl') });
  fake = await startFakeKube({
    token: TOKEN,
    nodes: [
      { name: 'win-1', os: 'windows' },
      { name: 'win-2', os: 'windows' },
      { name: 'lin-1', os: 'linux' },
    ],
    pods: [
      {
        name: 'agent-x1',
        namespace: AGENT_NAMESPACE,
        nodeName: 'win-1',
        labels: AGENT_LABELS,
        phase: 'Running',
      },
      {
        name: 'other',
        namespace: AGENT_NAMESPACE,
        nodeName: 'win-2',
        labels: { app: 'x' },
        phase: 'Running',
      },
    ],
    protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
    onExec: (_r, io) => void agentBehind(io),
    ...over,
  });
  return { kubeconfig: fake.writeKubeconfig('kubeconfig', { contexts: ['other'] }), kube: fake };
}

describe('Kubernetes transport (local TLS API server, real kubeconfig)', { timeout: 180_000 }, () => {
  it('lists the Windows nodes by label', async () => {
    const { kubeconfig, kube } = await setup();
    const nodes = await listWindowsNodes({ kubeconfig });
    expect(nodes.map((n) => n.name)).toEqual(['win-1', 'win-2']);
    expect(nodes[0]).toMatchObject({ ready: true, kubeletVersion: 'v1.33.1' });
    expect(kube.requests).toContain('GET /api/v1/nodes?labelSelector=kubernetes.io%2Fos%3Dwindows');
  });

  it('list, add and diagnose through the exec WebSocket (v5): agent pod found by node, CLOSE [255,0] on close', async () => {
    const { kubeconfig, kube } = await setup();
    const node = ['--node', 'k8s://win-1', '--kubeconfig', kubeconfig];
    const add = await cli(['add', EP, '--inbound-port', '24242', '--outbound-port', '24243', ...node]);
    expect(add.code).toBe(0);
    const list = await cli(['list', EP, '--json', ...node]);
    expect(list.code).toBe(0);
    expect(JSON.stringify(JSON.parse(list.stdout))).toContain('24242');
    const diag = await cli(['diagnose', '--all', '--json', ...node]);
    expect(diag.code).toBe(0);
    expect(JSON.parse(diag.stdout)).toMatchObject({ findings: expect.any(Array) });
    // The change happened on the agent's node and is in its journal.
    expect((await core!.ctx.journal.list({})).map((e) => e.operation)).toEqual(['add']);
    expect(kube.requests).toContain(
      `GET /api/v1/namespaces/${AGENT_NAMESPACE}/pods?fieldSelector=spec.nodeName%3Dwin-1&labelSelector=${encodeURIComponent(AGENT_SELECTOR)}`,
    );
    expect(kube.execs).toHaveLength(3);
    // The CLI does not wait for its sockets to finish closing: wait for that (a condition).
    await expect.poll(() => kube.execs.every((e) => e.socketClosed), { timeout: 60_000 }).toBe(true);
    for (const e of kube.execs) {
      expect(e).toMatchObject({
        namespace: AGENT_NAMESPACE,
        pod: 'agent-x1',
        container: 'agent',
        command: ['hcnproxyctl.exe', 'serve', '--stdio'],
        protocol: 'v5.channel.k8s.io',
        authorization: `Bearer ${TOKEN}`,
      });
      expect(e.offered.slice(0, 2)).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io']);
      // The client half-closed stdin with the v5 CLOSE signal before closing the socket.
      expect(e.closedByClient).toEqual([0]);
    }
  });

  it('falls back to v4.channel.k8s.io when the server does not offer v5 (no CLOSE frames then)', async () => {
    const { kubeconfig, kube } = await setup({ protocols: ['v4.channel.k8s.io'] });
    const conn = await connectKube({ node: 'win-1', kubeconfig });
    expect(conn.handshake.hns).toMatchObject({ ok: true });
    const r = await conn.request('endpoints.list', {});
    expect(r.ok && r.value.length).toBeGreaterThan(0);
    conn.close();
    await conn.closed;
    expect(kube.execs[0]).toMatchObject({ protocol: 'v4.channel.k8s.io', closedByClient: [] });
  });

  it('a failure Status on channel 3 (NonZeroExitCode) is a clear error naming the exit code and the pod', async () => {
    const { kubeconfig } = await setup({
      onExec: (_r, io) => {
        io.stderr.write("'hcnproxyctl.exe' is not recognized as an internal or external command\r\n");
        io.finish({
          status: 'Failure',
          message: 'command terminated with non-zero exit code: exit status 1',
          reason: 'NonZeroExitCode',
          details: { causes: [{ reason: 'ExitCode', message: '1' }] },
        });
      },
    });
    const r = await cli(['endpoints', '--node', 'k8s://win-1', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'hcnproxyctl: The agent did not start on k8s://win-1: `hcnproxyctl.exe serve --stdio (in pod hcnproxy-system/agent-x1)` ' +
        'exited with code 1 (NonZeroExitCode: command terminated with non-zero exit code: exit status 1) before the handshake. ' +
        "It printed: 'hcnproxyctl.exe' is not recognized as an internal or external command " +
        'Install hcnproxyctl on the node (README: "Managing remote nodes") or name its command with --remote-agent.\n',
    );
  });

  it('no agent pod on the node, a Linux node, an unknown node: each says why', async () => {
    const { kubeconfig, kube } = await setup();
    const run = (n: string) => cli(['endpoints', '--node', `k8s://${n}`, '--kubeconfig', kubeconfig]);
    const none = await run('win-2');
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `hcnproxyctl: No running hcnproxyctl agent pod on k8s://win-2 (namespace ${AGENT_NAMESPACE}, label ${AGENT_SELECTOR}). ` +
        `Install the agent DaemonSet (kubectl apply -f deploy/kubernetes/) and check it is scheduled there (kubectl -n ${AGENT_NAMESPACE} get pods -o wide).\n`,
    );
    expect((await run('lin-1')).stderr).toContain(
      'lin-1 is a linux node; the agent runs on Windows nodes only.',
    );
    expect((await run('win-9')).stderr).toContain('The cluster has no node named win-9');
    expect(kube.execs).toHaveLength(0);
  });

  it('an exec the API server forbids (RBAC) names the permission it needs', async () => {
    const { kubeconfig } = await setup({ rejectExec: 403 });
    const r = await cli(['endpoints', '--node', 'k8s://win-1', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `hcnproxyctl: Cannot exec into ${AGENT_NAMESPACE}/agent-x1 on k8s://win-1: Unexpected server response: 403 ` +
        `(the user needs get and create on pods/exec in namespace ${AGENT_NAMESPACE}).\n`,
    );
  });

  it('a kubeconfig the API server rejects, and an unknown --context', async () => {
    const { kubeconfig } = await setup();
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace(TOKEN, 'a-revoked-token'));
    const r = await cli(['endpoints', '--node', 'k8s://win-1', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Looking for the agent pod on win-1: the API server did not accept the kubeconfig's credentials (401).",
    );
    const c = await cli([
      'endpoints',
      '--node',
      'k8s://win-1',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'prod',
    ]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--context: no context "prod" in the kubeconfig (it has: fake, other).');
  });
});

describe('kubeconfig defaults (as kubectl)', { timeout: 120_000 }, () => {
  it('KUBECONFIG is read when --kubeconfig is not given; none at all is a clear error', async () => {
    const { kubeconfig } = await setup();
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    try {
      process.env.KUBECONFIG = kubeconfig;
      expect((await listWindowsNodes()).map((n) => n.name)).toEqual(['win-1', 'win-2']);
      process.env.KUBECONFIG = '';
      process.env.HOME = dir as string; // no .kube/config there
      const r = await cli(['endpoints', '--node', 'k8s://win-1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'hcnproxyctl: No kubeconfig: set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig FILE.\n',
      );
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('--node usage errors', { timeout: 60_000 }, () => {
  it.each([
    [
      ['endpoints', '--node', 'http://x'],
      '--node: "http://x" is not a node: use ssh://[user@]host[:port] or k8s://NODE-NAME.',
    ],
    [
      ['endpoints', '--node', 'k8s://Win_1'],
      '--node: "k8s://Win_1": a Kubernetes node name is lower-case letters',
    ],
    [['endpoints', '--ssh-key', 'x'], '--ssh-key needs --node.'],
    [
      ['endpoints', '--node', 'ssh://a@b', '--backend', 'simulated'],
      "--backend describes this machine; with --node the node's agent decides its own.",
    ],
    [['endpoints', '--node', 'ssh://a@b', '--context', 'c'], '--context does not apply to ssh://a@b.'],
    [
      ['endpoints', '--node', 'k8s://n1', '--remote-agent', 'x'],
      '--remote-agent does not apply to k8s://n1.',
    ],
    [
      ['serve', '--stdio', '--node', 'ssh://a@b'],
      'serve works on this machine only; it cannot run with --node.',
    ],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe(
  'the GUI finds the Windows nodes of the kubeconfig only when asked, and uses its credentials only after confirmations',
  { timeout: 180_000 },
  () => {
    it('asks before listing (refused: no API call); found nodes wait unconnected until each is confirmed', async () => {
      const { kubeconfig, kube } = await setup();
      const asked: Question[] = [];
      let answer = false;
      const gui = await createAppCore({
        backend: 'simulated',
        journalPath: join(dir as string, 'gui.jsonl'),
        origin: 'window',
        hostHandlers: fleetHost({ kubeconfig, confirm: async (q) => (asked.push(q), answer) }),
      });
      try {
        const refused = await gui.route('nodes.discover', {});
        expect(refused.ok ? null : refused.error).toEqual({
          code: 'request-cancelled',
          message: 'No Kubernetes nodes were looked for: using the kubeconfig was not confirmed.',
        });
        expect(kube.requests).toEqual([]);
        expect(asked[0]!.title).toBe('Use your kubeconfig to find Windows nodes?');
        expect(asked[0]!.detail).toContain(`context fake: cluster ${kube.url} as admin`);
        expect(asked[0]!.detail).toContain(`context other: cluster ${kube.url} as admin`);

        answer = true;
        const found = await gui.route('nodes.discover', {});
        const nodes = (found as { ok: true; value: NodeInfo[] }).value;
        expect(nodes.filter((n) => n.kind === 'k8s').map((n) => [n.id, n.status])).toEqual([
          ['k8s://win-1', 'idle'],
          ['k8s://win-2', 'idle'],
        ]);
        // Listed, not connected: nodes.list and a node call open no exec session.
        await gui.route('nodes.list', {});
        const early = await gui.route('nodes.route', {
          node: 'k8s://win-1',
          channel: 'policies.clear',
          input: { endpointId: EP },
        });
        expect(early.ok ? null : early.error.code).toBe('forbidden');
        const fleet = await gui.route('fleet.endpoints', {});
        expect(
          (fleet as { ok: true; value: { nodes: { node: string }[] } }).value.nodes.map((n) => n.node),
        ).toEqual(['local']);
        expect(kube.execs).toHaveLength(0);

        answer = false;
        const declined = await gui.route('nodes.connect', { node: 'k8s://win-1' });
        expect(declined.ok ? null : declined.error.code).toBe('request-cancelled');
        expect(asked.at(-1)).toMatchObject({ title: 'Connect to k8s://win-1?', action: 'Connect' });
        expect(asked.at(-1)!.detail).toContain(`context fake: cluster ${kube.url} as admin`);
        expect(kube.execs).toHaveLength(0);

        answer = true;
        const connected = await gui.route('nodes.connect', { node: 'k8s://win-1' });
        expect(connected.ok && (connected.value as NodeInfo).status).toBe('connected');
        const eps = await gui.route('nodes.route', {
          node: 'k8s://win-1',
          channel: 'endpoints.list',
          input: {},
        });
        expect(eps.ok && (eps.value as unknown[]).length).toBeGreaterThan(0);
        expect(kube.execs).toHaveLength(1);
      } finally {
        await gui.close();
      }
    });

    it('a missing kubeconfig finds nothing and says why', async () => {
      dir = mkdtempSync(join(tmpdir(), 'hcn-kube-'));
      const gui = await createAppCore({
        backend: 'simulated',
        journalPath: join(dir, 'gui.jsonl'),
        hostHandlers: fleetHost({ kubeconfig: join(dir, 'no-such-kubeconfig') }),
      });
      try {
        const r = await gui.route('nodes.discover', {});
        expect(r.ok ? null : r.error.message).toMatch(/^Cannot read the kubeconfig .*no-such-kubeconfig/);
      } finally {
        await gui.close();
      }
    });

    it('a node name the API server makes up is skipped with a warning, the others are listed', async () => {
      const { kubeconfig } = await setup({
        nodes: [
          { name: 'win-1', os: 'windows' },
          { name: 'Bad_Name\u202e', os: 'windows' },
        ],
      });
      const notes: string[] = [];
      const gui = await createAppCore({
        backend: 'simulated',
        journalPath: join(dir as string, 'gui.jsonl'),
        hostHandlers: fleetHost({ kubeconfig, onNote: (node, text) => notes.push(`${node}: ${text}`) }),
      });
      try {
        const r = await gui.route('nodes.discover', {});
        const ids = (r as { ok: true; value: NodeInfo[] }).value.map((n) => n.id);
        expect(ids).toContain('k8s://win-1');
        expect(ids.filter((i) => i.startsWith('k8s://'))).toEqual(['k8s://win-1']);
        expect(notes.join('\n')).toContain('kubernetes: Context fake: skipped a node the API server named:');
      } finally {
        await gui.close();
      }
    });
  },
);
