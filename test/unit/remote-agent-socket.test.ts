import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSshAgent, WINDOWS_OPENSSH_AGENT } from '../../electron/remote/agent-socket';

// SSH_AUTH_SOCK is the un-elevated user's to set. ssh2 on win32 treats anything that is not
// `\\.\pipe\...` (its own test: /^[/\\][/\\]\.[/\\]pipe[/\\].+/) as a Cygwin socket file: it reads that
// path (a UNC path reaches a remote share) and starts `cygpath` by bare name. So every value the
// transport hands ssh2 on win32 must be a local pipe with a plain name.

const SSH2_PIPE = /^[/\\][/\\]\.[/\\]pipe[/\\].+/;

describe('SSH_AUTH_SOCK on Windows: only a local named pipe, else the OpenSSH agent pipe', () => {
  const hostile = [
    '/tmp/ssh-XXXX/agent.123', // Git Bash's eval $(ssh-agent)
    'C:\\Users\\me\\.ssh\\agent.sock',
    '\\\\evil.example\\share\\agent',
    '//evil.example/share/agent',
    '\\\\?\\UNC\\evil\\share\\x',
    '\\\\.\\pipe\\..\\UNC\\evil\\pipe\\x',
    '\\\\.\\pipe\\a\\..\\..\\UNC\\evil\\x',
    '\\\\.\\pipe\\..',
    '\\\\.\\GLOBALROOT\\Device\\Mup\\evil\\x',
    '\\\\localhost\\pipe\\openssh-ssh-agent',
    'pageant',
    'cygpath',
    '\\\\.\\pipe\\x\u0000y',
    '\\\\.\\pipe\\evil.example@x',
  ];
  it.each(hostile)('%j becomes the OpenSSH agent pipe, with a note', (value) => {
    const c = chooseSshAgent({ SSH_AUTH_SOCK: value }, 'win32');
    expect(c.agent).toBe(WINDOWS_OPENSSH_AGENT);
    expect(c.agent).toMatch(SSH2_PIPE);
    expect(c.note).toContain('is not a local named pipe');
  });

  it('what ssh2 itself makes of it on win32: its OpenSSH (pipe) agent, never its Cygwin agent', () => {
    // ssh2 decides by process.platform when the agent is created; nothing runs until it is used.
    const { createAgent, CygwinAgent, OpenSSHAgent } = createRequire(__filename)('ssh2/lib/agent.js') as {
      createAgent(path: string): object;
      CygwinAgent: new (...a: unknown[]) => object;
      OpenSSHAgent: new (...a: unknown[]) => object;
    };
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      for (const value of hostile) {
        // The control: a value ssh2 does not take for a pipe would have made it read a file and start
        // cygpath; the pipe-looking ones ("..", NUL, "@") would have been dialled as they are.
        if (!SSH2_PIPE.test(value) && value !== 'pageant')
          expect(createAgent(value)).toBeInstanceOf(CygwinAgent);
        const chosen = createAgent(chooseSshAgent({ SSH_AUTH_SOCK: value }, 'win32').agent!);
        expect(chosen).toBeInstanceOf(OpenSSHAgent);
        expect(chosen).not.toBeInstanceOf(CygwinAgent);
      }
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it('keeps a local pipe (either slash), and defaults to the OpenSSH agent', () => {
    expect(chooseSshAgent({ SSH_AUTH_SOCK: '\\\\.\\pipe\\my-agent.1' }, 'win32')).toEqual({
      agent: '\\\\.\\pipe\\my-agent.1',
    });
    expect(chooseSshAgent({ SSH_AUTH_SOCK: '//./pipe/openssh-ssh-agent' }, 'win32')).toEqual({
      agent: WINDOWS_OPENSSH_AGENT,
    });
    expect(chooseSshAgent({}, 'win32')).toEqual({ agent: WINDOWS_OPENSSH_AGENT });
    expect(WINDOWS_OPENSSH_AGENT).toBe('\\\\.\\pipe\\openssh-ssh-agent');
  });
});

// A listening socket being used: test/integration/remote-agent-socket.test.ts.
describe('SSH_AUTH_SOCK elsewhere: an absolute path that is a socket now', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hcn-agent-sock-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing socket, a plain file or a relative path is not used, and the note says why', () => {
    expect(chooseSshAgent({ SSH_AUTH_SOCK: join(dir, 'gone.sock') }, 'linux')).toEqual({
      note: `SSH_AUTH_SOCK names ${join(dir, 'gone.sock')}, which does not exist (an SSH agent that has ended?); the SSH agent was not used`,
    });
    writeFileSync(join(dir, 'file'), 'x');
    expect(chooseSshAgent({ SSH_AUTH_SOCK: join(dir, 'file') }, 'linux').note).toContain(
      'which is not a socket',
    );
    expect(chooseSshAgent({ SSH_AUTH_SOCK: 'agent.sock' }, 'linux').note).toContain(
      'is not an absolute path',
    );
    expect(chooseSshAgent({}, 'linux')).toEqual({});
  });
});
