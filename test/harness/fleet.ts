import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AppFailure } from '../../electron/base/app-error';
import type { PodSource } from '../../electron/core/services/node-state';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import type { FleetNodeSpec, FleetOptions } from '../../electron/remote/fleet';
import {
  checkHostKey,
  fingerprint,
  hostEntryName,
  keyFromBlob,
  knownHostsLine,
  readKnownHosts,
} from '../../electron/remote/known-hosts';
import { AgentConnection } from '../../electron/remote/agent-client';
import { buildHandshake, serveAgent } from '../../electron/remote/agent-server';
import { connectInProcess } from '../../electron/remote/in-process';
import type { Connector } from '../../electron/remote/remote-router';
import { isChangeChannel } from '../../electron/remote/protocol';
import type { Result } from '../../electron/base/app-error';
import type { Router } from '../../electron/ipc/router';
import { canonicalGuid, getString, type HostComputeEndpoint } from '../../native/hns-json';
import type { HnsState } from '../../native/demo-data';
import { SimulatedHns, type SimulatedFaults } from '../../native/simulated-hns';
import { generateState } from './generate';

// `--fleet N`: N simulated nodes, each its own app core (simulated HNS, its own journal) behind the
// real agent protocol over in-process pipes (connectInProcess), or over one local socket for a client
// in another process (serveFleetSocket: the fleet benchmark). Nothing here dials a network.

type FleetOptionsForHarness = FleetOptions;

const POD_NAMESPACES = ['shop', 'data', 'platform'];

/** Node k's generated endpoints: the same shapes on every node, ids and addresses its own. */
export function nodeState(k: number, endpoints: number, findings = false): HnsState {
  const tag = k.toString(16).padStart(12, '0');
  const text = JSON.stringify(generateState(endpoints))
    .replaceAll('-4000-8000-000000000000', `-4000-8000-${tag}`)
    .replaceAll('"IpAddress":"10.', `"IpAddress":"1${k % 10}.`);
  const state = JSON.parse(text) as HnsState;
  if (findings) plantFindings(state, k);
  return state;
}

/**
 * A realistic mix for the fleet's diagnostics (`findings`): most nodes clean; on every fourth node
 * (sim-2, sim-6, …) endpoint 0's proxy policy lost its UserSID (an error: the proxy's own traffic
 * loops), and on every third (sim-3, sim-6, …) endpoint 4's policy is inbound-only without a UserSID
 * (warnings). Generated endpoints 0 and 4 carry the proxy policy (generate.ts: every fourth).
 */
function plantFindings(state: HnsState, k: number): void {
  const proxyOf = (i: number) =>
    state.endpoints[i]?.Policies?.find((p) => p.Type === 'L4WFPPROXY')?.Settings as
      Record<string, unknown> | undefined;
  if (k % 4 === 2) delete proxyOf(0)?.UserSID;
  if (k % 3 === 0) {
    const p = proxyOf(4);
    delete p?.UserSID;
    delete p?.OutboundProxyPort;
  }
}

/** What a CRI would answer on such a node: each endpoint's namespace belongs to a pod. */
export function simulatedPods(state: HnsState): PodSource {
  const pods = new Map<string, string>();
  state.endpoints.forEach((e: HostComputeEndpoint, i) => {
    const ns = getString(e, 'HostComputeNamespace');
    const name = (getString(e, 'Name') ?? '').replace(/_eth0$/, '');
    if (ns && name) pods.set(canonicalGuid(ns), `${POD_NAMESPACES[i % POD_NAMESPACES.length]}/${name}`);
  });
  return async () => pods;
}

export interface SimulatedFleetOptions {
  count: number;
  endpointsPerNode?: number;
  /** Added round trip per request (the fleet benchmark's 20 ms). */
  roundTripMs?: number;
  /** Nodes that refuse connections until setReachable(id, true) (the unreachable node and its Retry). */
  unreachable?: readonly string[];
  /** Plant diagnostics findings on some nodes (nodeState): a fleet with something to find. */
  findings?: boolean;
  /** HNS failures injected on a node's simulator, by node id (e.g. the second change of one endpoint). */
  faults?: Record<string, SimulatedFaults>;
  dataDir: string;
  /** Number of the first node (its ids and addresses), default 1. */
  first?: number;
  /**
   * Benchmarks: each node answers a repeated endpoints.list from its previous answer until a change.
   * On a real fleet every node reads its own HNS on its own CPU in parallel; here all nodes share one,
   * so without this the figure would measure 100 simulators back to back, not the protocol and client.
   */
  reuseReads?: boolean;
}

