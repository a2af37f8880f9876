// Issue 13 item 2: container lookup dials only sockets on this machine. A UNC path (\\host\pipe\x and
// its spellings) from the elevated process is an SMB session that leaks the administrator's NTLM
// credentials, so it is refused both by the window's contract and at the dial site (every caller).
import { describe, expect, it } from 'vitest';
import { criTarget, dockerConnection, parseRuntimeAddress } from '../../electron/core/containers/addresses';
import { AppFailure } from '../../electron/base/app-error';
import { inputSchema } from '../../electron/ipc/contract';
import { lookupContainer } from '../../electron/core/containers/lookup';
import type { AppContext } from '../../electron/core/services/context';

const UNC = [
  '//evil.example/pipe/docker_engine',
  'unix:////evil.example/pipe/docker_engine',
  '\\\\evil.example\\pipe\\docker_engine',
  'npipe://evil.example/pipe/docker_engine',
  'npipe:////evil.example/pipe/docker_engine',
  '\\\\?\\UNC\\evil.example\\pipe\\x',
  '\\\\.\\pipe\\..',
];

const refusal = (fn: () => unknown): AppFailure => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppFailure) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('dial site: parseRuntimeAddress', () => {
  it.each([
    ['\\\\.\\pipe\\docker_engine', { kind: 'pipe', name: 'docker_engine' }],
    ['//./pipe/docker_engine', { kind: 'pipe', name: 'docker_engine' }],
    ['npipe:////./pipe/containerd-containerd', { kind: 'pipe', name: 'containerd-containerd' }],
    ['npipe://./pipe/containerd-containerd', { kind: 'pipe', name: 'containerd-containerd' }],
    ['unix:///run/containerd/containerd.sock', { kind: 'unix', path: '/run/containerd/containerd.sock' }],
    ['/var/run/docker.sock', { kind: 'unix', path: '/var/run/docker.sock' }],
    ['tcp://127.0.0.1:2375', { kind: 'tcp', host: '127.0.0.1', port: 2375 }],
    ['tcp://localhost:2375', { kind: 'tcp', host: 'localhost', port: 2375 }],
    ['tcp://[::1]:2375', { kind: 'tcp', host: '[::1]', port: 2375 }],
  ])('accepts the local address %s', (url, want) => {
    expect(parseRuntimeAddress(url, 'docker')).toEqual(want);
  });

  it.each(UNC)('refuses the network path %s, naming it and why', (url) => {
    const e = refusal(() => parseRuntimeAddress(url, 'docker'));
    expect(e.error.field).toBe('docker');
    expect(e.error.message).toContain(`refused ${JSON.stringify(url)}`);
    expect(e.error.message).toMatch(/network|not a pipe name/);
    expect(e.error.issues?.[0]?.code).toBe('address.not-local');
  });

  it('names the host of a remote pipe', () => {
    expect(
      refusal(() => parseRuntimeAddress('npipe://evil.example/pipe/x', 'docker')).error.message,
    ).toContain('a pipe on host "evil.example" is a network (SMB) path');
    expect(refusal(() => parseRuntimeAddress('\\\\evil\\pipe\\x', 'docker')).error.message).toContain(
      'a pipe on host "evil"',
    );
  });

  it.each([
    ['tcp://10.0.0.5:2376', 'tcp to "10.0.0.5" is not this machine'],
    ['http://evil.example:2375', 'tcp to "evil.example" is not this machine'],
    ['unix:///run/../etc/x', 'without "." or ".." parts'],
    ['/run/a\\b', 'network (UNC) path'],
    ['ftp://x', 'not a runtime address'],
    ['unix:///run/x\r\nforged', 'control characters'],
  ])('refuses %s: %s', (url, why) => {
    expect(refusal(() => parseRuntimeAddress(url, 'runtimeEndpoint')).error.message).toContain(why);
  });

  it('criTarget and dockerConnection go through it (the dial site cannot be bypassed)', () => {
    for (const url of UNC) {
      expect(() => criTarget(url)).toThrow(/refused/);
      expect(() => dockerConnection(url)).toThrow(/refused/);
    }
    expect(criTarget('\\\\.\\pipe\\containerd-containerd')).toBe('unix:\\\\.\\pipe\\containerd-containerd');
    expect(dockerConnection('\\\\.\\pipe\\docker_engine')).toEqual({ socketPath: '//./pipe/docker_engine' });
    expect(dockerConnection('tcp://[::1]:2375')).toEqual({ host: '::1', port: 2375, protocol: 'http' });
  });

  it('lookup (the CLI path, no contract regex in front) refuses before any HNS read or dial', async () => {
    let reads = 0;
    const ctx = {
      nodeState: {
        read: () => {
          reads++;
          return Promise.resolve({ endpoints: [], networks: [], namespaces: [] });
        },
      },
    } as unknown as AppContext;
    for (const url of UNC) {
      await expect(lookupContainer(ctx, { containerId: 'abc', docker: url })).rejects.toThrow(/refused/);
      await expect(lookupContainer(ctx, { containerId: 'abc', runtimeEndpoint: url })).rejects.toThrow(
        /refused/,
      );
    }
    expect(reads).toBe(0);
  });
});

describe('contract: containers.lookup from the window', () => {
  const parse = (addr: string) =>
    inputSchema('containers.lookup', 'window').safeParse({ containerId: 'abc123', runtimeEndpoint: addr });
  it.each([
    '\\\\.\\pipe\\docker_engine',
    'npipe:////./pipe/docker_engine',
    'npipe://./pipe/docker_engine',
    'unix:///run/containerd/containerd.sock',
    '/var/run/docker.sock',
  ])('accepts %s', (addr) => {
    expect(parse(addr).success).toBe(true);
  });
  it.each([...UNC, 'tcp://127.0.0.1:2375', 'unix:///run/../x', '/run/./x'])(
    'refuses %s with the field named',
    (addr) => {
      const r = parse(addr);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['runtimeEndpoint']);
      expect(r.error?.issues[0]?.message).toMatch(/local runtime socket on this machine/);
    },
  );
});
