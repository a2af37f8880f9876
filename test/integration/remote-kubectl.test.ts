import { serveAgentOverExec } from '../support/exec-agent';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { AGENT_CONTAINER, AGENT_EXEC_COMMAND, AGENT_NAMESPACE } from '../../electron/remote/kube-constants';
import { connectKube, listWindowsNodes } from '../../electron/remote/kube-transport';
import { startFakeKube, type ExecIo, type FakeKube } from '../support/fake-kube-apiserver';

// Real kubectl against the test API server (test/support/fake-kube-apiserver.ts), the same server
// our own Kubernetes transport is tested against: a discovery, list, table or exec-protocol mistake
// in the server fails kubectl here instead of passing our client with a false green.
//
// Which kubectl speaks WebSocket exec (KEP-4006), from kubectl's source (kubernetes/kubectl,
// pkg/cmd/exec/exec.go, and pkg/cmd/util/helpers.go for the variable):
// - v0.28 (1.28): SPDY only (`remotecommand.NewSPDYExecutor` and nothing else).
// - v0.29 (1.29): WebSockets first, SPDY as fallback, only if `KUBECTL_REMOTE_COMMAND_WEBSOCKETS`
//   is "true" (`cmdutil.RemoteCommandWebsockets.IsEnabled()`).
// - v0.30 (1.30) to v0.33: WebSockets by default unless the variable is "false" (`!IsDisabled()`).
// client-go's WebSocket executor (tools/remotecommand/websocket.go, v0.29.0) offers only
// v5.channel.k8s.io. So the lanes are 1.29 with the variable (the oldest that can) and 1.33.
//
// What only a real API server and kubelet can show: the API server's own translation of a WebSocket
// exec into the kubelet's stream protocol (StreamTranslator, and kubelets that speak WebSockets
// themselves), RBAC decisions on pods/exec (get vs create), Pod Security admission of the HostProcess
// pod and the ValidatingAdmissionPolicy in deploy/kubernetes, the exit status a Windows container
// runtime reports, and flow control and ping/pong timing of a long-lived session through proxies.
//
// The kubectl builds come from Google Cloud CLI's bin folder (kubectl.1.NN beside `kubectl`); where
// they are absent (a Windows runner, a machine without the CLI) these tests are skipped. kubectl only
// ever dials the kubeconfig's server, 127.0.0.1, with no proxy variables and a throw-away HOME.

