import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

// A real OpenSSH server (Debian openssh-server) for one test: its own temp dir, throw-away host and
// user keys, 127.0.0.1 on a free port. sshd resets the environment of the commands it runs, so the
// agent command carries everything on its command line (agentCommand below).

export const SSHD = '/usr/sbin/sshd';
export const sshdAvailable = (): boolean =>
  existsSync(SSHD) && spawnSync('ssh-keygen', ['-?']).error === undefined;

const REPO = resolve(__dirname, '..', '..');

export function keygen(file: string, type: 'ed25519' | 'rsa' = 'ed25519'): { key: string; pub: string } {
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'hcn-test', '-f', file], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return { key: file, pub: readFileSync(`${file}.pub`, 'utf8').trim() };
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the ")".
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface Sshd {
  port: number;
  dir: string;
  user: string;
  /** The host's public key line (type base64 comment). */
  hostPub: string;
  /** With { rsaHostKey: true }: the second host key, RSA. */
  hostRsaPub?: string;
  /** An authorized user key. */
  userKey: string;
  /** A known_hosts file that trusts this server. */
  knownHosts: string;
  log(): string;
  /** Kills the per-connection sshd processes (drops every live session, as a dead network would). */
  dropSessions(): void;
  stop(): Promise<void>;
}

export async function startSshd(options: { rsaHostKey?: boolean } = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'hcn-sshd-'));
  mkdirSync('/run/sshd', { recursive: true });
  const host = keygen(join(dir, 'host_ed25519'));
  const rsa = options.rsaHostKey ? keygen(join(dir, 'host_rsa'), 'rsa') : undefined;
  const user = keygen(join(dir, 'user_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), user.pub + '\n', { mode: 0o600 });
  const me = userInfo().username;
  const logFile = join(dir, 'sshd.log');
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${host.key}`,
        ...(rsa ? [`HostKey ${rsa.key}`] : []),
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'StrictModes no',
        'UsePAM no',
        'LogLevel VERBOSE',
        `AllowUsers ${me}`,
        '',
      ].join('\n'),
    );
    writeFileSync(logFile, '');
    const child: ChildProcess = spawn(SSHD, ['-f', config, '-E', logFile, '-D'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    // Ready when its log says so (or it died): a wait on a condition, with a generous guard.
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (Date.now() < deadline) {
      const text = readFileSync(logFile, 'utf8');
      if (text.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        ready = true;
        break;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!ready) {
      child.kill('SIGKILL');
      await exited;
      if (attempt < 3 && /Address already in use/.test(readFileSync(logFile, 'utf8'))) continue;
      throw new Error(`sshd did not start: ${readFileSync(logFile, 'utf8')}`);
    }
    const knownHosts = join(dir, 'known_hosts');
    const [type, b64] = host.pub.split(' ');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${type} ${b64}\n`);
    return {
      port,
      dir,
      user: me,
      hostPub: host.pub,
      ...(rsa ? { hostRsaPub: rsa.pub } : {}),
      userKey: user.key,
      knownHosts,
      log: () => readFileSync(logFile, 'utf8'),
      dropSessions: () => {
        // Per-connection children of our sshd (its direct children, from /proc: no procps needed);
        // the listener itself survives.
        for (const pid of childrenOf(child.pid as number)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      },
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** This repository's CLI from source as the remote agent command (sshd passes no environment). */
export function agentCommand(args: string[], options: { latencyMs?: number } = {}): string {
  const tsx = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // With a latency: the same CLI through test/support/slow-agent.ts, every simulated HNS call slowed.
  const main =
    options.latencyMs === undefined
      ? [join(REPO, 'electron', 'cli', 'main.ts')]
      : [join(REPO, 'test', 'support', 'slow-agent.ts'), String(options.latencyMs)];
  return [process.execPath, tsx, ...main, 'serve', '--stdio', ...args].map(q).join(' ');
}

/** A hostile agent (test/support/hostile-agent.cjs) as the node's remote command. */
export function hostileAgentCommand(...args: string[]): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [process.execPath, join(REPO, 'test', 'support', 'hostile-agent.cjs'), ...args].map(q).join(' ');
}
