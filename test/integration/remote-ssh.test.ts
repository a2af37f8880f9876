import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { createAppCore } from '../../electron/ipc/app-core';
import { pinHostKey } from '../../electron/remote/known-hosts';
import { parseNodeTarget } from '../../electron/remote/node-target';
import { RemoteRouter } from '../../electron/remote/remote-router';
import { connectSsh, probeHostKey, type SshTarget } from '../../electron/remote/ssh-transport';
import { ledgerHasClaim } from '../support/agent-ledger';
import {
  agentCommand,
  hostileAgentCommand,
  keygen,
  sshdAvailable,
  startSshd,
  type Sshd,
} from '../support/sshd';

// A real OpenSSH server on 127.0.0.1 per test, and this repository's CLI (serve --stdio) as the agent
// behind it, on a simulated node whose state and journal are files in the test's temp dir.

const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const GUARD = 400_000;

interface Node {
  sshd: Sshd;
  state: string;
  journal: string;
  agent: string;
  url: string;
  /** The CLI with --node and this node's key files (extra args go first). */
  cli(args: string[], extra?: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

async function withNode(
  fn: (n: Node) => Promise<void>,
  agentArgs: string[] = [],
  options: { rsaHostKey?: boolean; latencyMs?: number } = {},
): Promise<void> {
  const sshd = await startSshd(options.rsaHostKey ? { rsaHostKey: true } : {});
  try {
    // The node's HNS: the demo data exported as a state file (HNS 15.1, so writes are allowed).
    const seed = await createAppCore({ backend: 'simulated', journalPath: join(sshd.dir, 'seed.jsonl') });
    const exp = await seed.route('snapshot.export', {});
    await seed.close();
    if (!exp.ok) throw new Error(exp.error.message);
    const state = join(sshd.dir, 'node-state.json');
    writeFileSync(state, (exp.value as { content: string }).content);
    const journal = join(sshd.dir, 'node-journal.jsonl');
    const agent = agentCommand(
      ['--backend', 'simulated', '--state', state, '--persist', '--journal', journal, ...agentArgs],
      options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs },
    );
    const url = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`;
    const cli = async (args: string[], extra?: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(
        [
          ...args,
          '--node',
          url,
          ...(extra ?? [
            '--ssh-key',
            sshd.userKey,
            '--ssh-known-hosts',
            sshd.knownHosts,
            '--remote-agent',
            agent,
          ]),
        ],
        { stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n') },
      );
      return { code, stdout, stderr };
    };
    await fn({ sshd, state, journal, agent, url, cli });
  } finally {
    await sshd.stop();
  }
}

/** The fingerprint as OpenSSH itself prints it (an independent check of ours). */
function opensshFingerprint(pubLine: string, dir: string): string {
  const f = join(dir, 'fp.pub');
  writeFileSync(f, pubLine + '\n');
  const out = spawnSync('ssh-keygen', ['-lf', f], { encoding: 'utf8' }).stdout;
  return out.split(' ')[1] as string;
}

const journalOps = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; operation: string; endpointId: string; outcome: string });

describe.skipIf(!sshdAvailable())('SSH transport against a real OpenSSH server', () => {
  it(
    'list, add, remove, clear, restore and diagnose run on the remote node, journalled there',
    () =>
      withNode(async (n) => {
        const add = await n.cli([
          'add',
          EP,
          '--inbound-port',
          '24242',
          '--outbound-port',
          '24243',
          '--usersid',
          'system',
        ]);
        expect(add.code).toBe(0);
        expect(add.stderr).toMatch(/^journal: j-/m);
        const list = await n.cli(['list', EP, '--json']);
        expect(list.code).toBe(0);
        const policies = JSON.parse(list.stdout) as unknown[];
        expect(JSON.stringify(policies.at(-1))).toContain('24242');
        // The node's own state file changed (the agent persisted it), not anything local.
        expect(readFileSync(n.state, 'utf8')).toContain('24242');

        const remove = await n.cli(['remove', EP, String(policies.length - 1)]);
        expect(remove.code).toBe(0);
        expect(readFileSync(n.state, 'utf8')).not.toContain('24242');
        const clear = await n.cli(['clear', EP, '--include-foreign', '--json']);
        expect(clear.code).toBe(0);
        const cleared = JSON.parse(clear.stdout) as { journalId: string; count: number };
        expect(cleared.count).toBeGreaterThan(0);
        const restore = await n.cli(['restore', cleared.journalId]);
        expect(restore.code).toBe(0);
        const after = JSON.parse((await n.cli(['list', EP, '--json'])).stdout) as unknown[];
        expect(after).toHaveLength(cleared.count);

        const ops = journalOps(n.journal);
        expect(ops.map((o) => o.operation)).toEqual(['add', 'remove', 'clear', 'restore']);
        expect(ops.every((o) => o.endpointId === EP && o.outcome === 'ok')).toBe(true);
        // Each entry names who asked, as the client said it (a claim), beside the account the agent ran as.
        const first = JSON.parse(readFileSync(n.journal, 'utf8').split('\n')[0]!) as Record<string, unknown>;
        expect(first.requestedBy).toEqual({
          user: userInfo().username,
          host: hostname(),
          app: expect.stringMatching(/^hcn-proxy-control \d/),
          claimed: true,
        });
        expect(first.user).toBe(userInfo().username);

        const journal = await n.cli(['journal', '--json']);
        expect(journal.code).toBe(0);
        expect((JSON.parse(journal.stdout) as Array<{ id: string }>).map((e) => e.id)).toEqual(
          ops.map((o) => o.id).reverse(),
        );

        const diag = await n.cli(['diagnose', '--all', '--json']);
        expect(diag.code).toBe(0);
        expect(JSON.parse(diag.stdout)).toMatchObject({ findings: expect.any(Array) });
        // Every session was a real SSH login (one per CLI run).
        expect(n.sshd.log().match(/Accepted publickey for /g)?.length).toBe(8);
      }),
    GUARD,
  );

  it(
    'refuses an unknown host key with its SHA256 fingerprint (as ssh-keygen prints it) and what to do',
    () =>
      withNode(async (n) => {
        const empty = join(n.sshd.dir, 'empty_known_hosts');
        writeFileSync(empty, '');
        const r = await n.cli(
          ['endpoints'],
          ['--ssh-key', n.sshd.userKey, '--ssh-known-hosts', empty, '--remote-agent', n.agent],
        );
        expect(r.code).toBe(1);
        const fp = opensshFingerprint(n.sshd.hostPub, n.sshd.dir);
        expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
        expect(r.stderr).toContain(
          `hcnproxyctl: The host key of [127.0.0.1]:${n.sshd.port} is not in ${empty}: the node presented ssh-ed25519 ${fp}.`,
        );
        // Checked against the node's own key, read on the node: never "trust what ssh-keyscan returns"
        // over the same network.
        expect(r.stderr).toContain('ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub');
        expect(r.stderr).not.toContain('ssh-keyscan');
        expect(r.stderr).toContain(
          `only if it matches, append this line to ${empty}: [127.0.0.1]:${n.sshd.port} ${n.sshd.hostPub.split(' ').slice(0, 2).join(' ')}`,
        );
        // Nothing was authenticated, nothing ran.
        expect(n.sshd.log()).not.toMatch(/Accepted publickey/);
        expect(existsSync(n.journal)).toBe(false);
      }),
    GUARD,
  );

  it(
    'the GUI path: probe shows the fingerprint, pinHostKey trusts it after confirmation; hashed entries work',
    () =>
      withNode(async (n) => {
        const kh = join(n.sshd.dir, 'gui_known_hosts');
        const target = parseNodeTarget(n.url) as SshTarget;
        const probe = await probeHostKey({ target, knownHostsFile: kh });
        expect(probe).toMatchObject({
          status: 'unknown',
          keyType: 'ssh-ed25519',
          fingerprint: opensshFingerprint(n.sshd.hostPub, n.sshd.dir),
        });
        pinHostKey({ file: kh, host: '127.0.0.1', port: n.sshd.port, key: probe.key, hashed: true });
        expect(readFileSync(kh, 'utf8')).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
        expect((await probeHostKey({ target, knownHostsFile: kh })).status).toBe('known');
        // OpenSSH's own lookup finds our hashed line too (ssh-keygen -F).
        const found = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${n.sshd.port}`, '-f', kh], {
          encoding: 'utf8',
        });
        expect(found.status).toBe(0);
        // And a file hashed by OpenSSH (ssh-keygen -H) is read by us.
        const byOpenssh = join(n.sshd.dir, 'hashed_known_hosts');
        writeFileSync(byOpenssh, readFileSync(n.sshd.knownHosts));
        expect(spawnSync('ssh-keygen', ['-H', '-f', byOpenssh]).status).toBe(0);
        const conn = await connectSsh({
          target,
          keyFile: n.sshd.userKey,
          knownHostsFile: byOpenssh,
          remoteAgent: n.agent,
        });
        expect(conn.handshake).toMatchObject({ protocol: 1, os: { platform: process.platform } });
        conn.close();
      }),
    GUARD,
  );

  it(
    'asks the server for the key type known_hosts holds (an RSA-only entry works when the server also has ed25519)',
    () =>
      withNode(
        async (n) => {
          const kh = join(n.sshd.dir, 'rsa_only_known_hosts');
          writeFileSync(
            kh,
            `[127.0.0.1]:${n.sshd.port} ${n.sshd.hostRsaPub!.split(' ').slice(0, 2).join(' ')}\n`,
          );
          const r = await n.cli(
            ['version'],
            ['--ssh-key', n.sshd.userKey, '--ssh-known-hosts', kh, '--remote-agent', n.agent],
          );
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          expect(r.stdout).toMatch(/^hcnproxyctl 0\.1\.0/);
        },
        [],
        { rsaHostKey: true },
      ),
    GUARD,
  );

  it(
    'default keys: the SSH agent (SSH_AUTH_SOCK) first, else ~/.ssh/id_ed25519; a stale agent socket is a message, not a crash',
    () =>
      withNode(async (n) => {
        const target = parseNodeTarget(n.url) as SshTarget;
        const emptyHome = join(n.sshd.dir, 'home-empty');
        const sock = join(n.sshd.dir, 'agent.sock');
        const agent = spawnSync('ssh-agent', ['-a', sock], { encoding: 'utf8' });
        const agentPid = /SSH_AGENT_PID=(\d+)/.exec(agent.stdout)?.[1];
        try {
          expect(
            spawnSync('ssh-add', [n.sshd.userKey], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status,
          ).toBe(0);
          const viaAgent = await connectSsh({
            target,
            knownHostsFile: n.sshd.knownHosts,
            remoteAgent: n.agent,
            env: { SSH_AUTH_SOCK: sock },
            home: emptyHome,
          });
          expect(viaAgent.handshake.protocol).toBe(1);
          viaAgent.close();
        } finally {
          // SIGKILL: the agent cannot remove its socket, which stays behind, stale (as after a crash).
          if (agentPid) process.kill(Number(agentPid), 'SIGKILL');
        }
        await expect
          .poll(() => spawnSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status)
          .toBe(2);
        expect(existsSync(sock)).toBe(true);
        // Only the stale agent to offer: the failure says so (no uncaught 'error' event ends the process).
        await expect(
          connectSsh({
            target,
            knownHostsFile: n.sshd.knownHosts,
            remoteAgent: n.agent,
            env: { SSH_AUTH_SOCK: sock },
            home: emptyHome,
          }),
        ).rejects.toMatchObject({
          error: { code: 'remote-auth', message: expect.stringContaining('(the SSH agent failed: ') },
        });
        const saved = { sock: process.env.SSH_AUTH_SOCK, home: process.env.HOME };
        process.env.SSH_AUTH_SOCK = sock;
        process.env.HOME = emptyHome;
        try {
          const cli = await n.cli(
            ['version'],
            ['--ssh-known-hosts', n.sshd.knownHosts, '--remote-agent', n.agent],
          );
          expect(cli.code).toBe(1);
          expect(cli.stderr).toMatch(
            /^hcnproxyctl: .* refused every key we offered \(the SSH agent \(.*\)\) .*\(the SSH agent failed: .*\)\n$/s,
          );
        } finally {
          for (const [k, v] of [
            ['SSH_AUTH_SOCK', saved.sock],
            ['HOME', saved.home],
          ] as const)
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        const home = join(n.sshd.dir, 'home');
        mkdirSync(join(home, '.ssh'), { recursive: true });
        copyFileSync(n.sshd.userKey, join(home, '.ssh', 'id_ed25519'));
        const viaFile = await connectSsh({
          target,
          knownHostsFile: n.sshd.knownHosts,
          remoteAgent: n.agent,
          env: {},
          home,
        });
        expect(viaFile.handshake.protocol).toBe(1);
        viaFile.close();
        // The stale agent fails, the key file behind it still logs in.
        const pastStale = await connectSsh({
          target,
          knownHostsFile: n.sshd.knownHosts,
          remoteAgent: n.agent,
          env: { SSH_AUTH_SOCK: sock },
          home,
        });
        expect(pastStale.handshake.protocol).toBe(1);
        pastStale.close();
        // The GUI connects only to the key the user confirmed, whatever known_hosts says now.
        await expect(
          connectSsh({
            target,
            knownHostsFile: n.sshd.knownHosts,
            remoteAgent: n.agent,
            env: {},
            home,
            expectFingerprint: 'SHA256:the-key-the-user-confirmed',
          }),
        ).rejects.toMatchObject({
          error: {
            code: 'host-key-changed',
            message: expect.stringContaining('not the key SHA256:the-key-the-user-confirmed you confirmed'),
          },
        });
        await expect(
          connectSsh({
            target,
            knownHostsFile: n.sshd.knownHosts,
            remoteAgent: n.agent,
            env: {},
            home: emptyHome,
          }),
        ).rejects.toMatchObject({
          error: {
            code: 'remote-auth',
            message:
              'No SSH key to offer: no SSH agent (SSH_AUTH_SOCK) and no ~/.ssh/id_ed25519 or id_rsa. Pass --ssh-key FILE.',
          },
        });
      }),
    GUARD,
  );

  it(
    'refuses a changed host key, of the same or of another type, as OpenSSH does, naming both fingerprints and the line',
    () =>
      withNode(async (n) => {
        // Only an RSA key is on file: the node's ed25519 key is a changed identity, not a new host.
        const rsa = keygen(join(n.sshd.dir, 'rsa_host'), 'rsa');
        const rsaOnly = join(n.sshd.dir, 'rsa_known_hosts');
        writeFileSync(rsaOnly, `[127.0.0.1]:${n.sshd.port} ${rsa.pub.split(' ').slice(0, 2).join(' ')}\n`);
        const typed = await n.cli(
          ['endpoints'],
          ['--ssh-key', n.sshd.userKey, '--ssh-known-hosts', rsaOnly, '--remote-agent', n.agent],
        );
        expect(typed.code).toBe(1);
        expect(typed.stderr).toContain(
          `hcnproxyctl: REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.1]:${n.sshd.port}: ${rsaOnly} line 1 holds ${opensshFingerprint(rsa.pub, n.sshd.dir)}, ` +
            `the node presented ssh-ed25519 ${opensshFingerprint(n.sshd.hostPub, n.sshd.dir)}.`,
        );

        const other = keygen(join(n.sshd.dir, 'other_host'));
        const kh = join(n.sshd.dir, 'stale_known_hosts');
        writeFileSync(
          kh,
          `# old\n[127.0.0.1]:${n.sshd.port} ${other.pub.split(' ').slice(0, 2).join(' ')}\n`,
        );
        const r = await n.cli(
          ['endpoints'],
          ['--ssh-key', n.sshd.userKey, '--ssh-known-hosts', kh, '--remote-agent', n.agent],
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
          `REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.1]:${n.sshd.port}: ${kh} line 2 holds ${opensshFingerprint(other.pub, n.sshd.dir)}, ` +
            `the node presented ssh-ed25519 ${opensshFingerprint(n.sshd.hostPub, n.sshd.dir)}.`,
        );
        expect(r.stderr).toContain(`ssh-keygen -R '[127.0.0.1]:${n.sshd.port}' -f ${kh}`);
        expect(r.stderr).not.toContain('ssh-keyscan');
        expect(n.sshd.log()).not.toMatch(/Accepted publickey/);
      }),
    GUARD,
  );

  it(
    'a hostile node: silent (--timeout, exit 1), a 100 MB answer (cut off), a forged ledger result (contract check)',
    () =>
      withNode(async (n) => {
        const base = ['--ssh-key', n.sshd.userKey, '--ssh-known-hosts', n.sshd.knownHosts];
        const silent = await n.cli(
          ['endpoints'],
          [...base, '--timeout', '1', '--remote-agent', hostileAgentCommand('silent')],
        );
        expect(silent.code).toBe(1);
        expect(silent.stderr).toBe(`hcnproxyctl: ${n.url} did not answer endpoints.list in time (1 s).\n`);
        const bad = await n.cli(['endpoints'], [...base, '--timeout', 'soon', '--remote-agent', n.agent]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toBe(
          'hcnproxyctl: --timeout: expected seconds between 0 and 86400, got "soon".\n',
        );

        const big = await n.cli(
          ['endpoints'],
          [...base, '--remote-agent', hostileAgentCommand('big', '100')],
        );
        expect(big.code).toBe(1);
        expect(big.stderr).toContain(`${n.url} sent a line longer than ${8 * 1024 * 1024} bytes`);

        const dir = join(n.sshd.dir, 'fake-done');
        mkdirSync(dir);
        const forged = await n.cli(
          ['add', EP, '--inbound-port', '15006', '--outbound-port', '15001'],
          [...base, '--remote-agent', hostileAgentCommand('fake-done', dir)],
        );
        expect(forged.code).toBe(1);
        expect(forged.stderr).toContain(
          `The agent on ${n.url} answered policies.add with data that breaks the contract:`,
        );
        expect(forged.stdout).not.toContain('FORGED');
      }),
    GUARD,
  );

  it(
    'a user key the node does not authorize: says which keys were offered and where the node reads them',
    () =>
      withNode(async (n) => {
        const stranger = keygen(join(n.sshd.dir, 'stranger'));
        const r = await n.cli(
          ['endpoints'],
          ['--ssh-key', stranger.key, '--ssh-known-hosts', n.sshd.knownHosts, '--remote-agent', n.agent],
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `hcnproxyctl: ${n.url} refused every key we offered (${stranger.key}) for user ${n.sshd.user}. ` +
            "Put the public key in the node's authorized_keys (for an administrator on Windows: " +
            'C:\\ProgramData\\ssh\\administrators_authorized_keys), or pass the right --ssh-key.\n',
        );
      }),
    GUARD,
  );

  it(
    'agent missing on the node: names the remote command and the shell exit code 127',
    () =>
      withNode(async (n) => {
        const r = await n.cli(
          ['endpoints'],
          [
            '--ssh-key',
            n.sshd.userKey,
            '--ssh-known-hosts',
            n.sshd.knownHosts,
            '--remote-agent',
            'hcnproxyctl-not-installed.exe serve --stdio',
          ],
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(
            `^hcnproxyctl: The agent did not start on ${n.url.replace(/[/.]/g, '\\$&')}: \`hcnproxyctl-not-installed\\.exe serve --stdio\` ` +
              'exited with code 127 \\(the shell found no such command on the node\\) before the handshake\\. ' +
              'It printed: .*hcnproxyctl-not-installed\\.exe: (command )?not found',
          ),
        );
        expect(r.stderr).toContain('or name its command with --remote-agent.');
      }),
    GUARD,
  );

  it(
    'connection dropped in the middle of a change: the change completes and is journalled on the node, and the app says so after reconnecting',
    () =>
      withNode(
        async (n) => {
          const target = parseNodeTarget(n.url) as SshTarget;
          const notes: string[] = [];
          let connects = 0;
          const router = new RemoteRouter(
            {
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
            },
            (t) => notes.push(t),
            { pollMs: 100 },
          );
          // Warm up: the first connection is up before the change starts.
          expect((await router.route('hns.info', {})).ok).toBe(true);
          const ledgerDir = join(n.sshd.dir, 'agent-requests');
          const change = router.route('policies.add', {
            endpointId: EP,
            policy: { inboundProxyPort: 24242, outboundProxyPort: 24243, userSid: 'S-1-5-18' },
          });
          // Drop the session once the agent has claimed the change (its ledger file exists): the change
          // is then certainly in flight on the node. A condition, not a timer.
          await expect
            .poll(() => ledgerHasClaim(ledgerDir), {
              timeout: 120_000,
              message: 'the agent never claimed the change',
            })
            .toBe(true);
          n.sshd.dropSessions();
          const r = await change;
          expect(connects).toBe(2);
          expect(r).toMatchObject({
            ok: true,
            value: { operation: 'add', journalId: expect.stringMatching(/^j-/) },
          });
          const journalId = (r as { value: { journalId: string } }).value.journalId;
          expect(notes).toHaveLength(1);
          expect(notes[0]).toMatch(
            new RegExp(
              `^The connection to ${target.label.replace(/[/.]/g, '\\$&')} dropped; reconnected and asked the node: ` +
                `policies\\.add \\(request [0-9a-f]{12}-2\\) was applied on .* before the connection dropped; journal entry ${journalId}\\.$`,
            ),
          );
          // Applied exactly once, journalled on the node, persisted in its state.
          const adds = journalOps(n.journal).filter((o) => o.operation === 'add');
          expect(adds.map((a) => a.id)).toEqual([journalId]);
          expect(readFileSync(n.state, 'utf8')).toContain('24242');
          await router.close();
        },
        [],
        { latencyMs: 300 },
      ),
    GUARD,
  );
});
