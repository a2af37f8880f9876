import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAppCore } from '../../electron/ipc/app-core';
import { NodeStateReader } from '../../electron/core/services/node-state';
import { SimulatedHns } from '../../native/simulated-hns';
import { demoState } from '../../native/demo-data';
import { countingHns } from '../support/counting-hns';

const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';

async function core() {
  const counter = countingHns();
  const c = await createAppCore({
    backend: 'simulated',
    journalPath: join(mkdtempSync(join(tmpdir(), 'hcn-node-')), 'journal.jsonl'),
    wrapHns: counter.wrap,
  });
  return { c, counter };
}

describe('one node read per refresh', () => {
  it('endpoints.list then diagnostics.all and diagnostics.endpoint list the node once', async () => {
    const { c, counter } = await core();
    expect((await c.route('endpoints.list', {})).ok).toBe(true);
    expect((await c.route('diagnostics.all', {})).ok).toBe(true);
    expect((await c.route('diagnostics.endpoint', { endpointId: EP })).ok).toBe(true);
    expect(counter.calls.listEndpoints).toBe(1);
    expect(counter.calls.getEndpoint).toBe(1);
  });

  it('a Refresh always goes to HNS, and a change drops the shared read', async () => {
    const { c, counter } = await core();
    await c.route('endpoints.list', {});
    await c.route('endpoints.list', {});
    expect(counter.calls.listEndpoints).toBe(2);
    await c.route('diagnostics.all', {});
    expect(counter.calls.listEndpoints).toBe(2);
    const add = await c.route('policies.add', {
      endpointId: '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      policy: { inboundProxyPort: 4143, outboundProxyPort: 4140, userSid: 'S-1-5-32-556' },
    });
    expect(add.ok).toBe(true);
    const report = await c.route('diagnostics.all', {});
    expect(counter.calls.listEndpoints).toBe(3);
    // The finding set reflects the change, not the read from before it.
    expect(report.ok && (report.value as { endpointsChecked: number }).endpointsChecked).toBe(5);
  });

  it('coalesces concurrent reads and never reuses a failed one', async () => {
    const hns = new SimulatedHns(demoState());
    const counter = countingHns();
    const wrapped = counter.wrap(hns);
    const reader = new NodeStateReader(60_000);
    const [a, b] = await Promise.all([reader.read(wrapped, { fresh: true }), reader.read(wrapped)]);
    expect(a).toBe(b);
    expect(counter.calls.listEndpoints).toBe(1);
    hns.setFaults({ operation: 'HcnEnumerateEndpoints', hresult: 0x80070005 });
    reader.invalidate();
    await expect(reader.read(wrapped)).rejects.toThrow(/E_ACCESSDENIED/);
    hns.setFaults({});
    await expect(reader.read(wrapped)).resolves.toMatchObject({ endpoints: expect.any(Array) });
    expect(counter.calls.listEndpoints).toBe(3);
  });

  it('holds at most one read: a replaced read leaves no timer keeping its endpoints alive', async () => {
    vi.useFakeTimers();
    try {
      const reader = new NodeStateReader(5000);
      const hns = new SimulatedHns(demoState());
      for (let i = 0; i < 4; i++) await reader.read(hns, { fresh: true });
      // Before: one pending expiry per refresh, each closing over its 5,000-endpoint read for 5 s.
      expect(vi.getTimerCount()).toBe(1);
      reader.invalidate();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the detail takes only the pods of the node read', () => {
  it('does not wait for a held endpoint list, and shares that read’s CRI walk', async () => {
    const hns = new SimulatedHns(demoState());
    let walks = 0;
    const reader = new NodeStateReader(5000, async () => (walks++, new Map([['ns', 'default/web-0']])));
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const list = hns.listEndpoints.bind(hns);
    hns.listEndpoints = async () => (await gate, list());
    const read = reader.read(hns);
    // Resolves while the list is still held (a read() here would hang until release).
    expect((await reader.podsFor(hns)).pods.get('ns')).toBe('default/web-0');
    expect(walks).toBe(1);
    release();
    expect((await read).pods.get('ns')).toBe('default/web-0');
    expect(walks).toBe(1);
  });
});