/** A node router that reuses its last endpoints.list answer until a change goes through it. */
function reusingReads(route: Router): Router {
  let last: Promise<Result<unknown>> | undefined;
  return (channel, input) => {
    if (channel === 'endpoints.list') return (last ??= route(channel, input));
    if (typeof channel === 'string' && isChangeChannel(channel)) last = undefined;
    return route(channel, input);
  };
}

export interface SimulatedFleet {
  specs: FleetNodeSpec[];
  /** Node `id`'s router as its agent serves it (reused reads included); refuses while it is down. */
  routeOf(id: string): Promise<Router>;
  setReachable(id: string, reachable: boolean): void;
  close(): Promise<void>;
}

export function simulatedFleet(o: SimulatedFleetOptions): SimulatedFleet {
  const down = new Set(o.unreachable ?? []);
  const cores = new Map<string, Promise<AppCore>>();
  const coreOf = (id: string, k: number) => {
    let c = cores.get(id);
    if (!c) {
      const dir = join(o.dataDir, 'nodes', id);
      mkdirSync(dir, { recursive: true });
      const state = nodeState(k, o.endpointsPerNode ?? 40, o.findings);
      c = createAppCore({
        backend: 'simulated',
        journalPath: join(dir, 'journal.jsonl'),
        // As the agent (serve --stdio) runs: the CLI's rules; the GUI side checks the window's.
        origin: 'cli',
        pods: simulatedPods(state),
        wrapHns: () =>
          new SimulatedHns(state, {
            description: `Simulated HNS (${id})`,
            ...(o.faults?.[id] ? { faults: o.faults[id] } : {}),
          }),
      });
      cores.set(id, c);
    }
    return c;
  };
  const first = o.first ?? 1;
  const refuseIfDown = (id: string) => {
    if (down.has(id))
      throw new AppFailure({
        code: 'remote-unreachable',
        message: `${id}: connect ETIMEDOUT (simulated: this node is switched off in the harness).`,
      });
  };
  const routeOf = async (id: string, k = Number(id.replace(/^sim-/, ''))): Promise<Router> => {
    refuseIfDown(id);
    if (!Number.isInteger(k) || k < first || k >= first + o.count) throw new Error(`no simulated node ${id}`);
    const core = await coreOf(id, k);
    return o.reuseReads ? reusingReads(core.route) : core.route;
  };
  const specs: FleetNodeSpec[] = Array.from({ length: o.count }, (_, i) => {
    const id = `sim-${i + first}`;
    return {
      id,
      kind: 'simulated',
      connector: {
        label: id,
        connect: async () => {
          const agent = await connectInProcess(await routeOf(id, i + first), {
            label: id,
            origin: 'window',
            ...(o.roundTripMs ? { roundTripMs: o.roundTripMs } : {}),
          });
          return agent.connection;
        },
      },
    };
  });
  return {
    specs,
    routeOf: (id) => routeOf(id),
    setReachable: (id, reachable) => void (reachable ? down.delete(id) : down.add(id)),
    close: async () => {
      for (const c of cores.values()) await (await c).close();
    },
  };
}

/**
 * SSH targets added in the harness (the switcher's "Add SSH node"): no network. Each host gets a
 * made-up ed25519 host key derived from its name, checked against a known_hosts in the harness's data
 * dir as ssh-transport checks a real one, and, once pinned, a simulated node behind the agent protocol.
 */
export function simulatedSsh(dataDir: string): Pick<
  FleetOptionsForHarness,
  'probeHostKey' | 'connectorFor' | 'knownHostsFile'
