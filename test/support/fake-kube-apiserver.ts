import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A local stand-in for the Kubernetes API server, 127.0.0.1 only, over TLS with a certificate made at
// test time by the openssl CLI. It serves what our transport and kubectl ask for: discovery (`/api`,
// `/api/v1`, `/apis`, `/version`), list nodes and pods by label selector (as objects, or as a
// meta.k8s.io Table when the client asks for one, as kubectl get does), read a node or a pod, and the
// pods/exec WebSocket, implemented here from RFC 6455 and the Kubernetes channel protocol
// (apimachinery wsstream doc.go): every binary message starts with a stream byte (0 stdin, 1 stdout,
// 2 stderr, 3 error/status, 4 resize); v4.channel.k8s.io sends one metav1.Status on stream 3 when the
// command ends; v5.channel.k8s.io adds CLOSE, [255, stream], a half-close of one stream. The
// WebSocket framing is our own (no ws library) so the test sees bytes. Real kubectl runs against it
// (test/integration/remote-kubectl.test.ts), so a protocol mistake here fails there, not only in our client.
// It speaks no SPDY: a client that tries the legacy exec upgrade gets 400, as an API server does
// for a protocol it cannot negotiate.

export interface FakeNode {
  name: string;
  os: 'windows' | 'linux';
}
export interface FakePod {
  name: string;
  namespace: string;
  nodeName: string;
  labels: Record<string, string>;
  phase: 'Running' | 'Pending';
  /** Container names (default ['agent']); an exec naming another container is refused with 400. */
  containers?: string[];
}

export interface ExecIo {
  /** Bytes the client sent on stream 0; ends on a v5 CLOSE [255, 0] (or when the socket closes). */
  stdin: PassThrough;
  /** Written to the client on stream 1 / 2. */
  stdout: PassThrough;
  stderr: PassThrough;
  /** Sends the metav1.Status on stream 3 and closes the socket, as the API server does. */
  finish(status: Record<string, unknown>): void;
}

export interface ExecRecord {
  path: string;
  namespace: string;
  pod: string;
  container: string | null;
  command: string[];
  protocol: string;
  offered: string[];
  /** The query's stream flags (stdin, stdout, stderr, tty), as the client asked for them. */
  streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean };
  /** Stream ids the client half-closed with the v5 CLOSE signal. */
  closedByClient: number[];
  /** The WebSocket is gone (closed by either side). */
  socketClosed: boolean;
  authorization: string | undefined;
}

export interface FakeKubeOptions {
  token: string;
  nodes: FakeNode[];
  pods: FakePod[];
  /** Subprotocols this server speaks, in its order of preference. */
  protocols: string[];
  /** Refuse the exec upgrade with this HTTP status (RBAC says no: 403). */
  rejectExec?: number;
  onExec(record: ExecRecord, io: ExecIo): void;
}

export interface FakeKube {
  url: string;
  caPem: string;
  dir: string;
  execs: ExecRecord[];
  requests: string[];
  /** A kubeconfig file pointing at this server (CA data, bearer token). */
  writeKubeconfig(name?: string, extra?: { contexts?: string[] }): string;
  stop(): Promise<void>;
}

