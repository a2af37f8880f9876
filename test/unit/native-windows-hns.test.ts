import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../native/backend';
import { DEV_BACKENDS } from '../support/dev-backends';
import { demoState } from '../../native/demo-data';
import { HnsError, HnsUnavailableError } from '../../native/hns-error';
import type { FakeControls } from '../support/fake-controls';
import { createFakeHns } from '../support/fake-hns';
import { checkFakeLeaksPerTest } from '../support/fake-leaks';
import { formatGuid, guidBytes, parseGuid } from '../../native/windows/guid';
import { WindowsHns } from '../../native/windows/windows-hns';
import { buildFakeLib } from '../support/fake-lib';

// WindowsHns details the conformance suite does not show: loading, ErrorRecord-with-S_OK, the
// concurrency bound and the GUID layout (the fake library's environment knobs, read by a fresh
// process: test/integration/fake-lib-env.test.ts).

let lib: string;
let controls: FakeControls | undefined;

beforeAll(() => {
  lib = buildFakeLib();
});

checkFakeLeaksPerTest(() => controls, { resetKnobs: true });

async function fake(concurrency?: number) {
  const f = await createFakeHns({
    state: demoState(),
    libraryPath: lib,
    ...(concurrency ? { concurrency } : {}),
  });
  controls = f.controls;
  // The library is loaded once per worker: count from this test's start (afterEach asserts zero).
  controls.resetCounters();
  return f;
}

describe('WindowsHns loading', () => {
  it('constructs without the DLL and fails at first use with HnsUnavailableError', async () => {
    const missing = '/nonexistent/computenetwork.dll';
    const hns = new WindowsHns({
      libraries: { computenetwork: missing, ole32: missing, vmcompute: missing },
    });
    await expect(hns.listEndpoints()).rejects.toBeInstanceOf(HnsUnavailableError);
    await expect(hns.getVersion()).rejects.toThrow(
      /Host Network Service is not available: .*computenetwork\.dll could not be loaded/,
    );
  });
});

