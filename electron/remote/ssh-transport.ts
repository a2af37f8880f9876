import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type ClientChannel, type ConnectConfig } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader sees only the names its lexer finds (not `utils`), so the
// module object is destructured here for every host (tsx, the CJS main bundle, an ESM bundle).
const { Client, utils } = ssh2;
type Client = InstanceType<typeof Client>;
import { AppFailure, type AppError } from '../base/app-error';
import { AgentConnection, type AgentStreams, type ConnectionOptions, type RemoteExit } from './agent-client';
import {
  checkHostKey,
  defaultKnownHostsFile,
  fingerprint,
  hostEntryName,
  keyFromBlob,
  knownHostsLine,
  knownKeyTypes,
  readKnownHosts,
  type HostKey,
} from './known-hosts';
import { chooseSshAgent } from './agent-socket';
import { hostKeyHint } from './host-key-hint';
import type { NodeTarget } from './node-target';
import { READ_LIMITS, readLimitedSync } from '../base/fs/read-limited';

// The SSH transport: ssh2 (pure JS) to the node's OpenSSH server, strict host-key checking against
// known_hosts, then `exec` of the agent command; its stdin/stdout carry the agent protocol.

export const DEFAULT_REMOTE_AGENT = 'hcnproxyctl.exe serve --stdio';

export type SshTarget = Extract<NodeTarget, { kind: 'ssh' }>;

export interface SshOptions {
  target: SshTarget;
  /** A private key file; default: the SSH agent (SSH_AUTH_SOCK), then ~/.ssh/id_ed25519, id_rsa. */
  keyFile?: string;
  /** Default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** The command the node's shell runs (default DEFAULT_REMOTE_AGENT). */
  remoteAgent?: string;
  /** Guard for TCP + SSH handshake + auth (default 120 s). */
  readyTimeoutMs?: number;
  /** Environment to read SSH_AUTH_SOCK from (tests). */
  env?: NodeJS.ProcessEnv;
  /** The host key fingerprint the user confirmed (GUI): any other key is refused, known or not. */
  expectFingerprint?: string;
  /** Home directory for the default keys (tests). */
  home?: string;
}

/** What the app knows about the node's host key: what the GUI shows before the user pins it. */
export interface HostKeyReport {
  host: string;
  port: number;
  status: 'known' | 'unknown' | 'changed' | 'revoked';
  keyType: string;
  fingerprint: string;
  knownHostsFile: string;
  /** The known_hosts line that trusts this key (what pinHostKey writes). */
  line: string;
  /** changed: the fingerprint known_hosts holds, and where. */
  knownFingerprint?: string;
  knownLine?: number;
  key: HostKey;
}

/** The connection was refused because of the host key: the report says which key and what to do. */
export class HostKeyError extends AppFailure {
  constructor(
    error: AppError,
    readonly hostKey: HostKeyReport,
  ) {
    super(error);
    this.name = 'HostKeyError';
  }
}

export function hostKeyMessage(r: HostKeyReport): AppError {
  const name = hostEntryName(r.host, r.port);
  const check = hostKeyHint(r.keyType);
  if (r.status === 'changed')
    return {
      code: 'host-key-changed',
      message:
        `REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}: ${r.knownHostsFile} line ${r.knownLine} holds ${r.knownFingerprint}, the node presented ${r.keyType} ${r.fingerprint}. ` +
        `Someone may be intercepting the connection, or the node was reinstalled. ${check}; only if it matches, remove the old entry ` +
        `(ssh-keygen -R '${name}' -f ${r.knownHostsFile}) and append this line to ${r.knownHostsFile}: ${r.line}`,
    };
  if (r.status === 'revoked')
    return {
      code: 'host-key-revoked',
      message: `The host key of ${name} (${r.keyType} ${r.fingerprint}) is marked @revoked in ${r.knownHostsFile}; refusing to connect.`,
    };
  return {
    code: 'host-key-unknown',
    message:
      `The host key of ${name} is not in ${r.knownHostsFile}: the node presented ${r.keyType} ${r.fingerprint}. ${check}; ` +
      `only if it matches, append this line to ${r.knownHostsFile}: ${r.line}`,
  };
}

const ALGOS_FOR_TYPE: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
/** ssh2 1.17's default host key algorithms, in its order (lib/protocol/constants.js). */
const DEFAULT_HOST_KEY_ALGOS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

interface AuthPlan {
  methods: Array<Record<string, unknown>>;
  described: string[];
  /** Why an SSH agent named in the environment was not used. */
  notes: string[];
}

