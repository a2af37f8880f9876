import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSshAgent } from '../../electron/remote/agent-socket';

// SSH_AUTH_SOCK naming a socket something listens on is used (the refusals are unit tests:
// test/unit/remote-agent-socket.test.ts).

describe('SSH_AUTH_SOCK elsewhere: an absolute path that is a socket now', () => {
  let dir: string;
  let server: Server | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hcn-agent-sock-'));
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')('a listening socket is used', async () => {
    const path = join(dir, 'agent.sock');
    server = createServer();
    await new Promise<void>((r) => server!.listen(path, r));
    expect(chooseSshAgent({ SSH_AUTH_SOCK: path }, 'linux')).toEqual({ agent: path });
  });
});
