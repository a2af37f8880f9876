import { AppFailure } from '../../base/app-error';

// Runtime addresses as users and kubelet write them → what grpc-js and dockerode take.
//
// The process that dials these is elevated. On Windows any path of the form \\host\… (a UNC path:
// //host/pipe/x, unix:////host/pipe/x, npipe://host/pipe/x, \\?\UNC\host\…) makes Windows open an SMB
// session to that host and authenticate with the administrator's NTLM credentials. So every address is
// parsed here, once, into one of three local shapes, and anything else is refused naming what it was:
//   - a named pipe on this machine: \\.\pipe\<name> or npipe:////./pipe/<name> (host "." only);
//   - a unix socket path on this machine: unix:///abs/path or /abs/path (one leading slash);
//   - tcp://127.0.0.1|localhost|[::1]:port (CLI only: the window's contract refuses tcp:// entirely).
// tcp is loopback-only because lookup joins the runtime's answer with *this* node's HNS endpoints: a
// runtime on another host names containers that are not here, and dialling out is a network boundary
// the lookup never needs to cross.

export type RuntimeAddress =
  | { kind: 'pipe'; name: string }
  | { kind: 'unix'; path: string }
  | { kind: 'tcp'; host: string; port: number };

const FORMS =
  'use \\\\.\\pipe\\<name>, npipe:////./pipe/<name>, unix:///path/to.sock or tcp://127.0.0.1:<port> (local only).';

const refuse = (field: string, url: string, why: string) => {
  const message = `${why} ${FORMS}`;
  return new AppFailure({
    code: 'validation',
    field,
    message: `${field}: refused ${JSON.stringify(url.slice(0, 200))}: ${message}`,
    issues: [{ field, code: 'address.not-local', message }],
  });
};

// Pipe names: the characters runtimes use. "." and ".." are refused: \\.\pipe\..\UNC\host\share is
// normalised by Win32 to \\.\UNC\host\share, a UNC path again.
const PIPE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,255}$/;
// Unix socket paths: absolute, one leading slash, no empty or dot-dot segment, no backslash (on
// Windows a "/path" would otherwise reach CreateFileW, where //host/… and \\host\… are UNC).
const UNIX_PATH = /^\/(?!\/)[A-Za-z0-9._+@:-]+(?:\/[A-Za-z0-9._+@:-]+)*$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The one parser for runtime addresses; throws a validation AppFailure naming what it refused. */
export function parseRuntimeAddress(raw: string, field: string): RuntimeAddress {
  const url = raw.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(url)) throw refuse(field, url, 'control characters in the address.');
  const pipeName = (name: string) => {
    if (!PIPE_NAME.test(name) || /^\.+$/.test(name))
      throw refuse(field, url, `"${name.slice(0, 100)}" is not a pipe name.`);
    return { kind: 'pipe' as const, name };
  };
  // \\.\pipe\name (and the same with forward slashes, as Docker writes //./pipe/docker_engine).
  let m = /^[\\/]{2}([^\\/]*)[\\/]pipe[\\/](.*)$/i.exec(url);
  if (m) {
    if (m[1] !== '.')
      throw refuse(field, url, `a pipe on host "${m[1]}" is a network (SMB) path, not a local pipe.`);
    return pipeName(m[2] as string);
  }
  m = /^npipe:(?:\/\/)?(.*)$/i.exec(url);
  if (m) {
    // npipe:////./pipe/name and npipe://./pipe/name: the host is what follows the slashes.
    const hm = /^\/*([^/]*)\/pipe\/(.*)$/i.exec((m[1] as string).replace(/\\/g, '/'));
    if (!hm) throw refuse(field, url, 'a named pipe looks like npipe:////./pipe/<name>.');
    if (hm[1] !== '.')
      throw refuse(field, url, `a pipe on host "${hm[1]}" is a network (SMB) path, not a local pipe.`);
    return pipeName(hm[2] as string);
  }
  if (url.startsWith('\\\\') || url.startsWith('//'))
    throw refuse(field, url, 'a \\\\host\\… or //host/… path is a network (UNC) path.');
  m = /^unix:\/\/(.*)$/i.exec(url);
  const path = m ? (m[1] as string) : url.startsWith('/') ? url : undefined;
  if (path !== undefined) {
    if (path.startsWith('//') || path.includes('\\'))
      throw refuse(field, url, 'a unix socket path with a host part (//host/…) is a network (UNC) path.');
    if (!UNIX_PATH.test(path) || path.split('/').some((s) => s === '..' || s === '.'))
      throw refuse(field, url, 'a unix socket is an absolute path without "." or ".." parts.');
    return { kind: 'unix', path };
  }
  m = /^(?:tcp|http):\/\/(\[[^\]]*\]|[^:/]*):(\d{1,5})\/?$/i.exec(url);
  if (m) {
    const host = (m[1] as string).toLowerCase();
    const port = Number(m[2]);
    if (!LOOPBACK.has(host))
      throw refuse(field, url, `tcp to "${host}" is not this machine; only 127.0.0.1, localhost or [::1].`);
    if (port < 1 || port > 65535) throw refuse(field, url, `port ${port} is not 1-65535.`);
    return { kind: 'tcp', host, port };
  }
  throw refuse(field, url, 'not a runtime address.');
}

/**
 * grpc-js target. grpc-js dials `unix:` targets with net.connect({ path }), and Node's net.connect
 * opens Windows named pipes given a \\.\pipe\ path, so pipes become `unix:\\.\pipe\…`
 * (that pipe leg is inferred from Node/grpc-js behaviour, not exercised here: CI has no Windows pipe).
 */
export function criTarget(url: string): string {
  const a = parseRuntimeAddress(url, 'runtimeEndpoint');
  if (a.kind === 'pipe') return `unix:\\\\.\\pipe\\${a.name}`;
  if (a.kind === 'unix') return `unix:${a.path}`;
  return `${a.host}:${a.port}`;
}

export type DockerConnection = { socketPath: string } | { host: string; port: number; protocol: 'http' };

export function dockerConnection(url: string): DockerConnection {
  const a = parseRuntimeAddress(url, 'docker');
  if (a.kind === 'pipe') return { socketPath: `//./pipe/${a.name}` };
  if (a.kind === 'unix') return { socketPath: a.path };
  return { host: a.host.replace(/^\[|\]$/g, ''), port: a.port, protocol: 'http' };
}