function makeCert(dir: string): { key: string; cert: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=fake-kube-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * A label selector as the API server reads it (apimachinery labels.Parse): comma-separated
 * `k=v`, `k==v`, `k!=v`, `k`, `!k`. Set-based forms (`in`, `notin`) are not needed by any client here
 * and give null, which the caller answers with 400 rather than silently matching everything.
 */
function parseSelector(text: string | null): ((labels: Record<string, string>) => boolean) | null {
  if (!text) return () => true;
  const tests: Array<(l: Record<string, string>) => boolean> = [];
  for (const raw of text.split(',')) {
    const term = raw.trim();
    const m = /^(!?)([A-Za-z0-9._/-]+)(?:\s*(==|=|!=)\s*([A-Za-z0-9._-]*))?$/.exec(term);
    if (!m) return null;
    const [, not, key, op, value] = m as unknown as [string, string, string, string | undefined, string];
    if (!op) tests.push(not ? (l) => !(key in l) : (l) => key in l);
    else if (not) return null;
    else if (op === '!=') tests.push((l) => l[key] !== value);
    else tests.push((l) => l[key] === value);
  }
  return (labels) => tests.every((t) => t(labels));
}

/** kubectl get asks for a server-side Table (meta.k8s.io/v1) first and prints its cells as given. */
const wantsTable = (req: IncomingMessage) => /;\s*as=Table/.test(String(req.headers.accept ?? ''));

const CREATED = '2026-01-01T00:00:00Z';

const VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.1',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: CREATED,
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** The core group's resources this server serves (discovery: kubectl maps `nodes`, `po` etc. here). */
const CORE_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'nodes',
      singularName: 'node',
      namespaced: false,
      kind: 'Node',
      verbs: ['get', 'list'],
      shortNames: ['no'],
    },
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get', 'list'],
      shortNames: ['po'],
    },
    {
      name: 'pods/exec',
      singularName: '',
      namespaced: true,
      kind: 'PodExecOptions',
      verbs: ['create', 'get'],
    },
  ],
};

const nodeLabels = (n: FakeNode) => ({
  'kubernetes.io/os': n.os,
  'kubernetes.io/arch': 'amd64',
  'kubernetes.io/hostname': n.name,
});

const nodeObject = (n: FakeNode) => ({
  kind: 'Node',
  apiVersion: 'v1',
  metadata: { name: n.name, labels: nodeLabels(n), creationTimestamp: CREATED },
  status: {
    conditions: [{ type: 'Ready', status: 'True' }],
    nodeInfo: {
      kubeletVersion: 'v1.33.1',
      osImage: n.os === 'windows' ? 'Windows Server 2022 Datacenter' : 'Debian',
    },
  },
});

/** The columns `kubectl get nodes` shows, as kube-apiserver's node table printer fills them. */
function nodeTable(nodes: FakeNode[]) {
  const age = `${Math.floor((Date.now() - Date.parse(CREATED)) / 86_400_000)}d`;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: ['Name', 'Status', 'Roles', 'Age', 'Version'].map((name, i) => ({
      name,
      type: 'string',
      format: i === 0 ? 'name' : '',
      description: '',
      priority: 0,
    })),
    rows: nodes.map((n) => ({
      cells: [n.name, 'Ready', '<none>', age, 'v1.33.1'],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { name: n.name, creationTimestamp: CREATED },
      },
    })),
  };
}

const containersOf = (p: FakePod) => p.containers ?? ['agent'];

const podObject = (p: FakePod) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: p.name, namespace: p.namespace, labels: p.labels, creationTimestamp: CREATED },
  spec: { nodeName: p.nodeName, containers: containersOf(p).map((name) => ({ name, image: 'agent' })) },
  status: { phase: p.phase },
});

const statusBody = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

/** One server-side WebSocket: unmasked frames out, masked frames in (RFC 6455 §5). */
class WsConn {
  private buf = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  closed = false;
  constructor(
    private readonly socket: Duplex,
    private readonly onMessage: (data: Buffer) => void,
    private readonly onClose: () => void,
  ) {
    socket.on('data', (d: Buffer) => this.read(d));
    socket.on('close', () => this.gone());
    socket.on('error', () => this.gone());
  }
  private gone() {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
  private read(d: Buffer) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.buf.length < 2) return;
      const b0 = this.buf[0] as number;
      const b1 = this.buf[1] as number;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      if (this.buf.length < off + (masked ? 4 : 0) + len) return;
      const mask = masked ? this.buf.subarray(off, off + 4) : undefined;
      off += masked ? 4 : 0;
      const payload = Buffer.from(this.buf.subarray(off, off + len));
      if (mask)
        for (let i = 0; i < payload.length; i++)
          payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
      this.buf = this.buf.subarray(off + len);
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === 0x8) {
        this.send(0x8, payload.subarray(0, 2));
        this.socket.end();
        this.gone();
        return;
      }
      if (opcode === 0x9) this.send(0xa, payload);
      else if (opcode === 0x2 || opcode === 0x1 || opcode === 0x0) {
        this.fragments.push(payload);
        if (fin) {
          const msg = Buffer.concat(this.fragments);
          this.fragments = [];
          this.onMessage(msg);
        }
      }
    }
  }
  send(opcode: number, payload: Buffer): void {
    if (this.closed) return;
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    if (n >= 126 && n < 65536) {
      head[0] = 0x80 | opcode;
      head[1] = 126;
      head.writeUInt16BE(n, 2);
    } else if (n >= 65536) {
      head[0] = 0x80 | opcode;
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    this.socket.write(Buffer.concat([head, payload]));
  }
  close(code = 1000): void {
    const p = Buffer.alloc(2);
    p.writeUInt16BE(code, 0);
    this.send(0x8, p);
    this.socket.end();
  }
}

