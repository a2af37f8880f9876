import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../native/backend';
import { DEV_BACKENDS } from '../support/dev-backends';
import { demoState } from '../../native/demo-data';
import { HnsError } from '../../native/hns-error';
import { SimulatedHns } from '../../native/simulated-hns';
import { serializeSnapshot } from '../../native/snapshot/app-format';
import { mapLimit } from '../../electron/base/map-limit';

const WEB = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const add = {
  ResourceType: 'Policy' as const,
  RequestType: 'Add' as const,
  Settings: { Policies: [{ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: '1' } }] },
};

describe('SimulatedHns fault injection', () => {
  it('fails the Nth call of an operation, with the given HRESULT', async () => {
    const sim = new SimulatedHns(demoState(), {
      faults: { operation: 'HcnModifyEndpoint', failNth: 2, hresult: 0x80070005 },
    });
    await sim.modifyEndpoint(WEB, add);
    await expect(sim.modifyEndpoint(WEB, add)).rejects.toMatchObject({
      hresult: 0x80070005,
      hresultName: 'E_ACCESSDENIED',
    });
    await sim.modifyEndpoint(WEB, add);
    expect(sim.faults).toEqual({ operation: 'HcnModifyEndpoint', failNth: 2, hresult: 0x80070005 });
  });

  it('fails every call of an operation without failNth; the Nth call of any operation without operation', async () => {
    const sim = new SimulatedHns(demoState());
    sim.setFaults({ operation: 'HNSCall' });
    await expect(sim.getVersion()).rejects.toMatchObject({ hresultName: 'E_FAIL' });
    await expect(sim.getVersion()).rejects.toBeInstanceOf(HnsError);
    sim.setFaults({ failNth: 3 }); // enumerate, open, query(fails)
    await expect(sim.listEndpoints()).rejects.toMatchObject({ operation: 'HcnQueryEndpointProperties' });
    sim.setFaults({});
    expect(await sim.listEndpoints()).toHaveLength(5);
  });

  it('delays every call by latencyMs', async () => {
    const sim = new SimulatedHns(demoState(), { faults: { latencyMs: 30 } });
    const t0 = Date.now();
    await sim.getVersion();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });
});

describe('simulated backend persistence', () => {
  it('writes every change to the state file atomically, in the app format, and reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcnsim-'));
    const file = join(dir, 'node.json');
    writeFileSync(
      file,
      serializeSnapshot(demoState(), { source: { backend: 'simulated', description: 'demo' } }),
    );
    const hns = await createBackend({ backend: 'simulated', stateFile: file, persist: true });
    await hns.modifyEndpoint(WEB, add);
    expect(readdirSync(dir)).toEqual(['node.json']); // no temp file left behind
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'hcnproxy-snapshot', version: 1 });
    const again = await createBackend({ backend: 'simulated', stateFile: file });
    const ep = await again.getEndpoint(WEB);
    expect(ep.Policies?.at(-1)).toEqual(add.Settings.Policies[0]);
  });
});

describe('mapLimit', () => {
  it('keeps order, bounds concurrency, and lets running work finish before rejecting', async () => {
    let running = 0;
    let peak = 0;
    const finished: number[] = [];
    const work = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (n === 4) throw new Error('boom');
      finished.push(n);
      return n * 2;
    };
    expect(await mapLimit([1, 2, 3], 2, work)).toEqual([2, 4, 6]);
    expect(peak).toBe(2);
    await expect(mapLimit([1, 2, 3, 4, 5, 6, 7, 8], 3, work)).rejects.toThrow('boom');
    expect(running).toBe(0); // nothing still in flight when the promise rejected
    expect(finished).not.toContain(8);
  });
});

describe('fake backend persistence', () => {
  it('saves the fake library state after a write when persist is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcnfake-persist-'));
    const file = join(dir, 'node.json');
    writeFileSync(
      file,
      serializeSnapshot(demoState(), { source: { backend: 'simulated', description: 'demo' } }),
    );
    const hns = await createBackend({
      backend: 'fake',
      extraBackends: DEV_BACKENDS,
      stateFile: file,
      persist: true,
    });
    await hns.modifyEndpoint(WEB, add);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      source: { backend: string };
      endpoints: Array<{ ID: string; Policies: unknown[] }>;
    };
    expect(saved.source.backend).toBe('fake');
    expect(saved.endpoints.find((e) => e.ID === WEB)?.Policies.at(-1)).toEqual(add.Settings.Policies[0]);
  });
});
