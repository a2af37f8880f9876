import { PassThrough } from 'node:stream';
import type { Router } from '../ipc/router';
import { AgentConnection, type AgentStreams, type ConnectionOptions } from './agent-client';
import { buildHandshake, serveAgent, type AgentServer } from './agent-server';
import type { RequestLedger } from './request-ledger';

// An agent and its client joined by in-process pipes: the whole protocol (framing, validation,
// ledger) with no process or network. The conformance test and the harness's simulated fleet use it.

export interface InProcessAgent {
  connection: AgentConnection;
  server: AgentServer;
  /** Drops the pipes as a dead network would (the agent sees its input end). */
  cut(): void;
}

/** A pipe whose chunks arrive `ms` later, in order (equal-delay timers fire in creation order). */
function delayedPipe(ms: number): { write: PassThrough; read: PassThrough } {
  const write = new PassThrough();
  const read = new PassThrough();
  write.on('data', (d: Buffer) => setTimeout(() => read.write(d), ms));
  write.on('end', () => setTimeout(() => read.end(), ms));
  read.on('close', () => write.destroy());
  return { write, read };
}

export interface InProcessOptions extends Partial<ConnectionOptions> {
  ledger?: RequestLedger;
  /** Simulated network round trip per request (half each way): the fleet benchmark's 20 ms. */
  roundTripMs?: number;
}

export async function connectInProcess(
  route: Router,
  options: InProcessOptions = {},
): Promise<InProcessAgent> {
  const half = (options.roundTripMs ?? 0) / 2;
  const up = half > 0 ? delayedPipe(half) : undefined;
  const down = half > 0 ? delayedPipe(half) : undefined;
  const toAgent = up?.write ?? new PassThrough();
  const fromAgent = down?.read ?? new PassThrough();
  const server = serveAgent({
    route,
    input: up?.read ?? toAgent,
    output: down?.write ?? fromAgent,
    handshake: await buildHandshake(route),
    ...(options.ledger ? { ledger: options.ledger } : {}),
  });
  const cut = () => {
    toAgent.end();
    fromAgent.destroy();
  };
  const streams: AgentStreams = { readable: fromAgent, writable: toAgent, close: cut };
  const { ledger: _l, roundTripMs: _r, ...connectionOptions } = options;
  const connection = await AgentConnection.open(streams, { label: 'in-process', ...connectionOptions });
  return { connection, server, cut };
}
