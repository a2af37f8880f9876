import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { criLookup, criPods } from '../../electron/core/containers/cri';
import { dockerLookup } from '../../electron/core/containers/docker';

// Every CRI (grpc-js) and Docker (dockerode) call has a deadline: a runtime that accepts the
// connection and never answers — a hung named pipe or socket — is "did not answer in N s", never a
// hang. The servers here accept and then say nothing; on Windows they listen on a named pipe.

const DEADLINE_MS = 300;
let dir: string | undefined;
const open: Array<Server | HttpServer> = [];
const held: Socket[] = [];

afterEach(async () => {
  for (const s of held.splice(0)) s.destroy();
  for (const s of open.splice(0)) await new Promise<void>((r) => s.close(() => r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A listening path and the runtime address (as --runtimeendpoint takes it) for it. */
function endpoint(): { listen: string; address: string } {
  const name = `hcn-hung-${randomBytes(6).toString('hex')}`;
  if (process.platform === 'win32')
    return { listen: `\\\\.\\pipe\\${name}`, address: `npipe:////./pipe/${name}` };
  dir = mkdtempSync(join(tmpdir(), 'hcn-hung-'));
  const path = join(dir, `${name}.sock`);
  return { listen: path, address: `unix://${path}` };
}

async function listen<T extends Server | HttpServer>(server: T, path: string): Promise<T> {
  open.push(server);
  await new Promise<void>((r) => server.listen(path, () => r()));
  return server;
}

/** Accepts every connection, reads what comes, answers nothing. */
async function hungRuntime(): Promise<string> {
  const { listen: path, address } = endpoint();
  await listen(
    createServer((s) => {
      held.push(s);
      s.on('error', () => undefined);
      s.resume();
    }),
    path,
  );
  return address;
}

const didNotAnswer = (what: string, address: string) =>
  `The container runtime did not answer in 0.3 s (${what} at ${address}). Is it running and responsive?`;

describe('a runtime that accepts and never answers', { timeout: 30_000 }, () => {
  it('CRI ListContainers (lookup) ends at its deadline with the runtime named', async () => {
    const address = await hungRuntime();
    await expect(criLookup(address, 'abc', DEADLINE_MS)).rejects.toMatchObject({
      error: { code: 'runtime-unavailable', message: didNotAnswer('CRI', address) },
    });
  });

  it('CRI ListPodSandbox (the Pod column) ends at its deadline, not as "no pods"', async () => {
    const address = await hungRuntime();
    await expect(criPods(address, DEADLINE_MS)).rejects.toMatchObject({
      error: { code: 'runtime-unavailable', message: didNotAnswer('CRI', address) },
    });
  });

  it('Docker container inspect ends at its deadline', async () => {
    const address = await hungRuntime();
    await expect(dockerLookup(address, 'abc', DEADLINE_MS)).rejects.toMatchObject({
      error: { code: 'runtime-unavailable', message: didNotAnswer('Docker Engine', address) },
    });
  });

  it('Docker network inspect (the second call) has its own deadline too', async () => {
    const { listen: path, address } = endpoint();
    const asked: string[] = [];
    await listen(
      createHttpServer((req, res) => {
        asked.push(`${req.method} ${req.url}`);
        if (!/\/containers\/abc\/json/.test(req.url ?? '')) return; // the network: never answered
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            Id: 'abc0123456789',
            Name: '/web',
            NetworkSettings: {
              Networks: { nat: { NetworkID: 'net1', IPAddress: '172.20.0.5', MacAddress: 'x' } },
            },
          }),
        );
      }),
      path,
    );
    await expect(dockerLookup(address, 'abc', DEADLINE_MS)).rejects.toMatchObject({
      error: { code: 'runtime-unavailable', message: didNotAnswer('Docker Engine', address) },
    });
    expect(asked.map((a) => a.replace(/^GET \/v[\d.]+/, 'GET '))).toEqual([
      expect.stringMatching(/^GET \/containers\/abc\/json/),
      expect.stringMatching(/^GET \/networks\/net1/),
    ]);
  });
});