export async function startFakeKube(options: FakeKubeOptions): Promise<FakeKube> {
  const dir = mkdtempSync(join(tmpdir(), 'hcn-fake-kube-'));
  const { key, cert } = makeCert(dir);
  const execs: ExecRecord[] = [];
  const requests: string[] = [];
  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${options.token}`;
  const findPod = (namespace: string, name: string) =>
    options.pods.find((p) => p.namespace === namespace && p.name === name);
  const port = () => (server.address() as AddressInfo).port;

  const server = createServer({ key, cert }, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (!authorized(req)) return json(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    const field = url.searchParams.get('fieldSelector');
    const matchLabels = parseSelector(url.searchParams.get('labelSelector'));
    if (!matchLabels)
      return json(
        res,
        400,
        statusBody(400, 'BadRequest', 'unable to parse requirement: unsupported selector'),
      );
    if (req.method !== 'GET')
      return json(
        res,
        405,
        statusBody(405, 'MethodNotAllowed', `the server does not allow ${req.method} here`),
      );
    if (url.pathname === '/version') return json(res, 200, VERSION);
    if (url.pathname === '/api')
      return json(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port()}` }],
      });
    if (url.pathname === '/api/v1') return json(res, 200, CORE_RESOURCES);
    // No API groups: clients that ask for aggregated discovery (apidiscovery.k8s.io/v2) get the
    // legacy list with a plain application/json type, which they accept and fall back from.
    if (url.pathname === '/apis')
      return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (url.pathname === '/api/v1/nodes') {
      const nodes = options.nodes.filter((n) => matchLabels(nodeLabels(n)));
      if (wantsTable(req)) return json(res, 200, nodeTable(nodes));
      return json(res, 200, {
        kind: 'NodeList',
        apiVersion: 'v1',
        metadata: {},
        items: nodes.map(nodeObject),
      });
    }
    const node = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname);
    if (node) {
      const n = options.nodes.find((x) => x.name === node[1]);
      if (!n) return json(res, 404, statusBody(404, 'NotFound', `nodes "${node[1]}" not found`));
      return json(res, 200, nodeObject(n));
    }
    const pods = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (pods) {
      const nodeName = field?.startsWith('spec.nodeName=') ? field.slice('spec.nodeName='.length) : undefined;
      const items = options.pods
        .filter(
          (p) => p.namespace === pods[1] && (!nodeName || p.nodeName === nodeName) && matchLabels(p.labels),
        )
        .map(podObject);
      return json(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
    }
    const ns = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(url.pathname);
    if (ns) {
      if (!options.pods.some((p) => p.namespace === ns[1]))
        return json(res, 404, statusBody(404, 'NotFound', `namespaces "${ns[1]}" not found`));
      return json(res, 200, {
        kind: 'Namespace',
        apiVersion: 'v1',
        metadata: { name: ns[1], creationTimestamp: CREATED },
        status: { phase: 'Active' },
      });
    }
    const pod = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
    if (pod) {
      const p = findPod(pod[1] as string, pod[2] as string);
      if (!p) return json(res, 404, statusBody(404, 'NotFound', `pods "${pod[2]}" not found`));
      return json(res, 200, podObject(p));
    }
    return json(res, 404, statusBody(404, 'NotFound', `the server could not find ${url.pathname}`));
  });

  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    requests.push(`UPGRADE ${url.pathname}${url.search}`);
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    // A refusal carries a metav1.Status body, as the API server's does: kubectl prints its message.
    const reject = (code: number, text: string, reason = text.replace(/ /g, ''), message = text) => {
      const body = JSON.stringify(statusBody(code, reason, message));
      socket.end(
        `HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    if (!authorized(req)) return reject(401, 'Unauthorized');
    if (!m) return reject(404, 'Not Found');
    if (options.rejectExec) return reject(options.rejectExec, 'Forbidden');
    // The exec handler resolves the pod and container before it negotiates a stream protocol.
    const target = findPod(m[1] as string, m[2] as string);
    if (!target) return reject(404, 'Not Found', 'NotFound', `pods "${m[2]}" not found`);
    const container = url.searchParams.get('container') ?? containersOf(target)[0];
    if (!containersOf(target).includes(container as string))
      return reject(
        400,
        'Bad Request',
        'BadRequest',
        `container ${container} is not valid for pod ${target.name}`,
      );
    // WebSocket only (RFC 6455 §4.1: a GET). The legacy SPDY upgrade (a POST) is not spoken here.
    if (req.method !== 'GET' || String(req.headers.upgrade).toLowerCase() !== 'websocket')
      return reject(
        400,
        'Bad Request',
        'BadRequest',
        'this test API server speaks exec over WebSockets only',
      );
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const protocol = options.protocols.find((p) => offered.includes(p));
    if (!protocol)
      return reject(
        400,
        'Bad Request',
        'BadRequest',
        `no common subprotocol (offered: ${offered.join(', ')})`,
      );
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
    );
    const flag = (name: string) => ['true', '1'].includes(url.searchParams.get(name) ?? '');
    const record: ExecRecord = {
      path: url.pathname,
      namespace: m[1] as string,
      pod: m[2] as string,
      container: url.searchParams.get('container'),
      command: url.searchParams.getAll('command'),
      protocol,
      offered,
      streams: {
        stdin: flag('stdin'),
        stdout: flag('stdout'),
        stderr: flag('stderr'),
        tty: flag('tty'),
      },
      closedByClient: [],
      socketClosed: false,
      authorization: req.headers.authorization,
    };
    execs.push(record);
    const io: ExecIo = {
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      finish: (status) => {
        ws.send(
          0x2,
          Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify({ metadata: {}, ...status }))]),
        );
        ws.close();
      },
    };
    const ws = new WsConn(
      socket,
      (msg) => {
        const stream = msg[0];
        if (stream === 255 && protocol === 'v5.channel.k8s.io') {
          const which = msg[1] as number;
          record.closedByClient.push(which);
          if (which === 0) io.stdin.end();
        } else if (stream === 0) io.stdin.write(msg.subarray(1));
      },
      () => {
        record.socketClosed = true;
        if (!io.stdin.writableEnded) io.stdin.end();
      },
    );
    io.stdout.on('data', (d: Buffer) => ws.send(0x2, Buffer.concat([Buffer.from([1]), d])));
    io.stderr.on('data', (d: Buffer) => ws.send(0x2, Buffer.concat([Buffer.from([2]), d])));
    options.onExec(record, io);
  });

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `https://127.0.0.1:${port()}`;
  return {
    url,
    caPem: cert,
    dir,
    execs,
    requests,
    writeKubeconfig: (name = 'kubeconfig', extra = {}) => {
      const file = join(dir, name);
      const contexts = ['fake', ...(extra.contexts ?? [])];
      writeFileSync(
        file,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          '- name: fake',
          '  cluster:',
          `    server: ${url}`,
          `    certificate-authority-data: ${Buffer.from(cert).toString('base64')}`,
          'users:',
          '- name: admin',
          '  user:',
          `    token: ${options.token}`,
          'contexts:',
          ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', '    cluster: fake', '    user: admin']),
          'current-context: fake',
          '',
        ].join('\n'),
      );
      return file;
    },
    stop: async () => {
      server.closeAllConnections?.();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
