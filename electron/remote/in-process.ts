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

export async function connectInProcess(
  route: Router,
  options: Partial<ConnectionOptions> & { ledger?: RequestLedger } = {},
): Promise<InProcessAgent> {
  const toAgent = new PassThrough();
  const fromAgent = new PassThrough();
  const server = serveAgent({
    route,
    input: toAgent,
    output: fromAgent,
    handshake: await buildHandshake(route),
    ...(options.ledger ? { ledger: options.ledger } : {}),
  });
  const cut = () => {
    toAgent.end();
    fromAgent.destroy();
  };
  const streams: AgentStreams = { readable: fromAgent, writable: toAgent, close: cut };
  const connection = await AgentConnection.open(streams, { label: 'in-process', ...options });
  return { connection, server, cut };
}