function authPlan(o: SshOptions): AuthPlan {
  const username = o.target.user;
  const methods: AuthPlan['methods'] = [];
  const described: string[] = [];
  const notes: string[] = [];
  const addKey = (file: string, explicit: boolean) => {
    let text: Buffer;
    try {
      text = readLimitedSync(file, { what: 'SSH key', maxBytes: READ_LIMITS.small });
    } catch (e) {
      throw new AppFailure({
        code: 'remote-auth',
        message: `--ssh-key: cannot read ${file}: ${(e as Error).message}`,
        field: 'ssh-key',
      });
    }
    const parsed = utils.parseKey(text);
    if (parsed instanceof Error) {
      const encrypted = /encrypted|passphrase/i.test(parsed.message);
      if (!explicit && encrypted) return; // a default key we cannot use: the agent may hold it
      throw new AppFailure({
        code: 'remote-auth',
        message: encrypted
          ? `${file} is protected by a passphrase: add it to your SSH agent (ssh-add ${file}) and leave --ssh-key out.`
          : `${file} is not a private key ssh2 can read: ${parsed.message}`,
        field: 'ssh-key',
      });
    }
    methods.push({ type: 'publickey', username, key: text });
    described.push(file);
  };
  if (o.keyFile) addKey(o.keyFile, true);
  else {
    const { agent, note } = chooseSshAgent(o.env ?? process.env);
    if (agent) {
      methods.push({ type: 'agent', username, agent });
      described.push(`the SSH agent (${agent})`);
    }
    if (note) notes.push(note);
    for (const n of ['id_ed25519', 'id_rsa']) {
      const f = join(o.home ?? homedir(), '.ssh', n);
      if (existsSync(f)) addKey(f, false);
    }
  }
  if (!methods.length)
    throw new AppFailure({
      code: 'remote-auth',
      message:
        'No SSH key to offer: no SSH agent (SSH_AUTH_SOCK) and no ~/.ssh/id_ed25519 or id_rsa. Pass --ssh-key FILE.' +
        notes.map((n) => ` (${n}.)`).join(''),
      field: 'ssh-key',
    });
  return { methods, described, notes };
}

function connectError(o: SshOptions, e: Error & { level?: string; code?: string }, plan: AuthPlan): AppError {
  const where = o.target.label;
  const notes = plan.notes.map((n) => ` (${n}.)`).join('');
  if (e.level === 'client-authentication')
    return {
      code: 'remote-auth',
      message:
        `${where} refused every key we offered (${plan.described.join(', ')}) for user ${o.target.user}. ` +
        "Put the public key in the node's authorized_keys (for an administrator on Windows: " +
        'C:\\ProgramData\\ssh\\administrators_authorized_keys), or pass the right --ssh-key.' +
        notes,
    };

  if (e.code === 'ECONNREFUSED')
    return {
      code: 'remote-unreachable',
      message: `Cannot reach ${where}: connection refused (is the OpenSSH server running on port ${o.target.port}?).`,
    };
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
    return { code: 'remote-unreachable', message: `Cannot reach ${where}: no such host (${e.message}).` };
  if (e.level === 'client-timeout')
    return { code: 'remote-unreachable', message: `Cannot reach ${where}: no SSH handshake in time.` };
  return { code: 'remote-unreachable', message: `Cannot reach ${where}: ${e.message}` };
}

