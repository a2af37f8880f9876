import { join } from 'node:path';
import type { AppCore } from '../../electron/ipc/app-core';
import { buildHandshake, serveAgent } from '../../electron/remote/agent-server';
import { RequestLedger } from '../../electron/remote/request-ledger';
import type { ExecIo } from './fake-kube-apiserver';

/**
 * The agent behind a pod exec of the test API server: the same serveAgent as `serve --stdio`, over
 * the exec's streams, on the given core; with `ledgerDir`, its request ledger lives there.
 */
export async function serveAgentOverExec(core: AppCore, io: ExecIo, ledgerDir?: string): Promise<void> {
  const server = serveAgent({
    route: core.route,
    input: io.stdin,
    output: io.stdout,
    handshake: await buildHandshake(core.route),
    ...(ledgerDir ? { ledger: new RequestLedger(join(ledgerDir, 'requests')) } : {}),
  });
  await server.done;
  io.finish({ status: 'Success' });
}
