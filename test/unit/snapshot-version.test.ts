import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HnsInfo } from '../../electron/core/views';
import { createBackend } from '../../native/backend';
import { parseHnsVersion } from '../../native/snapshot/parse';
import { tempCore } from '../support/temp-core';

// Issue 14 item 6: a snapshot's HNS version is read, inferred from its L4WFPPROXY policies, or set.

const DIR = resolve(__dirname, '../fixtures/real-world');
const b64 = (f: string) => readFileSync(resolve(DIR, f)).toString('base64');

async function open(file: string, extra: Record<string, unknown> = {}) {
  const { core } = await tempCore();
  const opened = await core.route('snapshot.open', { fileName: file, contentBase64: b64(file), ...extra });
  const info = await core.route('hns.info', undefined);
  return { opened, info: (info as { ok: true; value: HnsInfo }).value };
}

describe('snapshot HNS version', () => {
  it('a capture holding L4WFPPROXY policies is treated as HNS 13.2+, shown as inferred from the snapshot', async () => {
    const { opened, info } = await open('istio-ambient-endpoint-v2.json');
    expect(opened).toMatchObject({ ok: true, value: { hnsVersion: { major: 13, minor: 2 } } });
    expect(info).toMatchObject({ version: { major: 13, minor: 2 }, l4WfpProxySupported: true });
    expect(info.versionNote).toMatch(/^inferred from the snapshot/);
  });

  it('a capture without any stays unknown (and says nothing it does not know)', async () => {
    const { info } = await open('windows-containers-563-endpoint.json');
    expect(info).toMatchObject({ version: null, l4WfpProxySupported: false });
    expect(info.versionNote).toBeUndefined();
  });

  it('the Open Snapshot dialog’s version wins, and a bad one is refused by field', async () => {
    const { info } = await open('windows-containers-563-endpoint.json', { hnsVersion: '15.1' });
    expect(info).toMatchObject({
      version: { major: 15, minor: 1 },
      versionNote: 'set with the Open Snapshot dialog',
    });
    const { opened } = await open('istio-ambient-endpoint-v2.json', { hnsVersion: '13' });
    expect(opened).toMatchObject({ ok: false, error: { code: 'validation', field: 'hnsVersion' } });
    expect((opened as { error: { message: string } }).error.message).toBe(
      'HNS version: "13" is not MAJOR.MINOR (for example 13.2, as hcsshim\'s HNS version check reads it).',
    );
  });

  it('--state with --hns-version (backend option) overrides, and the loader’s warnings reach the caller', async () => {
    const warnings: string[] = [];
    const hns = await createBackend({
      backend: 'simulated',
      stateFile: resolve(DIR, 'capture-with-prompt.txt'),
      hnsVersion: { major: 12, minor: 0 },
      onSnapshotWarnings: (w) => warnings.push(...w),
    });
    expect(await hns.getVersion()).toEqual({ major: 12, minor: 0 });
    expect((hns as { versionNote?: string }).versionNote).toBe('set with --hns-version');
    expect(warnings[0]).toMatch(/^Skipped 2 line\(s\)/);
  });

  it('parses MAJOR.MINOR only', () => {
    expect(parseHnsVersion(' 13.2 ')).toEqual({ major: 13, minor: 2 });
    expect(parseHnsVersion('13.2.1')).toMatch(/is not MAJOR\.MINOR/);
  });
});
