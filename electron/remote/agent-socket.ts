import { lstatSync } from 'node:fs';
import { isAbsolute } from 'node:path';

// Which SSH agent the SSH transport may talk to. SSH_AUTH_SOCK comes from the environment, which the
// un-elevated user controls (HKCU\Environment on Windows), and ssh2 treats any value that is not a
// named pipe as a Cygwin socket file on win32: it reads that file (a UNC path makes the elevated
// process open an SMB share) and then starts `cygpath` by bare name (a cygpath.exe planted in the
// working folder runs). So on Windows only a local named pipe is used, else the Windows OpenSSH
// agent's pipe; elsewhere only an absolute path that is a socket right now.

/** The Windows OpenSSH agent service's pipe (ssh-agent.exe), what `ssh` there uses by default. */
export const WINDOWS_OPENSSH_AGENT = '\\\\.\\pipe\\openssh-ssh-agent';

/** `\\.\pipe\NAME` (either slash), with a plain name: no "..", no separator, nothing remote. */
const LOCAL_PIPE = /^[/\\]{2}\.[/\\]pipe[/\\]([A-Za-z0-9][A-Za-z0-9._-]{0,255})$/;

export interface AgentChoice {
  /** What ssh2 gets as `agent`; undefined: no agent is offered. */
  agent?: string;
  /** Why SSH_AUTH_SOCK was not used as it stands, for the error message if no key works. */
  note?: string;
}

export function chooseSshAgent(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): AgentChoice {
  const sock = env.SSH_AUTH_SOCK;
  if (platform === 'win32') {
    if (sock === undefined || sock === '') return { agent: WINDOWS_OPENSSH_AGENT };
    const m = LOCAL_PIPE.exec(sock);
    if (m && !m[1]!.includes('..')) return { agent: `\\\\.\\pipe\\${m[1]}` };
    return {
      agent: WINDOWS_OPENSSH_AGENT,
      note: `SSH_AUTH_SOCK (${JSON.stringify(sock.slice(0, 200))}) is not a local named pipe (\\\\.\\pipe\\NAME), so the Windows OpenSSH agent (${WINDOWS_OPENSSH_AGENT}) was asked instead`,
    };
  }
  if (sock === undefined || sock === '') return {};
  if (!isAbsolute(sock) || sock.includes('\0'))
    return {
      note: `SSH_AUTH_SOCK (${JSON.stringify(sock.slice(0, 200))}) is not an absolute path; the SSH agent was not used`,
    };
  try {
    if (lstatSync(sock).isSocket()) return { agent: sock };
    return { note: `SSH_AUTH_SOCK names ${sock}, which is not a socket; the SSH agent was not used` };
  } catch {
    return {
      note: `SSH_AUTH_SOCK names ${sock}, which does not exist (an SSH agent that has ended?); the SSH agent was not used`,
    };
  }
}
