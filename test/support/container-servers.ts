import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { criServiceDefinition } from '../../electron/core/containers/cri';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../electron/ipc/app-core';

// Test doubles that speak the real protocols on unix sockets: a grpc-js server implementing CRI v1
// ListContainers/ContainerStatus/ListPodSandbox/PodSandboxStatus from the same .proto, and an HTTP server answering like Docker Engine.

const FIXTURES = join(__dirname, '..', 'fixtures');
/** The node whose endpoints sit in the network namespaces of the fixtures' containers and sandboxes. */
export const README_NODE = join(FIXTURES, 'cri', 'readme-node.json');

/** A simulated core on README_NODE, its journal in dir, every answer checked against the contract. */
export function readmeNodeCore(dir: string, options: AppCoreOptions = {}): Promise<AppCore> {
  return createAppCore({
    backend: 'simulated',
    stateFile: README_NODE,
    journalPath: join(dir, 'j.jsonl'),
    validateOutput: true,
    ...options,
  });
}

export interface CriServer {
  server: grpc.Server;
  address: string;
  /** Each call the server answered, in order ("ListContainers", "ContainerStatus <id> verbose=true", ...). */
  calls: string[];
}

interface FixtureSandbox {
  id: string;
  namespace: string;
  name: string;
  state: string;
  /** null: PodSandboxStatus answers NOT_FOUND (removed between the two calls). */
  info: string | null;
}

interface FixtureContainer {
  id: string;
  podSandboxId: string;
  name: string;
  state: string;
  info: string;
}

export async function startCriServer(socketPath: string): Promise<CriServer> {
  const { containers, sandboxes } = JSON.parse(
    readFileSync(join(FIXTURES, 'cri', 'containers.json'), 'utf8'),
  ) as { containers: FixtureContainer[]; sandboxes: FixtureSandbox[] };
  const calls: string[] = [];
  const server = new grpc.Server();
  const meta = (s: FixtureSandbox) => ({
    name: s.name,
    uid: `uid-${s.id}`,
    namespace: s.namespace,
    attempt: 0,
  });
  server.addService(criServiceDefinition(), {
    ListPodSandbox: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
      calls.push('ListPodSandbox');
      cb(null, { items: sandboxes.map((s) => ({ id: s.id, metadata: meta(s), state: s.state })) });
    },
    PodSandboxStatus: (
      call: grpc.ServerUnaryCall<{ podSandboxId: string; verbose: boolean }, unknown>,
      cb: grpc.sendUnaryData<unknown>,
    ) => {
      calls.push(`PodSandboxStatus ${call.request.podSandboxId} verbose=${call.request.verbose}`);
      const s = sandboxes.find((x) => x.id === call.request.podSandboxId);
      if (!s || s.info === null)
        return cb({ code: grpc.status.NOT_FOUND, details: `sandbox ${call.request.podSandboxId} not found` });
      cb(null, {
        status: { id: s.id, metadata: meta(s), state: s.state },
        info: call.request.verbose ? { info: s.info } : {},
      });
    },
    ListContainers: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
      calls.push('ListContainers');
      cb(null, {
        containers: containers.map((c) => ({
          id: c.id,
          podSandboxId: c.podSandboxId,
          metadata: { name: c.name, attempt: 0 },
          state: c.state,
        })),
      });
    },
    ContainerStatus: (
      call: grpc.ServerUnaryCall<{ containerId: string; verbose: boolean }, unknown>,
      cb: grpc.sendUnaryData<unknown>,
    ) => {
      calls.push(`ContainerStatus ${call.request.containerId} verbose=${call.request.verbose}`);
      const c = containers.find((x) => x.id === call.request.containerId);
      if (!c)
        return cb({
          code: grpc.status.NOT_FOUND,
          details: `an error occurred when try to find container "${call.request.containerId}": not found`,
        });
      cb(null, {
        status: { id: c.id, metadata: { name: c.name, attempt: 0 }, state: c.state },
        info: call.request.verbose ? { info: c.info } : {},
      });
    },
  });
  const address = `unix://${socketPath}`;
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())),
  );
  return { server, address, calls };
}

export function stopCriServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => server.tryShutdown(() => resolve()));
}

export async function startDockerServer(
  socketPath: string,
): Promise<{ server: HttpServer; requests: string[] }> {
  const engine = JSON.parse(readFileSync(join(FIXTURES, 'docker', 'engine.json'), 'utf8')) as {
    containers: Array<{ Id: string; Name: string }>;
    networks: Array<{ Id: string; Name: string }>;
  };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const path = (req.url ?? '').split('?')[0]!.replace(/^\/v\d+\.\d+/, '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'api-version': '1.47' });
      res.end(JSON.stringify(body));
    };
    let m = /^\/containers\/([^/]+)\/json$/.exec(path);
    if (m && req.method === 'GET') {
      const ref = decodeURIComponent(m[1]!);
      const hits = engine.containers.filter((c) => c.Id.startsWith(ref) || c.Name === `/${ref}`);
      if (hits.length === 1) return send(200, hits[0]);
      if (hits.length > 1) return send(400, { message: `multiple IDs found with provided prefix: ${ref}` });
      return send(404, { message: `No such container: ${ref}` });
    }
    m = /^\/networks\/([^/]+)$/.exec(path);
    if (m && req.method === 'GET') {
      const n = engine.networks.find((x) => x.Id.startsWith(m![1]!) || x.Name === m![1]);
      return n ? send(200, n) : send(404, { message: `network ${m[1]} not found` });
    }
    send(404, { message: 'page not found' });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { server, requests };
}
