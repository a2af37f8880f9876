import { AppFailure } from '../app-error';

// Runtime addresses as users and kubelet write them → what grpc-js and dockerode take.

/** containerd's CRI socket: `\\.\pipe\containerd-containerd` on Windows (containerd defaults_windows.go). */
export function defaultCriEndpoint(platform: string = process.platform): string {
  return platform === 'win32'
    ? 'npipe:////./pipe/containerd-containerd'
    : 'unix:///run/containerd/containerd.sock';
}

export function defaultDockerEndpoint(platform: string = process.platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

const bad = (field: string, url: string, hint: string) =>
  new AppFailure({
    code: 'validation',
    field,
    message: `${url} is not a runtime address: ${hint}`,
    issues: [{ field, code: 'address.format', message: hint }],
  });

/** npipe:////./pipe/name → \\.\pipe\name */
function pipePath(url: string): string | undefined {
  const m = /^npipe:\/\/+\.\/pipe\/(.+)$/i.exec(url.replace(/\\/g, '/'));
  return m ? `\\\\.\\pipe\\${m[1]}` : undefined;
}

/**
 * grpc-js target. grpc-js dials `unix:` targets with net.connect({ path }), and Node's net.connect
 * opens Windows named pipes given a \\.\pipe\ path, so npipe URLs become `unix:\\.\pipe\…`
 * (that pipe leg is inferred from Node/grpc-js behaviour, not exercised here: CI has no Windows pipe).
 */
export function criTarget(url: string): string {
  const u = url.trim();
  if (/^unix:\/\//i.test(u)) return `unix:${u.replace(/^unix:\/\//i, '')}`;
  if (/^npipe:/i.test(u)) {
    const p = pipePath(u);
    if (!p)
      throw bad('runtimeEndpoint', u, 'a named pipe looks like npipe:////./pipe/containerd-containerd.');
    return `unix:${p}`;
  }
  if (/^tcp:\/\//i.test(u)) return u.replace(/^tcp:\/\//i, '');
  if (u.startsWith('/')) return `unix:${u}`;
  throw bad('runtimeEndpoint', u, 'use unix:///path/to.sock, npipe:////./pipe/name or tcp://host:port.');
}

export type DockerConnection = { socketPath: string } | { host: string; port: number; protocol: 'http' };

export function dockerConnection(url: string): DockerConnection {
  const u = url.trim();
  if (/^unix:\/\//i.test(u)) return { socketPath: u.replace(/^unix:\/\//i, '') };
  if (/^npipe:/i.test(u)) {
    const p = pipePath(u);
    if (!p) throw bad('docker', u, 'a named pipe looks like npipe:////./pipe/docker_engine.');
    return { socketPath: p.replace(/\\/g, '/') };
  }
  const m = /^(?:tcp|http):\/\/([^:/]+):(\d{1,5})\/?$/i.exec(u);
  if (m) return { host: m[1] as string, port: Number(m[2]), protocol: 'http' };
  if (u.startsWith('/') || u.startsWith('//')) return { socketPath: u };
  throw bad(
    'docker',
    u,
    'use unix:///var/run/docker.sock, npipe:////./pipe/docker_engine or tcp://host:2375.',
  );
}