> & {
  close(): Promise<void>;
} {
  const knownHostsFile = join(dataDir, 'known_hosts');
  let next = 100;
  const fleets: SimulatedFleet[] = [];
  return {
    close: async () => {
      for (const f of fleets) await f.close();
    },
    knownHostsFile,
    probeHostKey: async (target) => {
      const seed = createHash('sha256').update(`harness-host-key:${target.host}`).digest();
      const type = Buffer.from('ssh-ed25519');
      const len = (n: number) => Buffer.from([0, 0, 0, n]);
      const key = keyFromBlob(Buffer.concat([len(type.length), type, len(32), seed]));
      const verdict = checkHostKey(
        readKnownHosts(knownHostsFile),
        hostEntryName(target.host, target.port),
        key,
      );
      return {
        host: target.host,
        port: target.port,
        status: verdict.status,
        keyType: key.type,
        fingerprint: fingerprint(key.blob),
        knownHostsFile,
        line: knownHostsLine(target.host, target.port, key),
        ...(verdict.status === 'changed'
          ? { knownFingerprint: verdict.knownFingerprint, knownLine: verdict.line }
          : {}),
        key,
      };
    },
    connectorFor: (target) => {
      const fleet = simulatedFleet({
        count: 1,
        first: next++,
        dataDir: join(dataDir, 'ssh', target.label.replace(/[^A-Za-z0-9.-]/g, '_')),
        endpointsPerNode: 12,
      });
      fleets.push(fleet);
      return { label: target.label, connect: () => fleet.specs[0]!.connector.connect() };
    },
  };
}

/** A local socket path for this process: a named pipe on Windows, a Unix socket elsewhere. */
export function localSocketPath(name: string): string {
  return process.platform === 'win32'
    ? `\\\\.\\pipe\\hcnproxy-${name}-${process.pid}`
    : join(tmpdir(), `hcnproxy-${name}-${process.pid}.sock`);
}

/** Delays every chunk of `from` by `ms` (in order) on its way to `to`. */
function delayed(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, ms: number): void {
  from.on('data', (d: Buffer) => (ms > 0 ? setTimeout(() => to.write(d), ms) : to.write(d)));
  from.on('end', () => (ms > 0 ? setTimeout(() => to.end(), ms) : to.end()));
}

/**
 * Serves a simulated fleet's agents over one local socket, so the client side (a Fleet in another
 * process: the fleet benchmark's app) holds only what an app holds — connections and answers — and
 * the nodes' simulators run elsewhere, as real nodes do. Each connection names its node in its first
 * line, then speaks the agent protocol with that node; `roundTripMs` is added per request, half each
 * way. A node switched off refuses by closing the connection.
 */
export async function serveFleetSocket(
  fleet: SimulatedFleet,
  path: string,
  roundTripMs = 0,
): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let head = '';
    const onHead = (d: Buffer) => {
      head += d.toString('latin1');
      const nl = head.indexOf('\n');
      if (nl < 0) return void (head.length > 200 && socket.destroy());
      socket.off('data', onHead);
      socket.pause();
      const id = head.slice(0, nl);
      const rest = Buffer.from(head.slice(nl + 1), 'latin1');
      void fleet.routeOf(id).then(
        async (route) => {
          const input = new PassThrough();
          const output = new PassThrough();
          delayed(output, socket, roundTripMs / 2);
          serveAgent({ route, input, output, handshake: await buildHandshake(route) });
          const inbound = new PassThrough();
          delayed(inbound, input, roundTripMs / 2);
          if (rest.length) inbound.write(rest);
          socket.pipe(inbound);
          socket.resume();
        },
        () => socket.destroy(),
      );
    };
    socket.on('data', onHead);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The client end of serveFleetSocket: node `id` through the agent protocol over that socket. */
export function socketConnector(path: string, id: string): Connector {
  return {
    label: id,
    connect: () =>
      new Promise<AgentConnection>((resolve, reject) => {
        const socket = createConnection(path);
        socket.once('error', reject);
        socket.once('connect', () => {
          socket.write(`${id}\n`);
          AgentConnection.open(
            { readable: socket, writable: socket, close: () => socket.destroy() },
            { label: id, origin: 'window' },
          ).then(resolve, reject);
        });
      }),
  };
}
