import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../support/cli';

// Issue 14 items 4–6 through the CLI: what a --state file is, the loader's warnings, --hns-version.

const REAL = (f: string) => resolve(__dirname, '../fixtures/real-world', f);

describe('CLI on real-world --state files', () => {
  it('a network dump: exit 2 naming what it is and how to export endpoints', async () => {
    const r = await cli(['endpoints', '--state', REAL('sdn-582-get-hnsnetwork.json')], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'hcnproxyctl: --state: sdn-582-get-hnsnetwork.json: this is a network list; export endpoints with Get-HnsEndpoint | ConvertTo-Json -Depth 10 (the file holds HNS networks, as Get-HnsNetwork or hnsdiag list networks write them).',
    );
  });

  it('PowerShell list output: exit 2 with "pipe it to ConvertTo-Json -Depth 10"', async () => {
    const r = await cli(
      ['endpoints', '--state', REAL('windows-containers-563-get-hnsendpoint-list.txt')],
      tempDir(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pipe it to ConvertTo-Json -Depth 10');
  });

  it('prints the loader’s warnings on stderr, and under `warnings` with --json', async () => {
    const human = await cli(['endpoints', '--state', REAL('capture-with-prompt.txt')], tempDir());
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(
      /^hcnproxyctl: warning: Skipped 2 line\(s\) of text that is not JSON around the JSON: line 1 "PS C:/m,
    );
    const json = await cli(['endpoints', '--json', '--state', REAL('capture-with-prompt.txt')], tempDir());
    const out = JSON.parse(json.stdout) as { data: { name: string }[]; warnings: string[] };
    expect(out.data).toHaveLength(2);
    expect(out.warnings[0]).toMatch(/^Skipped 2 line\(s\)/);
    const version = JSON.parse(
      (await cli(['version', '--json', '--state', REAL('capture-with-prompt.txt')], tempDir())).stdout,
    ) as Record<string, unknown>;
    expect(version.warnings).toEqual(out.warnings);
  });

  it('version: inferred from the snapshot, or set with --hns-version (which needs --state and MAJOR.MINOR)', async () => {
    const inferred = JSON.parse(
      (await cli(['version', '--json', '--state', REAL('istio-ambient-endpoint-v2.json')], tempDir())).stdout,
    ) as { hns: Record<string, unknown> } & Record<string, unknown>;
    expect(JSON.stringify(inferred)).toContain('inferred from the snapshot');
    const set = await cli(
      ['version', '--json', '--hns-version', '15.1', '--state', REAL('istio-ambient-endpoint-v2.json')],
      tempDir(),
    );
    expect(set.stdout).toContain('"versionNote": "set with --hns-version"');
    expect(set.stdout).toMatch(/"major": 15,\s+"minor": 1/);
    const bad = await cli(
      ['version', '--hns-version', '15', '--state', REAL('istio-ambient-endpoint-v2.json')],
      tempDir(),
    );
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'hcnproxyctl: --hns-version: "15" is not MAJOR.MINOR (for example 13.2, as hcsshim\'s HNS version check reads it).',
    ]);
    const live = await cli(['version', '--hns-version', '15.1'], tempDir());
    expect([live.code, live.stderr.trim()]).toEqual([
      2,
      'hcnproxyctl: --hns-version needs --state FILE: it sets the version a snapshot is treated as.',
    ]);
  });

  it('clear keeps both Istio ambient policies (recognised owner) unless --include-foreign', async () => {
    const list = JSON.parse(
      (await cli(['endpoints', '--json', '--state', REAL('istio-ambient-endpoint-v2.json')], tempDir()))
        .stdout,
    ) as unknown;
    const id = '5a7c9e1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b';
    expect(JSON.stringify(list)).toContain(id);
    const kept = await cli(['clear', id, '--state', REAL('istio-ambient-endpoint-v2.json')], tempDir());
    expect(kept.stdout).toContain('Nothing to clear');
    expect(kept.stderr.match(/Istio ambient \(ztunnel, Windows CNI\)/g)).toHaveLength(2);
  });
});

describe('a node whose HNS version cannot be read (issue 14 item 6)', () => {
  // The simulator seeded from a capture without version information stands in for such a live node:
  // it answers every read and fails GET /globals/version.
  const EP = '5e6298c2-4638-494e-be6b-ff6fef942c06';
  const args = (...more: string[]) => [
    'add',
    EP,
    '--inbound-port',
    '15006',
    '--outbound-port',
    '15001',
    '--usersid',
    'S-1-5-32-556',
    '--backend',
    'simulated',
    '--state',
    REAL('windows-containers-563-endpoint.json'),
    ...more,
  ];

  it('refuses changes, naming --force; with --force it proceeds and the journal records it', async () => {
    const d = tempDir();
    // Saved to a copy (--persist), so the change is journalled under that file's name.
    const state = join(d, 'node.json');
    copyFileSync(REAL('windows-containers-563-endpoint.json'), state);
    const persisted = (...more: string[]) =>
      args(...more).map((a) => (a === REAL('windows-containers-563-endpoint.json') ? state : a));
    const refused = await cli(persisted('--persist'), d);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Could not read the HNS version');
    expect(refused.stderr).toContain('pass --force (CLI) or confirm in the app');
    const forced = await cli(persisted('--persist', '--force', '--json'), d);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(
      /Changed without a readable HNS version \(allowed by --force: HNS version unreadable/,
    );
    const journal = JSON.parse((await cli(['journal', '--state', state, '--json'], d)).stdout) as {
      versionUnverified?: string;
      outcome: string;
    }[];
    const last = journal.find((e) => e.versionUnverified);
    expect(last?.versionUnverified).toMatch(/^allowed by --force: HNS version unreadable/);
  });
});
