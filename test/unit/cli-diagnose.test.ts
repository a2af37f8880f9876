import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliOptions } from '../../electron/cli/run';
import type { HnsEventsResult } from '../../electron/core/views';
import { DiagnosticsReportSchema, FlowExplanationSchema } from '../../electron/core/views';
import { cli, tempDir } from '../support/cli';
import { journalEntry, MISCONFIGURED, SEEDED } from '../support/diagnostics-input';
import { countingHns } from '../support/counting-hns';

// diagnose and explain run through the same framework as every other command (electron/cli/run.ts):
// router channels with contract validation, the same exit codes, io and --json.

const run = (argv: string[], options: CliOptions = {}, dir = tempDir('hcn-diag-')) =>
  cli(['--state', MISCONFIGURED, ...argv], dir, options);

describe('cli diagnose', () => {
  it('resolving a name, diagnosing and labelling the text walk the node once', async () => {
    const counter = countingHns();
    const r = await run(['diagnose', 'web-0_eth0'], { core: { wrapHns: counter.wrap } });
    expect(r.code, r.stderr).toBe(0);
    expect(counter.calls.listEndpoints).toBe(1);
  });

  it('`diagnose --all --json` shows exactly the six seeded misconfigurations', async () => {
    const r = await run(['diagnose', '--all', '--json']);
    expect(r.code).toBe(0);
    const report = DiagnosticsReportSchema.parse(JSON.parse(r.stdout));
    expect(report.findings.map((f) => [f.id, f.evidence.endpointName]).sort()).toEqual(SEEDED);
    expect(report.counts).toEqual({ error: 3, warning: 3, info: 0 });
    expect(report.endpointsChecked).toBe(8);
    expect(JSON.parse(r.stdout).findings[0]).toHaveProperty('severity', 'error');
  });

  it('prints a readable report by default and one endpoint by name or id', async () => {
    const all = await run(['diagnose']);
    expect(all.stdout).toContain('ERROR   proxy.no-user-sid  web-0_eth0 policy #0');
    expect(all.stdout).toContain('3 errors, 3 warnings, 0 info on 8 endpoints.');
    const one = await run(['diagnose', 'web-0_eth0', '--json']);
    expect(JSON.parse(one.stdout).findings.map((f: { id: string }) => f.id)).toEqual(['proxy.no-user-sid']);
    const healthy = await run(['diagnose', '11111111-1111-4111-8111-111111111101']);
    expect(healthy.stdout.trim()).toBe('No problems found on 1 endpoint.');
  });

  it('exits 2 on bad input and 1 when HNS does not know the endpoint, as every command does', async () => {
    const two = await run(['diagnose', 'a', 'b']);
    expect([two.code, two.stderr.trim()]).toEqual([
      2,
      'hcnproxyctl: Usage: hcnproxyctl diagnose [<endpoint> | --all]',
    ]);
    const both = await run(['diagnose', 'web-0_eth0', '--all']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give an endpoint or --all, not both.');
    const bogus = await run(['diagnose', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("Unknown option '--bogus'");
    const noName = await run(['diagnose', 'no-such-endpoint']);
    expect(noName.code).toBe(2);
    expect(noName.stderr.trim()).toBe('hcnproxyctl: No endpoint has the id or name "no-such-endpoint".');
    const missing = await run(['diagnose', '99999999-9999-4999-8999-999999999999', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not found/i);
    // --json failures print the AppError on stdout, like every other command.
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'hns' } });
  });
});

describe('cli explain', () => {
  it('explains a redirected and an exempt flow', async () => {
    const yes = await run([
      'explain',
      'healthy-0_eth0',
      '--flow',
      'outbound tcp 10.240.2.10:50000 -> 10.0.5.9:8080 sid S-1-5-21-1-2-3-1001',
      '--json',
    ]);
    expect(yes.code).toBe(0);
    expect(FlowExplanationSchema.parse(JSON.parse(yes.stdout))).toMatchObject({
      redirected: true,
      proxyPort: 15001,
      policyIndex: 0,
    });
    const no = await run([
      'explain',
      'healthy-0_eth0',
      '--flow',
      'outbound tcp 10.240.2.10:50000 -> 10.0.5.9:8080 sid S-1-5-32-556',
    ]);
    expect(no.stdout.split('\n')[0]).toBe(
      'Not redirected because SID S-1-5-32-556 is exempt by UserSID S-1-5-32-556.',
    );
    expect(no.stdout).toContain('✗ user-sid');
  });

  it('rejects a malformed or missing flow with exit 2 and the flag named', async () => {
    const r = await run(['explain', 'healthy-0_eth0', '--flow', 'outbound tcp nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--flow: Expected "<inbound|outbound> tcp');
    const none = await run(['explain', 'healthy-0_eth0']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--flow is required.');
  });
});

describe('read-back mismatch with Host Network Service events (item 5)', () => {
  const web = '22222222-2222-4222-8222-222222222201';
  const event = {
    time: '2026-11-26T10:00:01Z',
    id: 1001,
    level: 'Error',
    log: 'Microsoft-Windows-Host-Network-Service-Admin',
    provider: 'p',
    message: `Policy failed on ${web.toUpperCase()}`,
  };
  /** A journal holding one read-back mismatch on web-0_eth0. */
  const withMismatch = () => {
    const dir = tempDir('hcn-diag-');
    const journal = join(dir, 'journal.jsonl');
    // A change saved to the state file earlier (--persist): the entry names the file.
    const entry = {
      ...journalEntry('mismatch', '2026-11-26T10:00:00Z'),
      endpointId: web,
      stateFile: resolve(MISCONFIGURED),
    };
    writeFileSync(journal, JSON.stringify(entry) + '\n');
    return { dir, journal };
  };
  const events = (result: HnsEventsResult, asked: unknown[] = []): CliOptions => ({
    core: {
      overrides: {
        'diagnostics.events': async (input) => {
          asked.push(input);
          return result;
        },
      },
    },
  });

  it('shows the events naming the endpoint next to the finding, asking for 24 hours', async () => {
    const { dir, journal } = withMismatch();
    const asked: unknown[] = [];
    const r = await run(
      ['diagnose', 'web-0_eth0', '--journal', journal],
      events({ available: true, events: [event] }, asked),
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(asked).toEqual([{ endpointId: web, minutes: 1440 }]);
    expect(r.stdout).toContain('journal.read-back-mismatch');
    expect(r.stdout).toContain(`Host Network Service events naming ${web} (last 24 h):`);
    expect(r.stdout).toContain('Error 1001: Policy failed on');
  });

  it('says why there are none (the simulated backend has no event log), and adds nothing without a mismatch', async () => {
    const { dir, journal } = withMismatch();
    const r = await run(['diagnose', 'web-0_eth0', '--json', '--journal', journal], {}, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).hnsEvents).toEqual({
      note: 'HNS events come from the live Windows HNS; this view is the simulated backend.',
      byEndpoint: {},
    });
    const plain = await run(['diagnose', 'web-0_eth0', '--json']);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('hnsEvents');
  });
});
