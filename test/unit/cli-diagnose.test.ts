import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../native/backend';
import type { HnsClient } from '../../native/hns-client';
import { runDiagnose } from '../../electron/cli/commands/diagnose';
import { runExplain } from '../../electron/cli/commands/explain';
import { runCli } from '../../electron/cli/run';
import { DiagnosticsReportSchema, FlowExplanationSchema } from '../../electron/core/views';
import { journalEntry, MISCONFIGURED, SEEDED } from './diagnostics-helpers';
import { countingHns } from '../support/counting-hns';

let hns: HnsClient;
const run = async (fn: typeof runDiagnose, argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn({ hns }, argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

beforeEach(async () => {
  hns = await createBackend({ backend: 'simulated', stateFile: MISCONFIGURED });
});

describe('cli diagnose', () => {
  it('resolving a name, diagnosing and labelling the text walk the node once', async () => {
    const counter = countingHns();
    const code = await runDiagnose({ hns: counter.wrap(hns) }, ['web-0_eth0'], {
      out: () => undefined,
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(counter.calls.listEndpoints).toBe(1);
  });

  it('`diagnose --all --json` shows exactly the six seeded misconfigurations', async () => {
    const r = await run(runDiagnose, ['--all', '--json']);
    expect(r.code).toBe(0);
    const report = DiagnosticsReportSchema.parse(JSON.parse(r.out));
    expect(report.findings.map((f) => [f.id, f.evidence.endpointName]).sort()).toEqual(SEEDED);
    expect(report.counts).toEqual({ error: 4, warning: 2, info: 0 });
    expect(report.endpointsChecked).toBe(8);
    expect(JSON.parse(r.out).findings[0]).toHaveProperty('severity', 'error');
  });

  it('prints a readable report by default and one endpoint by name or id', async () => {
    const all = await run(runDiagnose, []);
    expect(all.out).toContain('ERROR   proxy.no-user-sid  web-0_eth0 policy #0');
    expect(all.out).toContain('4 errors, 2 warnings, 0 info on 8 endpoints.');
    const one = await run(runDiagnose, ['web-0_eth0', '--json']);
    expect(JSON.parse(one.out).findings.map((f: { id: string }) => f.id)).toEqual(['proxy.no-user-sid']);
    const healthy = await run(runDiagnose, ['11111111-1111-4111-8111-111111111101']);
    expect(healthy.out).toBe('No problems found on 1 endpoint.');
  });

  it('exits 2 on bad input and 1 when HNS does not know the endpoint', async () => {
    expect((await run(runDiagnose, ['a', 'b'])).code).toBe(2);
    expect((await run(runDiagnose, ['--bogus'])).code).toBe(2);
    expect((await run(runDiagnose, ['no-such-endpoint'])).code).toBe(2);
    const missing = await run(runDiagnose, ['99999999-9999-4999-8999-999999999999']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/not found/i);
  });
});

describe('cli explain', () => {
  it('explains a redirected and an exempt flow', async () => {
    const yes = await run(runExplain, [
      'healthy-0_eth0',
      '--flow',
      'outbound tcp 10.240.2.10:50000 -> 10.0.5.9:8080 sid S-1-5-21-1-2-3-1001',
      '--json',
    ]);
    expect(yes.code).toBe(0);
    expect(FlowExplanationSchema.parse(JSON.parse(yes.out))).toMatchObject({
      redirected: true,
      proxyPort: 15001,
      policyIndex: 0,
    });
    const no = await run(runExplain, [
      'healthy-0_eth0',
      '--flow',
      'outbound tcp 10.240.2.10:50000 -> 10.0.5.9:8080 sid S-1-5-32-556',
    ]);
    expect(no.out.split('\n')[0]).toBe(
      'Not redirected because SID S-1-5-32-556 is exempt by UserSID S-1-5-32-556.',
    );
    expect(no.out).toContain('✗ user-sid');
  });

  it('rejects a malformed flow with exit 2', async () => {
    const r = await run(runExplain, ['healthy-0_eth0', '--flow', 'outbound tcp nowhere']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Expected "<inbound|outbound> tcp');
    expect((await run(runExplain, ['healthy-0_eth0'])).code).toBe(2);
  });
});

describe('through the registered CLI (hcnproxyctl)', () => {
  it('`--state misconfigured-node.json diagnose --all --json` prints exactly the six', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'hcn-diag-')), 'journal.jsonl');
    const out: string[] = [];
    const code = await runCli(
      ['--state', MISCONFIGURED, '--journal', journal, 'diagnose', '--all', '--json'],
      {
        stdout: (s: string) => out.push(s),
        stderr: () => undefined,
      },
    );
    expect(code).toBe(0);
    const report = DiagnosticsReportSchema.parse(JSON.parse(out.join('\n')));
    expect(report.findings.map((f) => [f.id, f.evidence.endpointName]).sort()).toEqual(SEEDED);
  });
});

describe('read-back mismatch with Host Network Service events (item 5)', () => {
  const web = '22222222-2222-4222-8222-222222222201';
  const mismatch = { ...journalEntry('mismatch', '2026-11-26T10:00:00Z'), endpointId: web };
  const event = {
    time: '2026-11-26T10:00:01Z',
    id: 1001,
    level: 'Error',
    log: 'Microsoft-Windows-Host-Network-Service-Admin',
    provider: 'p',
    message: `Policy failed on ${web.toUpperCase()}`,
  };

  it('shows the events naming the endpoint next to the finding', async () => {
    const out: string[] = [];
    const code = await runDiagnose(
      { hns, journal: { all: async () => [mismatch] } },
      ['web-0_eth0'],
      { out: (s) => out.push(s), err: () => undefined },
      async () => ({
        available: true,
        events: [event, { ...event, message: 'unrelated' }],
      }),
    );
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('journal.read-back-mismatch');
    expect(text).toContain(`Host Network Service events naming ${web} (last 24 h):`);
    expect(text).toContain('Error 1001: Policy failed on');
    expect(text).not.toContain('unrelated');
  });

  it('says why there are none off Windows, and adds nothing without a mismatch', async () => {
    const out: string[] = [];
    await runDiagnose(
      { hns, journal: { all: async () => [mismatch] } },
      ['web-0_eth0', '--json'],
      { out: (s) => out.push(s), err: () => undefined },
      async () => ({
        available: false,
        reason: 'Host Network Service events exist only on Windows.',
        events: [],
      }),
    );
    expect(JSON.parse(out.join('\n')).hnsEvents.note).toContain('only on Windows');
    const plain: string[] = [];
    await runDiagnose({ hns }, ['web-0_eth0', '--json'], { out: (s) => plain.push(s), err: () => undefined });
    expect(JSON.parse(plain.join('\n'))).not.toHaveProperty('hnsEvents');
  });
});
