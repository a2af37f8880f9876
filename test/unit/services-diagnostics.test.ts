import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempCore, WEB0 } from '../support/temp-core';

describe('diagnostics and flow handlers', () => {
  it('diagnose all, one endpoint, and explain a flow through the router', async () => {
    const { core } = await tempCore();
    const all = await core.route('diagnostics.all', {});
    expect(all.ok).toBe(true);
    const one = await core.route('diagnostics.endpoint', { endpointId: WEB0 });
    expect(one).toMatchObject({ ok: true, value: { endpointsChecked: 1 } });
    const flow = await core.route('flows.explain', {
      endpointId: WEB0,
      flow: {
        direction: 'outbound',
        localIp: '10.240.2.7',
        localPort: 40000,
        remoteIp: '10.0.0.9',
        remotePort: 80,
      },
    });
    expect(flow).toMatchObject({ ok: true, value: { redirected: true, proxyPort: 15001 } });
  });
});

describe('snapshot services', () => {
  it('exports, opens read-only (writes refused), and closes back to the live backend', async () => {
    const { core } = await tempCore();
    const exp = await core.route('snapshot.export', {});
    expect(exp.ok).toBe(true);
    if (!exp.ok) return;
    const { content, endpointCount } = exp.value as { content: string; endpointCount: number };
    expect(endpointCount).toBe(5);
    const opened = await core.route('snapshot.open', {
      fileName: 'node7.json',
      contentBase64: Buffer.from(content).toString('base64'),
    });
    expect(opened).toMatchObject({ ok: true, value: { endpointCount: 5, editable: false } });
    expect(await core.route('hns.info', {})).toMatchObject({
      ok: true,
      value: { backend: 'snapshot', snapshotFile: 'node7.json', readOnly: true },
    });
    const add = await core.route('policies.add', { endpointId: WEB0, policy: { proxyPort: 8000 } });
    expect(add).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(await core.route('snapshot.close', {})).toMatchObject({
      ok: true,
      value: { backendLabel: 'Simulated HNS (demo data)' },
    });
  });

  it('settings round-trip and a bad snapshot is a field error', async () => {
    const { core } = await tempCore();
    expect(await core.route('settings.set', { autoRefreshSeconds: 30 })).toMatchObject({
      ok: true,
      value: { autoRefreshSeconds: 30 },
    });
    expect(await core.route('settings.get', {})).toMatchObject({
      ok: true,
      value: { autoRefreshSeconds: 30 },
    });
    const bad = await core.route('snapshot.open', {
      fileName: 'x.json',
      contentBase64: Buffer.from('nope').toString('base64'),
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'snapshot', field: 'contentBase64' } });
  });
});

describe('settings.set journalPath (CLI input reaching an elevated process; the window may not send it)', () => {
  it('accepts a new .jsonl in an existing folder, moves the journal there; refuses other files', async () => {
    const { core, dir } = await tempCore({ origin: 'cli' });
    const next = join(dir, 'moved.jsonl');
    expect(await core.route('settings.set', { journalPath: next })).toMatchObject({
      ok: true,
      value: { journalPath: next },
    });
    expect(core.ctx.journal.path).toBe(next);
    const victim = join(dir, 'hosts.jsonl');
    writeFileSync(victim, '127.0.0.1 localhost\n');
    for (const bad of ['relative.jsonl', join(dir, 'x.txt'), join(dir, 'no-such-dir', 'j.jsonl'), victim]) {
      expect(await core.route('settings.set', { journalPath: bad })).toMatchObject({
        ok: false,
        error: { code: 'validation', field: 'journalPath', issues: [{ code: 'journal.path' }] },
      });
    }
    expect(core.ctx.journal.path).toBe(next);
  });
});

describe('editable snapshots', () => {
  it('a capture without an HNS version opened as editable accepts trial changes', async () => {
    const { core } = await tempCore();
    const capture = readFileSync(join(__dirname, '../fixtures/snapshots/hcn-endpoints-v2.json'));
    const opened = await core.route('snapshot.open', {
      fileName: 'capture.json',
      contentBase64: capture.toString('base64'),
      editable: true,
    });
    expect(opened).toMatchObject({ ok: true, value: { editable: true } });
    const r = await core.route('policies.add', {
      endpointId: '8192A3B4-C5D6-4E7F-9081-92A3B4C5D6E7',
      policy: { proxyPort: 8000, userSid: 'system' },
    });
    expect(r).toMatchObject({ ok: true, value: { readBack: 'confirmed' } });
  });
});
