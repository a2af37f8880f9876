import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/ipc/contract';

// The window may pick which local runtime socket the elevated process dials, never a network host.
const parse = (input: unknown) => contract['containers.lookup'].input.safeParse(input);

describe('containers.lookup addresses from the window', () => {
  it.each([
    'npipe:////./pipe/containerd-containerd',
    'unix:///run/containerd/containerd.sock',
    '/var/run/docker.sock',
  ])('accepts the local socket %s', (addr) => {
    expect(parse({ containerId: 'abc123', runtimeEndpoint: addr }).success).toBe(true);
    expect(parse({ containerId: 'abc123', docker: addr }).success).toBe(true);
  });
  it.each([
    'tcp://10.0.0.5:2376',
    'http://evil.example:2375',
    'unix:///tmp/../etc passwd',
    'npipe:////server/pipe/x',
  ])('refuses %s with a field-specific message', (addr) => {
    const r = parse({ containerId: 'abc123', runtimeEndpoint: addr });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['runtimeEndpoint']);
    expect(r.error?.issues[0]?.message).toMatch(/local runtime socket/);
  });
});
