import { mkdtempSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criTarget, dockerConnection } from '../../electron/core/containers/addresses';
import type { AppCore } from '../../electron/ipc/app-core';
import type { LookupResult } from '../../electron/core/views';
import {
  readmeNodeCore,
  startCriServer,
  startDockerServer,
  stopCriServer,
  type CriServer,
} from '../support/container-servers';

const README_CONTAINER = 'ccaae3aba155ccfb08fdf2e51fa4034f19db40d0ae5b485820544e49a60499c0';
const README_ENDPOINT = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';

// Unix-socket test servers: on Windows libuv's pipes are named pipes only (no socket file path), so
// these run off Windows. The named-pipe route to containerd is one only a Windows node can show.
const UNIX_SOCKETS = process.platform !== 'win32';

let dir: string;
let cri: CriServer;
let docker: { server: HttpServer; requests: string[] };
let core: AppCore;

beforeAll(async () => {
  if (!UNIX_SOCKETS) return;
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-rt-'));
  cri = await startCriServer(join(dir, 'containerd.sock'));
  docker = await startDockerServer(join(dir, 'docker.sock'));
  core = await readmeNodeCore(dir);
});

afterAll(async () => {
  if (!UNIX_SOCKETS) return;
  await stopCriServer(cri.server);
  await new Promise((r) => docker.server.close(r));
  await core.close();
});

const lookup = async (input: Record<string, unknown>) => core.route('containers.lookup', input);
const value = (r: Awaited<ReturnType<typeof lookup>>) => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as LookupResult;
};

describe.skipIf(!UNIX_SOCKETS)('CRI v1 lookup against a real gRPC server on a unix socket', () => {
  it('follows ContainerStatus verbose info → networkNamespace → the namespace endpoints', async () => {
    const r = value(await lookup({ containerId: README_CONTAINER, runtimeEndpoint: cri.address }));
    expect(r.matches).toEqual([
      {
        containerId: README_CONTAINER,
        endpointId: README_ENDPOINT,
        endpointName: 'f04bda79168c8_eth0',
        source: 'cri',
        namespaceId: '4b1d1f3e-2a6c-4f0e-9a51-0c7d9e3b2a10',
      },
    ]);
    expect(cri.calls).toContain(`ContainerStatus ${README_CONTAINER} verbose=true`);
  });

  it('accepts an unambiguous prefix (crictl ps shows 13 characters) and a container name', async () => {
    expect(
      value(await lookup({ containerId: 'ccaae3aba155c', runtimeEndpoint: cri.address })).matches[0]
        ?.endpointId,
    ).toBe(README_ENDPOINT);
    expect(
      value(await lookup({ containerId: 'envoy', runtimeEndpoint: cri.address })).matches[0]?.endpointName,
    ).toBe('pod-bb_eth0');
  });

  it('an ambiguous prefix and an unknown id are distinct errors', async () => {
    expect(await lookup({ containerId: 'dead', runtimeEndpoint: cri.address })).toMatchObject({
      ok: false,
      error: { code: 'ambiguous', field: 'containerId' },
    });
    expect(await lookup({ containerId: 'f00d', runtimeEndpoint: cri.address })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('containers without runtimeSpec.windows.network.networkNamespace are skipped with a note, not fatal', async () => {
    const hostProcess = value(await lookup({ containerId: '5a1b2c3d', runtimeEndpoint: cri.address }));
    expect(hostProcess.matches).toEqual([]);
    expect(hostProcess.notes[0]).toMatch(/no runtimeSpec\.windows\.network\.networkNamespace.*skipped/);
    const broken = value(await lookup({ containerId: 'beef', runtimeEndpoint: cri.address }));
    expect(broken.matches).toEqual([]);
  });

  it('an unreachable runtime is a clear error naming the address', async () => {
    const r = await lookup({ containerId: 'ccaae3', runtimeEndpoint: `unix://${join(dir, 'nothing.sock')}` });
    expect(r).toMatchObject({ ok: false, error: { code: 'runtime-unavailable' } });
    if (!r.ok) expect(r.error.message).toContain('nothing.sock');
  });
});

describe.skipIf(!UNIX_SOCKETS)('Docker Engine lookup against a fake Engine on a unix socket', () => {
  it('container → network hnsid → HNS endpoint matched by IP/MAC (not Docker EndpointID)', async () => {
    const r = value(await lookup({ containerId: '3a9b8667', docker: `unix://${join(dir, 'docker.sock')}` }));
    expect(r.matches).toEqual([
      {
        containerId: '3a9b8667e69240afe64e77db0ee4b4056e69278c3d85a9add753eaca6601da93',
        endpointId: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
        endpointName: '',
        source: 'docker',
      },
    ]);
    expect(docker.requests.some((q) => /\/networks\/e1f2a3b4c5d6/.test(q))).toBe(true);
  });

  it('ambiguous and missing containers are distinct errors', async () => {
    const sock = `unix://${join(dir, 'docker.sock')}`;
    expect(await lookup({ containerId: '3a9', docker: sock })).toMatchObject({
      ok: false,
      error: { code: 'ambiguous' },
    });
    expect(await lookup({ containerId: 'ffff', docker: sock })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const other = value(await lookup({ containerId: '3a9c', docker: sock }));
    expect(other.matches).toEqual([]);
    expect(other.notes[0]).toMatch(/not attached/);
  });
});

describe('runtime addresses', () => {
  it('maps kubelet-style URLs to grpc-js targets and dockerode options', () => {
    expect(criTarget('unix:///run/containerd/containerd.sock')).toBe('unix:/run/containerd/containerd.sock');
    expect(criTarget('npipe:////./pipe/containerd-containerd')).toBe(
      'unix:\\\\.\\pipe\\containerd-containerd',
    );
    expect(criTarget('tcp://127.0.0.1:2376')).toBe('127.0.0.1:2376');
    expect(() => criTarget('ftp://x')).toThrow(/not a runtime address/);
    expect(dockerConnection('npipe:////./pipe/docker_engine')).toEqual({
      socketPath: '//./pipe/docker_engine',
    });
    expect(dockerConnection('tcp://127.0.0.1:2375')).toEqual({
      host: '127.0.0.1',
      port: 2375,
      protocol: 'http',
    });
  });
});