describe('WindowsHns against the fake library', () => {
  it('treats S_OK with a non-empty ErrorRecord as a failure, and still frees and closes everything', async () => {
    const { hns, controls: c } = await fake();
    c.configure({ okRecordFn: 'HcnQueryEndpointProperties' });
    const e = await hns.getEndpoint('5e6f7081-92a3-4b4c-8d5e-6f708192a3b4').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HnsError);
    expect((e as HnsError).hresultName).toBe('ERROR_GEN_FAILURE');
    expect((e as HnsError).errorRecord).toContain('Injected error record with S_OK');
    c.configure({ okRecordFn: 'HcnOpenEndpoint' });
    await expect(hns.getEndpoint('5e6f7081-92a3-4b4c-8d5e-6f708192a3b4')).rejects.toMatchObject({
      operation: 'HcnOpenEndpoint',
    });
  });

  it('closes the handle a create hands back when it also returns an ErrorRecord with S_OK', async () => {
    const { hns, controls: c } = await fake();
    const [net] = await hns.listNetworks();
    c.configure({ okRecordFn: 'HcnCreateEndpoint' });
    await expect(hns.createEndpoint(net!.ID, { Name: 'leak-probe' })).rejects.toMatchObject({
      operation: 'HcnCreateEndpoint',
    });
    c.configure({ okRecordFn: 'HcnCreateNetwork' });
    await expect(hns.createNetwork({ Name: 'leak-probe', Type: 'NAT' })).rejects.toMatchObject({
      operation: 'HcnCreateNetwork',
    });
    expect(c.counters().openHandles).toBe(0);
  });

  it('never blocks the calling thread while HNS is slow (async calls)', async () => {
    const { hns, controls: c } = await fake();
    // The query is held inside the library until release(): a blocking call would freeze this thread
    // there for good, so every turn of the event loop below proves the call runs elsewhere. (Counting
    // timer ticks during a 450 ms latency was a bet on how fast a loaded machine runs timers.)
    c.configure({ holdFn: 'HcnQueryEndpointProperties' });
    let settled = false;
    const get = hns.getEndpoint('5e6f7081-92a3-4b4c-8d5e-6f708192a3b4').finally(() => (settled = true));
    await expect.poll(() => c.held(), { timeout: 20_000 }).toBe(1);
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 1));
    expect(settled).toBe(false);
    c.release();
    expect((await get).ID).toBe('5e6f7081-92a3-4b4c-8d5e-6f708192a3b4');
  });

  it('stays consistent and leak-free under concurrent lists, gets and modifies (worker threads + mutex)', async () => {
    const { hns, controls: c } = await fake(16);
    c.configure({ latencyUs: 200 });
    const web = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
    const policy = (i: number) => ({ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: String(20000 + i) } });
    const add = (i: number) => ({
      ResourceType: 'Policy' as const,
      RequestType: 'Add' as const,
      Settings: { Policies: [policy(i)] },
    });
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(
        hns.modifyEndpoint(web, add(i)),
        hns.listEndpoints(),
        hns.listNamespaces(),
        hns.getEndpoint(web),
      );
    }
    await Promise.all(work);
    const ports = (await hns.getEndpoint(web)).Policies?.map((p) => p.Settings?.InboundProxyPort).filter(
      Boolean,
    );
    expect(new Set(ports).size).toBe(41); // the demo's own proxy policy + 40 distinct adds, none lost
  });

  it('runs list calls concurrently, never more than the bound', async () => {
    const { hns, controls: c } = await fake(3);
    // The first 3 queries are held inside the library until release(): 3 calls in flight at once is
    // then a fact to wait for, not a race against an injected latency on a loaded machine.
    c.configure({ holdFn: 'HcnQueryEndpointProperties', holdCount: 3 });
    const list = hns.listEndpoints();
    await expect.poll(() => c.held(), { timeout: 20_000 }).toBe(3);
    c.release();
    expect(await list).toHaveLength(5);
    expect(c.maxInFlight()).toBe(3);
  });

  it('reads the HNS version through HNSCall and names an unknown HRESULT by its hex', async () => {
    const { hns, controls: c } = await fake();
    expect(await hns.getVersion()).toEqual({ major: 15, minor: 1 });
    c.configure({ failFn: 'HcnEnumerateNetworks', failHr: 0x80071234 });
    const e = (await hns.listNetworks().catch((x: unknown) => x)) as HnsError;
    expect(e.hresultName).toBe('0x80071234');
    expect(e.message).toContain('0x80071234');
    expect(e.sentence).toMatch(/unrecognised error 0x80071234 \(Win32 error 4660\)/);
  });

  it('is what createBackend({ backend: "fake", stateFile }) returns, seeded from any snapshot format', async () => {
    const hns = await createBackend({
      backend: 'fake',
      extraBackends: DEV_BACKENDS,
      stateFile: join(__dirname, '../fixtures/snapshots/get-hnsendpoint-v1-utf16.json'),
    });
    expect(hns.kind).toBe('fake');
    const eps = await hns.listEndpoints();
    expect(eps.map((e) => e.Name)).toContain('remote_10.240.9.9');
    expect((await hns.listNetworks()).map((n) => n.Name)).toEqual(['Calico']);
    // The file carries no version, but its L4WFPPROXY policy needs HNS 13.2+ (issue 14 item 6).
    expect(await hns.getVersion()).toMatchObject({ major: 13, minor: 2 });
    controls = undefined;
  });
});

describe('GUID layout', () => {
  it('stores Data1..Data3 little-endian and Data4 in string order', () => {
    const g = parseGuid('{00112233-4455-6677-8899-AABBCCDDEEFF}');
    expect(g).toBeDefined();
    expect(guidBytes(g!).toString('hex')).toBe('33221100554477668899aabbccddeeff');
    expect(formatGuid(g!)).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect(parseGuid('nope')).toBeUndefined();
  });
});
