import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { WatchBatch, WatchEvent } from '../../electron/core/watch/event-schema';
import { WatchFollower, type FollowItem, type WatchAsk } from '../../electron/core/watch/follow';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { parseNodeTarget } from '../../electron/remote/node-target';
import { RemoteRouter } from '../../electron/remote/remote-router';
import { connectSsh, type SshTarget } from '../../electron/remote/ssh-transport';
import { ok } from '../support/result';
import { agentCommand, sshdAvailable, startSshd, type Sshd } from '../support/sshd';
import { API } from '../support/temp-core';

// watch against a real OpenSSH server, this repository's CLI (serve --stdio) as the agent behind it, on
// a simulated node whose state is a file in the test's temp dir (the agent follows it on disk).

const GUARD = 300_000;
const ISTIO = { inboundProxyPort: 15006, outboundProxyPort: 15001 };

interface Node {
  sshd: Sshd;
  state: string;
  agent: string;
  url: string;
}

async function withNode(fn: (n: Node) => Promise<void>): Promise<void> {
  const sshd = await startSshd();
  try {
    const seed = await createAppCore({ backend: 'simulated', journalPath: join(sshd.dir, 'seed.jsonl') });
    const exp = ok<{ content: string }>(await seed.route('snapshot.export', {}));
    await seed.close();
    const state = join(sshd.dir, 'node-state.json');
    writeFileSync(state, exp.content);
    const agent = agentCommand([
      '--backend',
      'simulated',
      '--state',
      state,
      '--persist',
      '--journal',
      join(sshd.dir, 'node-journal.jsonl'),
    ]);
    await fn({ sshd, state, agent, url: `ssh://${sshd.user}@127.0.0.1:${sshd.port}` });
  } finally {
    await sshd.stop();
  }
}

/** Another writer on the node: a core saving to the same state file (as a second process would). */
async function writeOnNode(n: Node, change: (route: AppCore['route']) => Promise<unknown>) {
  const other = await createAppCore({
    backend: 'simulated',
    stateFile: n.state,
    persist: true,
    journalPath: join(n.sshd.dir, 'other-journal.jsonl'),
  });
  try {
    await change(other.route);
  } finally {
    await other.close();
  }
}

describe.skipIf(!sshdAvailable())('watch against a real OpenSSH server', () => {
  it(
    'hcnproxyctl watch --node ssh://… --json: the watching line, then the change another writer made on the node',
    () =>
      withNode(async (n) => {
        const lines: string[] = [];
        let acting: Promise<void> | undefined;
        const stop = new AbortController();
        const code = await runCli(
          [
            'watch',
            '--json',
            '--interval',
            '0.2',
            '--events',
            '1',
            '--node',
            n.url,
            '--ssh-key',
            n.sshd.userKey,
            '--ssh-known-hosts',
            n.sshd.knownHosts,
            '--remote-agent',
            n.agent,
          ],
          {
            stdout: (t) => {
              lines.push(t);
              if (lines.length === 1)
                acting = writeOnNode(n, async (route) => {
                  ok(await route('policies.add', { endpointId: API, policy: ISTIO }));
                }).catch((e: unknown) => {
                  stop.abort();
                  throw e;
                });
            },
            stderr: () => undefined,
          },
          { signal: stop.signal },
        );
        await acting;
        expect(code).toBe(0);
        const [first, ...rest] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(first).toMatchObject({
          type: 'watching',
          node: expect.stringMatching(/^file:.*node-state\.json$/),
        });
        const events = rest as unknown as WatchEvent[];
        expect(events.map((e) => [e.seq, e.type, e.endpoint.id, e.policy?.summary, e.by?.kind])).toEqual([
          [1, 'policy-added', API, 'inbound → 15006, outbound → 15001', 'external'],
        ]);
      }),
    GUARD,
  );

  it(
    'the SSH session dropped under a long poll: a new agent answers "restarted", and the change made in the gap is reported once',
    () =>
      withNode(async (n) => {
        const target = parseNodeTarget(n.url) as SshTarget;
        let connects = 0;
        const router = new RemoteRouter({
          label: target.label,
          connect: () => {
            connects++;
            return connectSsh({
              target,
              keyFile: n.sshd.userKey,
              knownHostsFile: n.sshd.knownHosts,
              remoteAgent: n.agent,
            });
          },
        });
        try {
          const ask = async (input: WatchAsk) => ok<WatchBatch>(await router.route('watch.events', input));
          // Reads only when its 30 s wait is over: the change below is not seen by this agent's watch.
          const follower = new WatchFollower(ask, 600_000, 30_000);
          await follower.start();
          const pending = follower.next();
          ok(await router.route('policies.add', { endpointId: API, policy: ISTIO }));
          n.sshd.dropSessions();
          const items: FollowItem[] = await pending;
          expect(connects).toBe(2);
          expect(items[0]).toMatchObject({ type: 'restarted', resumed: 1 });
          const resumed = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
          expect(resumed.map((e) => [e.type, e.endpoint.id, e.policy?.summary, e.resumed])).toEqual([
            ['policy-added', API, 'inbound → 15006, outbound → 15001', true],
          ]);
          // The new watch goes on from there: its next change is numbered 1, the gap's not repeated.
          follower.waitMs = 1000;
          ok(await router.route('policies.remove', { endpointId: API, index: 0, force: true }));
          let after: WatchEvent[] = [];
          while (after.length === 0)
            after = (await follower.next()).flatMap((i) => (i.type === 'event' ? [i.event] : []));
          expect(after.map((e) => [e.seq, e.type, e.endpoint.id])).toEqual([[1, 'policy-removed', API]]);
        } finally {
          await router.close();
        }
      }),
    GUARD,
  );
});