/** Connects and authenticates; resolves with the ssh2 client (strict host key check on the way). */
function sshConnect(o: SshOptions, probe?: (r: HostKeyReport) => void): Promise<Client> {
  const { host, port } = o.target;
  const knownHostsFile = o.knownHostsFile ?? defaultKnownHostsFile();
  const lines = readKnownHosts(knownHostsFile);
  const name = hostEntryName(host, port);
  const preferred = knownKeyTypes(lines, name).flatMap((t) => ALGOS_FOR_TYPE[t] ?? [t]);
  const plan: AuthPlan = probe ? { methods: [], described: [], notes: [] } : authPlan(o);
  let rejected: HostKeyError | undefined;
  return new Promise((resolve, reject) => {
    const client = new Client();
    const config: ConnectConfig = {
      host,
      port,
      username: o.target.user,
      readyTimeout: o.readyTimeoutMs ?? 120_000,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      // As ssh does: ask first for a key type known_hosts holds for this host (ssh2's `prepend` skips
      // algorithms already in its list, so the whole order is given).
      ...(preferred.length
        ? {
            algorithms: {
              serverHostKey: [...preferred, ...DEFAULT_HOST_KEY_ALGOS.filter((a) => !preferred.includes(a))],
            } as ConnectConfig['algorithms'],
          }
        : {}),
      authHandler: plan.methods as never,
      hostVerifier: (blob: Buffer) => {
        let key: HostKey;
        try {
          key = keyFromBlob(blob);
        } catch {
          return false;
        }
        const verdict = checkHostKey(lines, name, key);
        const report: HostKeyReport = {
          host,
          port,
          status: verdict.status,
          keyType: key.type,
          fingerprint: fingerprint(blob),
          knownHostsFile,
          line: knownHostsLine(host, port, key),
          key,
          ...(verdict.status === 'changed'
            ? { knownFingerprint: verdict.knownFingerprint, knownLine: verdict.line }
            : {}),
        };
        if (probe) {
          probe(report);
          return false;
        }
        if (o.expectFingerprint !== undefined && report.fingerprint !== o.expectFingerprint) {
          rejected = new HostKeyError(
            {
              code: 'host-key-changed',
              message: `${o.target.label} presented ${report.keyType} ${report.fingerprint}, not the key ${o.expectFingerprint} you confirmed: nothing was sent. Connect again to see and confirm the key it presents now.`,
            },
            report,
          );
          return false;
        }
        if (verdict.status === 'known') return true;
        rejected = new HostKeyError(hostKeyMessage(report), report);
        return false;
      },
    };
    client.once('ready', () => resolve(client));
    // `on`, not `once`: ssh2 can emit a second 'error' (a stale agent socket fails again while the
    // connection closes), and an 'error' nobody listens to kills the process hosting the fleet.
    client.on('error', (e: Error & { level?: string; code?: string }) => {
      // An agent that fails (a stale socket, a dead pipe) is not fatal: ssh2 goes on with the next
      // method; the failure is named if no method works.
      if (e.level === 'agent') {
        plan.notes.push(`the SSH agent failed: ${e.message}`);
        return;
      }
      client.end();
      reject(rejected ?? new AppFailure(connectError(o, e, plan)));
    });
    client.once('close', () =>
      reject(rejected ?? new AppFailure(connectError(o, new Error('closed'), plan))),
    );
    client.connect(config);
  });
}

/**
 * The node's host key and what known_hosts says about it, without authenticating: the GUI shows the
 * fingerprint, and calls pinHostKey (known-hosts.ts) only after the user confirms it.
 */
export async function probeHostKey(o: Omit<SshOptions, 'keyFile'>): Promise<HostKeyReport> {
  let report: HostKeyReport | undefined;
  await sshConnect(o, (r) => (report = r)).catch((e: unknown) => {
    if (!report) throw e;
  });
  if (!report)
    throw new AppFailure({ code: 'remote-unreachable', message: `${o.target.label} sent no host key.` });
  return report;
}

/** Opens the SSH session and starts the agent command; the streams are its stdin/stdout/stderr. */
export async function openSshStreams(o: SshOptions): Promise<AgentStreams> {
  const client = await sshConnect(o);
  const command = o.remoteAgent ?? DEFAULT_REMOTE_AGENT;
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))),
  ).catch((e: Error) => {
    client.end();
    throw new AppFailure({
      code: 'agent-unavailable',
      message: `${o.target.label} refused to run \`${command}\`: ${e.message}`,
    });
  });
  const exit = new Promise<RemoteExit>((resolve) => {
    channel.once('exit', (code: number | null, signal?: string) =>
      resolve({ code: typeof code === 'number' ? code : null, signal: signal ?? null }),
    );
    channel.once('close', () => resolve({ code: null, message: 'the SSH channel closed' }));
    client.once('close', () => resolve({ code: null, message: 'the SSH connection closed' }));
  });
  client.on('error', () => undefined); // reported through the channel's close
  return {
    readable: channel,
    writable: channel,
    stderr: channel.stderr,
    exit,
    close: () => client.end(),
  };
}

/** SSH + agent handshake: a ready AgentConnection to the node. */
export async function connectSsh(
  o: SshOptions,
  options: Partial<ConnectionOptions> = {},
): Promise<AgentConnection> {
  const streams = await openSshStreams(o);
  return AgentConnection.open(streams, {
    label: o.target.label,
    command: o.remoteAgent ?? DEFAULT_REMOTE_AGENT,
    ...options,
  });
}
