import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands';
import { dockerOptionalValue } from '../../electron/cli/commands/lookup';
import { splitExceptions } from '../../electron/cli/commands/add';
import { cli, tempDir } from '../support/cli';

const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const API = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ROOT = resolve(__dirname, '../..');
const SAMPLE = join(ROOT, 'test/fixtures/snapshots/hcn-endpoints-v2.json');

describe('hcnproxyctl (in-process, simulated backend)', () => {
  it('endpoints / list / version print tables on stdout and JSON with --json', async () => {
    const d = tempDir();
    const eps = await cli(['endpoints', '--backend', 'simulated'], d);
    expect(eps.code).toBe(0);
    expect(eps.stdout).toMatch(/web-0_eth0\s+Calico\s+10\.240\.2\.7\s+1/);
    const json = await cli(['--json', 'list', WEB0], d);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      index: 0,
      policy: { outboundProxyPort: 15001 },
      flags: ['foreign-owner'],
    });
    const v = await cli(['version', '--json'], d);
    expect(JSON.parse(v.stdout)).toMatchObject({
      version: { major: 15, minor: 1 },
      l4WfpProxySupported: true,
      backend: 'simulated',
    });
  });

  it('add with every flag maps onto the model; warnings and the journal id go to stderr', async () => {
    const d = tempDir();
    const r = await cli(
      [
        'add',
        API,
        '--inbound-port',
        '15006',
        '--outbound-port',
        '15001',
        '--usersid',
        'S-1-5-32-556',
        '--localaddr',
        '10.240.2.8',
        '--remoteaddr',
        '10.0.0.0/8,192.168.1.4',
        '--localports',
        '80,8080-8090',
        '--remoteports',
        '443',
        '--priority',
        '7',
        '--protocol',
        'tcp',
        '--inbound-exceptions',
        '127.0.0.1,15021',
        '--outbound-exceptions',
        '169.254.169.254,15001',
        '--json',
      ],
      d,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.policies[0].Settings).toEqual({
      InboundProxyPort: '15006',
      OutboundProxyPort: '15001',
      FilterTuple: {
        Protocols: '6',
        LocalAddresses: '10.240.2.8',
        RemoteAddresses: '10.0.0.0/8,192.168.1.4',
        LocalPorts: '80,8080-8090',
        RemotePorts: '443',
        Priority: 7,
      },
      UserSID: 'S-1-5-32-556',
      InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15021'] },
      OutboundExceptions: { IpAddressExceptions: ['169.254.169.254'], PortExceptions: ['15001'] },
    });
    expect(r.stderr).toMatch(/warning: .*outbound proxy port 15001 is also an outbound port exception/);
    expect(r.stderr).toMatch(/journal: j-/);
  });

  it('exit 2 with the flag named for bad input; exit 1 for a failed operation; messages on stderr', async () => {
    const d = tempDir();
    const bad = await cli(['add', API, '--port', '0', '--usersid', 'bob'], d);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--port: Port must be between 1 and 65535. [port.range]');
    expect(bad.stderr).toContain('--usersid: Must be a SID');
    expect((await cli(['add', API], d)).stderr).toContain('--inbound-port: Set an inbound proxy port');
    expect((await cli(['remove', API, 'x'], d)).code).toBe(2);
    expect((await cli(['list'], d)).code).toBe(2);
    expect((await cli(['frobnicate'], d)).code).toBe(2);
    expect((await cli(['endpoints', '--backend', 'bsd'], d)).code).toBe(2);
    expect((await cli(['endpoints', '--persist'], d)).stderr).toContain('--persist needs --state');
    const missing = await cli(['list', '00000000-0000-4000-8000-000000000000'], d);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/0x80070490/);
    const gone = await cli(['remove', API, '3'], d);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('there is no policy number 3');
    const json = await cli(['restore', 'j-nope', '--json'], d);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('--state seeds without touching the file; --persist makes a sequence behave like one session', async () => {
    const d = tempDir();
    // A bare v2 capture has no HNS version (and, without L4WFPPROXY policies, nothing to infer one
    // from), so writes are refused (version gate) …
    const capture = join(d, 'capture.json');
    const bare = (
      JSON.parse(readFileSync(SAMPLE, 'utf8')) as Array<{ Policies?: Array<{ Type: string }> }>
    ).map((ep) => ({
      ...ep,
      Policies: (ep.Policies ?? []).filter((p) => p.Type.toUpperCase() !== 'L4WFPPROXY'),
    }));
    writeFileSync(capture, JSON.stringify(bare));
    const gated = await cli(
      ['add', '8192a3b4-c5d6-4e7f-9081-92a3b4c5d6e7', '--port', '8000', '--state', capture],
      d,
    );
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain('need HNS 13.2 or later');
    // … so wrap it in the app's snapshot format with the version of a Windows Server 2022 host.
    const state = join(d, 'node.json');
    writeFileSync(
      state,
      JSON.stringify({
        format: 'hcnproxy-snapshot',
        version: 1,
        capturedAt: new Date().toISOString(),
        source: { backend: 'windows', description: 'test' },
        networks: [],
        namespaces: [],
        endpoints: JSON.parse(readFileSync(SAMPLE, 'utf8')),
        hnsVersion: { major: 13, minor: 2 },
      }),
    );
    const before = readFileSync(state, 'utf8');
    const ep = '8192A3B4-C5D6-4E7F-9081-92A3B4C5D6E7';
    expect((await cli(['add', ep, '--port', '8000', '--usersid', 'system', '--state', state], d)).code).toBe(
      0,
    );
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(
      (await cli(['add', ep, '--port', '8000', '--usersid', 'system', '--state', state, '--persist'], d))
        .code,
    ).toBe(0);
    const listed = await cli(['list', ep, '--state', state, '--json'], d);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    const cleared = await cli(['clear', ep, '--state', state, '--persist'], d);
    expect(cleared.stdout).toContain('Removed 1 policy');
    const id = /journal: (j-\S+)/.exec(cleared.stderr)?.[1];
    expect(id).toBeTruthy();
    expect(JSON.parse((await cli(['list', ep, '--state', state, '--json'], d)).stdout)).toHaveLength(0);
    expect((await cli(['restore', id as string, '--state', state, '--persist'], d)).stdout).toContain(
      'Restored 1 policy',
    );
    expect(JSON.parse((await cli(['list', ep, '--state', state, '--json'], d)).stdout)).toHaveLength(1);
    // The first add (no --persist) was a what-if: not journalled. The rest name the state file and are
    // listed with it, not on the live node.
    const j = await cli(['journal', '--state', state, '--json'], d);
    expect(JSON.parse(j.stdout).map((e: { operation: string }) => e.operation)).toEqual([
      'restore',
      'clear',
      'add',
    ]);
    expect(JSON.parse((await cli(['journal', '--json'], d)).stdout)).toEqual([]);
    expect((await cli(['clear', ep, '--state', state], d)).code).toBe(0);
  });

  it('remove takes the number list shows; clear keeps mesh-owned policies unless --include-foreign', async () => {
    const d = tempDir();
    const kept = await cli(['clear', WEB0], d);
    expect(kept.stdout).toContain('Nothing to clear');
    expect(kept.stderr).toMatch(/Istio.*--include-foreign/);
    expect((await cli(['clear', WEB0, '--include-foreign'], d)).stdout).toContain('Removed 1 policy');
    expect((await cli(['remove', WEB0, '0'], d)).stdout).toContain('Removed policy 0');
  });

  it('bulk add: one line per endpoint, exit 1 when any failed', async () => {
    const d = tempDir();
    const r = await cli(
      ['add', API, '00000000-0000-4000-8000-000000000000', '--port', '8000', '--usersid', 'system'],
      d,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 added, 1 failed/);
  });

  it('help lists every registered command; lookup parses --docker with or without a URL', async () => {
    const d = tempDir();
    const h = await cli(['--help'], d);
    for (const c of COMMANDS) expect(h.stdout).toContain(c.usage);
    expect((await cli(['help', 'add'], d)).stdout).toContain('--inbound-exceptions');
    // diagnose and explain are ordinary commands: same runner, globals, help and exit codes.
    expect((await cli(['help', 'explain'], d)).stdout).toContain('--flow TEXT');
    const diag = await cli(['diagnose', '--all', '--json', '--backend', 'simulated'], d);
    expect(diag.code).toBe(0);
    expect(JSON.parse(diag.stdout)).toMatchObject({ endpointsChecked: 5 });
    expect((await cli(['explain', WEB0], d)).code).toBe(2);
    expect(dockerOptionalValue(['abc', '--docker'])).toEqual(['abc', '--docker=']);
    expect(dockerOptionalValue(['--docker', 'abc'])).toEqual(['--docker=', 'abc']);
    expect(dockerOptionalValue(['abc', '--docker', 'unix:///var/run/docker.sock'])).toEqual([
      'abc',
      '--docker=unix:///var/run/docker.sock',
    ]);
    expect(splitExceptions('127.0.0.1, 15090,fd00::1,80-90')).toEqual({
      ipAddresses: ['127.0.0.1', 'fd00::1'],
      ports: ['15090', '80-90'],
    });
  });
});