/** Google Cloud CLI's versioned kubectl, found beside the `kubectl` on PATH (it is a symlink there). */
function gcloudKubectl(minor: number): string | undefined {
  if (process.platform === 'win32') return undefined;
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const k = join(d, 'kubectl');
    if (!d || !existsSync(k)) continue;
    const candidate = join(dirname(realpathSync(k)), `kubectl.1.${minor}`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const KUBECTL_133 = gcloudKubectl(33);
const KUBECTL_129 = gcloudKubectl(29);
const TOKEN = 'kubectl-test-token-0123456789';
const AGENT_POD = 'agent-x1';
const SKIP_REASON = "skipped where Google Cloud CLI's kubectl.1.NN is absent (Windows runners have none)";

let fake: FakeKube;
let core: AppCore;
let dir: string;
let kubeconfig: string;

/** Behind the exec: the agent (`serve --stdio`'s serveAgent) on a simulated node, or a command that fails. */
async function podCommand(command: string[], io: ExecIo): Promise<void> {
  if (command[0] === 'exit-with') {
    io.stderr.write(`exiting with ${command[1]}\n`);
    io.finish({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message: `command terminated with non-zero exit code: ${command[1]}`,
      details: { causes: [{ reason: 'ExitCode', message: command[1] }] },
    });
    return;
  }
  await serveAgentOverExec(core, io, dir);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** kubectl as a child (asynchronously: the API server it talks to runs in this process). */
function kubectl(bin: string, args: string[], o: { input?: string; env?: Record<string, string> } = {}) {
  const home = mkdtempSync(join(dir, 'home-'));
  // A minimal environment: no proxy variables, no user kubeconfig or kuberc, no exec plugins.
  const env = { HOME: home, KUBECONFIG: kubeconfig, ...o.env };
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

const execArgs = (command: string[]) => [
  '-n',
  AGENT_NAMESPACE,
  'exec',
  '-i',
  AGENT_POD,
  '-c',
  AGENT_CONTAINER,
  '--',
  ...command,
];

/** Two agent requests on stdin; kubectl's stdin EOF must reach the agent as a v5 CLOSE of stream 0. */
const REQUESTS =
  JSON.stringify({ id: 'k-1', channel: 'hns.info', input: {} }) +
  '\n' +
  JSON.stringify({ id: 'k-2', channel: 'endpoints.list', input: {} }) +
  '\n';

async function expectAgentSession(bin: string, env: Record<string, string> = {}): Promise<void> {
  const before = fake.execs.length;
  const r = await kubectl(bin, execArgs(AGENT_EXEC_COMMAND), { input: REQUESTS, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines[0]).toMatchObject({ hello: { protocol: 1 } });
  const answers = Object.fromEntries(lines.slice(1).map((l) => [l.id as string, l.result]));
  expect(answers['k-1']).toMatchObject({ ok: true, value: expect.any(Object) });
  expect(answers['k-2']).toMatchObject({ ok: true, value: expect.any(Array) });
  expect(fake.execs).toHaveLength(before + 1);
  expect(fake.execs[before]).toMatchObject({
    namespace: AGENT_NAMESPACE,
    pod: AGENT_POD,
    container: AGENT_CONTAINER,
    command: AGENT_EXEC_COMMAND,
    protocol: 'v5.channel.k8s.io',
    offered: ['v5.channel.k8s.io'],
    streams: { stdin: true, stdout: true, stderr: true, tty: false },
    closedByClient: [0],
    authorization: `Bearer ${TOKEN}`,
  });
}

// One server for every lane, started only where some kubectl is there to talk to it.
describe.skipIf(!KUBECTL_133 && !KUBECTL_129)('real kubectl', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hcn-kubectl-'));
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
          name: AGENT_POD,
          namespace: AGENT_NAMESPACE,
          nodeName: 'win-1',
          labels: { 'app.kubernetes.io/name': 'hcnproxyctl-agent' },
          phase: 'Running',
        },
      ],
      protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
      onExec: (record, io) => void podCommand(record.command, io),
    });
    kubeconfig = fake.writeKubeconfig();
  });

  afterAll(async () => {
    await fake?.stop();
    await core?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(!KUBECTL_133)(`kubectl 1.33 against the test API server (${SKIP_REASON})`, () => {
    const bin = KUBECTL_133 as string;

    it('get nodes -l kubernetes.io/os=windows: discovery, the label selector and the server-side table', async () => {
      const table = await kubectl(bin, ['get', 'nodes', '-l', 'kubernetes.io/os=windows']);
      expect(table.stderr).toBe('');
      expect(table.code).toBe(0);
      const rows = table.stdout.trim().split('\n');
      expect(rows[0]?.split(/\s+/)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
      expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(['win-1', 'win-2']);
      const names = await kubectl(bin, ['get', 'nodes', '-l', 'kubernetes.io/os=windows', '-o', 'name']);
      expect(names).toEqual({ code: 0, stdout: 'node/win-1\nnode/win-2\n', stderr: '' });
      // Discovery: the core group's versions and resources, and the (empty) list of API groups.
      for (const path of ['/api', '/api/v1', '/apis'])
        expect(fake.requests.some((r) => r.startsWith(`GET ${path}?`))).toBe(true);
      expect(fake.requests).toContain(
        'GET /api/v1/nodes?labelSelector=kubernetes.io%2Fos%3Dwindows&limit=500',
      );
    });

    it('exec -i into the agent pod: the agent answers over v5.channel.k8s.io and stdin EOF half-closes', async () => {
      await expectAgentSession(bin);
    });

    it("exec's exit code comes from the Status on stream 3 (NonZeroExitCode), stderr from stream 2", async () => {
      const r = await kubectl(bin, execArgs(['exit-with', '3']));
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('exiting with 3\n');
      expect(r.stderr).toContain('command terminated with exit code 3');
    });

    it('a container the pod does not have, and a pod that does not exist, are refused as the API server does', async () => {
      const container = await kubectl(bin, [
        '-n',
        AGENT_NAMESPACE,
        'exec',
        AGENT_POD,
        '-c',
        'nope',
        '--',
        'x',
      ]);
      expect(container.code).toBe(1);
      expect(container.stderr).toBe(
        'Error from server (BadRequest): container nope is not valid for pod agent-x1\n',
      );
      const pod = await kubectl(bin, ['-n', AGENT_NAMESPACE, 'exec', 'missing', '--', 'x']);
      expect(pod.code).toBe(1);
      expect(pod.stderr).toBe('Error from server (NotFound): pods "missing" not found\n');
    });

    it('our transport reads the same server: the same nodes, and the agent behind the same exec', async () => {
      expect((await listWindowsNodes({ kubeconfig })).map((n) => n.name)).toEqual(['win-1', 'win-2']);
      const before = fake.execs.length;
      const conn = await connectKube({ node: 'win-1', kubeconfig });
      try {
        expect(conn.handshake.protocol).toBe(1);
      } finally {
        conn.close();
      }
      expect(fake.execs[before]).toMatchObject({ pod: AGENT_POD, protocol: 'v5.channel.k8s.io' });
    });
  });

  describe.skipIf(!KUBECTL_129)(
    `kubectl 1.29, the oldest that speaks WebSocket exec (${SKIP_REASON})`,
    () => {
      const bin = KUBECTL_129 as string;

      it('exec -i into the agent pod with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=true', async () => {
        await expectAgentSession(bin, { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'true' });
      });

      it('without the variable it speaks SPDY, which this server refuses: no exec reaches the pod', async () => {
        const before = fake.execs.length;
        const r = await kubectl(bin, execArgs(AGENT_EXEC_COMMAND), { input: REQUESTS });
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('this test API server speaks exec over WebSockets only');
        expect(fake.execs).toHaveLength(before);
      });

      it('get nodes -l kubernetes.io/os=windows -o name', async () => {
        const names = await kubectl(bin, ['get', 'nodes', '-l', 'kubernetes.io/os=windows', '-o', 'name']);
        expect(names).toEqual({ code: 0, stdout: 'node/win-1\nnode/win-2\n', stderr: '' });
      });
    },
  );
});
