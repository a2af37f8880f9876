import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A local stand-in for the Kubernetes API server, 127.0.0.1 only, over TLS with a certificate made at
// test time by the openssl CLI. It serves just what the transport asks for — list nodes, list pods
// by field/label selector, read a node — and the pods/exec WebSocket, implemented here from RFC 6455
// and the Kubernetes channel protocol (apimachinery wsstream doc.go): every binary message starts with
// a stream byte (0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize); v4.channel.k8s.io sends one
// metav1.Status on stream 3 when the command ends; v5.channel.k8s.io adds CLOSE, [255, stream], a
// half-close of one stream. The WebSocket framing is our own (no ws library) so the test sees bytes.

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

  const server = createServer({ key, cert }, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (!authorized(req)) return json(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    const label = url.searchParams.get('labelSelector');
    const field = url.searchParams.get('fieldSelector');
    const matchLabels = (labels: Record<string, string>) =>
      !label ||
      label.split(',').every((kv) => {
        const [k, v] = kv.split('=');
        return labels[k as string] === v;
      });
    if (url.pathname === '/api/v1/nodes') {
      const items = options.nodes
        .filter((n) => matchLabels({ 'kubernetes.io/os': n.os }))
        .map((n) => ({
          metadata: { name: n.name, labels: { 'kubernetes.io/os': n.os } },
          status: {
            conditions: [{ type: 'Ready', status: 'True' }],
            nodeInfo: {
              kubeletVersion: 'v1.33.1',
              osImage: n.os === 'windows' ? 'Windows Server 2022 Datacenter' : 'Debian',
            },
          },
        }));
      return json(res, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: {}, items });
    }
    const node = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname);
    if (node) {
      const n = options.nodes.find((x) => x.name === node[1]);
      if (!n) return json(res, 404, statusBody(404, 'NotFound', `nodes "${node[1]}" not found`));
      return json(res, 200, {
        kind: 'Node',
        apiVersion: 'v1',
        metadata: { name: n.name, labels: { 'kubernetes.io/os': n.os } },
      });
    }
    const pods = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (pods) {
      const nodeName = field?.startsWith('spec.nodeName=') ? field.slice('spec.nodeName='.length) : undefined;
      const items = options.pods
        .filter(
          (p) => p.namespace === pods[1] && (!nodeName || p.nodeName === nodeName) && matchLabels(p.labels),
        )
        .map((p) => ({
          metadata: { name: p.name, namespace: p.namespace, labels: p.labels },
          spec: { nodeName: p.nodeName },
          status: { phase: p.phase },
        }));
      return json(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
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
    const reject = (code: number, text: string) => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (!authorized(req)) return reject(401, 'Unauthorized');
    if (!m || req.method !== 'GET') return reject(404, 'Not Found');
    if (options.rejectExec) return reject(options.rejectExec, 'Forbidden');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const protocol = options.protocols.find((p) => offered.includes(p));
    if (!protocol) return reject(400, 'Bad Request');
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
    );
    const record: ExecRecord = {
      path: url.pathname,
      namespace: m[1] as string,
      pod: m[2] as string,
      container: url.searchParams.get('container'),
      command: url.searchParams.getAll('command'),
      protocol,
      offered,
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
  const { port } = server.address() as { port: number };
  const url = `https://127.0.0.1:${port}`;
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
