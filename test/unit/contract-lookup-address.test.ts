import { describe, expect, it } from 'vitest';
import { inputSchema, type Origin } from '../../electron/ipc/contract';

// The elevated process dials this address. The window may pick which local runtime socket, never a
// network host nor tcp; the CLI (the administrator) may also dial tcp to loopback. Same channel,
// one contract: the origin picks input or windowInput.
const parse = (origin: Origin, input: unknown) => inputSchema('containers.lookup', origin).safeParse(input);

describe('containers.lookup addresses', () => {
  it.each([
    'npipe:////./pipe/containerd-containerd',
    'unix:///run/containerd/containerd.sock',
    '/var/run/docker.sock',
  ])('accepts the local socket %s from the window and the CLI', (addr) => {
    for (const origin of ['window', 'harness', 'cli'] as const) {
      expect(parse(origin, { containerId: 'abc123', runtimeEndpoint: addr }).success).toBe(true);
      expect(parse(origin, { containerId: 'abc123', docker: addr }).success).toBe(true);
    }
  });

  it.each([
    'tcp://10.0.0.5:2376',
    'http://evil.example:2375',
    'unix:///tmp/../etc passwd',
    'npipe:////server/pipe/x',
  ])('refuses %s from the window with a field-specific message', (addr) => {
    const r = parse('window', { containerId: 'abc123', runtimeEndpoint: addr });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['runtimeEndpoint']);
    expect(r.error?.issues[0]?.message).toMatch(/local runtime socket/);
  });

  it('tcp to loopback: accepted from the CLI, refused from the window and the harness', () => {
    const input = { containerId: 'abc123', runtimeEndpoint: 'tcp://127.0.0.1:2375' };
    expect(parse('cli', input).success).toBe(true);
    for (const origin of ['window', 'harness'] as const) {
      const r = parse(origin, input);
      expect(r.error?.issues[0]?.path).toEqual(['runtimeEndpoint']);
      expect(r.error?.issues[0]?.message).toMatch(/no host, no tcp/);
    }
  });

  it.each([
    ['tcp://10.0.0.5:2376', 'tcp to "10.0.0.5" is not this machine'],
    ['npipe:////server/pipe/x', 'a pipe on host "server" is a network (SMB) path'],
    ['unix:///run/../x', 'a unix socket is an absolute path without "." or ".." parts'],
  ])('the CLI too is refused %s, by the dial site parser, naming the field', (addr, why) => {
    const r = parse('cli', { containerId: 'abc123', runtimeEndpoint: addr });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['runtimeEndpoint']);
    expect(r.error?.issues[0]?.message).toContain(why);
    expect((r.error?.issues[0] as { params?: { code?: string } }).params?.code).toBe('address.not-local');
  });
});
