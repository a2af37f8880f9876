// Where each runtime listens by default on this platform. Kept apart from addresses.ts, which the
// contract (and so the renderer) imports: this one reads process.platform.

/** containerd's CRI socket: `\\.\pipe\containerd-containerd` on Windows (containerd defaults_windows.go). */
export function defaultCriEndpoint(platform: string = process.platform): string {
  return platform === 'win32'
    ? 'npipe:////./pipe/containerd-containerd'
    : 'unix:///run/containerd/containerd.sock';
}

export function defaultDockerEndpoint(platform: string = process.platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}
