import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoState } from '../../native/demo-data';
import { HnsError } from '../../native/hns-error';
import type { FakeControls } from '../support/fake-controls';
import { loadHnsCall } from '../../native/windows/hcn-bindings';
import { callAsync, loadKoffi } from '../../native/windows/koffi-types';
import { configuredHnsConcurrency, raiseThreadpoolSize } from '../../native/windows/threadpool';
import type { WindowsHns } from '../../native/windows/windows-hns';
import { createFakeHns } from '../support/fake-hns';
import { checkFakeLeaksPerTest } from '../support/fake-leaks';
import { buildFakeLib } from '../support/fake-lib';

// Issue 11 item 3: one-line changes to native/windows that the rest of the suite let through, each
// pinned here by a test that fails for the reason the change is wrong. (The thread pool's effect in
// each real entry point is measured in entrypoint-threadpool.test.ts.)

const E_POINTER = 0x80004003;
const RPC_S_SERVER_UNAVAILABLE = 0x800706ba;
const ENDPOINT = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4'; // in demoState()
const NETWORK = '6a1f0c52-3b7e-4d21-9a4c-0b7e1d2f3a01'; // demoState()'s NAT network

let lib: string;
let controls: FakeControls | undefined;
checkFakeLeaksPerTest(() => controls, { resetKnobs: true });

beforeAll(() => {
  lib = buildFakeLib();
});

async function fake(concurrency?: number): Promise<{ hns: WindowsHns; c: FakeControls }> {
  const f = await createFakeHns({
    state: demoState(),
    libraryPath: lib,
    knobs: {},
    ...(concurrency ? { concurrency } : {}),
  });
  controls = f.controls;
  f.controls.resetCounters();
  return { hns: f.hns, c: f.controls };
}

async function lastQueries(): Promise<{ enumerate: string; properties: string }> {
  const koffi = await loadKoffi();
  const l = koffi.load(lib);
  return {
    enumerate: String(l.func('const char *HcnFakeLastEnumerateQuery(void)')()),
    properties: String(l.func('const char *HcnFakeLastPropertiesQuery(void)')()),
  };
}

describe('HNSCall request argument', () => {
  it('the fake refuses a NULL Request with E_POINTER (what the binding must never send)', async () => {
    await fake();
    const hnsCall = await loadHnsCall(lib);
    const response: [bigint | null] = [null];
    const hr = await callAsync(hnsCall, ['GET', '/globals/version', null, response]);
    expect(hr >>> 0).toBe(E_POINTER);
    expect(response[0]).toBeNull();
  });

  it('getVersion sends an empty string, as hcsshim does for a GET, and gets the version', async () => {
    const { hns } = await fake();
    await expect(hns.getVersion()).resolves.toEqual({ major: 15, minor: 1 });
  });
});

describe('HcnClose* failures surface', () => {
  // A failed close leaves the handle open in the fake (as it would in HNS): those tests zero the
  // counters after asserting the one handle they expect, so the per-test leak check still applies.
  function expectOneStrandedHandle(c: FakeControls) {
    expect(c.counters()).toEqual({ openHandles: 1, unfreedBuffers: 0, badFrees: 0 });
    c.resetCounters();
  }

  it('a get whose close fails rejects with HcnCloseEndpoint and its HRESULT', async () => {
    const { hns, c } = await fake();
    c.configure({ failFn: 'HcnCloseEndpoint', failHr: RPC_S_SERVER_UNAVAILABLE });
    const e = await hns.getEndpoint(ENDPOINT).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HnsError);
    expect(e).toMatchObject({ operation: 'HcnCloseEndpoint', hresult: RPC_S_SERVER_UNAVAILABLE });
    expectOneStrandedHandle(c);
  });

  it('a list whose first close fails rejects with HcnCloseNetwork', async () => {
    const { hns, c } = await fake();
    c.configure({ failFn: 'HcnCloseNetwork', failNth: 1, failHr: RPC_S_SERVER_UNAVAILABLE });
    const e = await hns.listNetworks().catch((x: unknown) => x);
    expect(e).toMatchObject({ operation: 'HcnCloseNetwork', hresult: RPC_S_SERVER_UNAVAILABLE });
    expectOneStrandedHandle(c);
  });

  it('a modify whose close fails rejects with HcnCloseEndpoint, after the change was made', async () => {
    const { hns, c } = await fake();
    c.configure({ failFn: 'HcnCloseEndpoint', failNth: 1, failHr: RPC_S_SERVER_UNAVAILABLE });
    const policy = {
      Type: 'L4WFPPROXY',
      Settings: { InboundProxyPort: '15006', OutboundProxyPort: '15001' },
    };
    const e = await hns
      .modifyEndpoint(ENDPOINT, {
        ResourceType: 'Policy',
        RequestType: 'Add',
        Settings: { Policies: [policy] },
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ operation: 'HcnCloseEndpoint', hresult: RPC_S_SERVER_UNAVAILABLE });
    expectOneStrandedHandle(c);
  });

  it('a create whose close of the new object fails rejects with HcnCloseEndpoint', async () => {
    const { hns, c } = await fake();
    // The network handle is closed after the endpoint's: fail only the endpoint close (the first).
    c.configure({ failFn: 'HcnCloseEndpoint', failNth: 1, failHr: RPC_S_SERVER_UNAVAILABLE });
    const e = await hns.createEndpoint(NETWORK, { Name: 'mutation-probe' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ operation: 'HcnCloseEndpoint', hresult: RPC_S_SERVER_UNAVAILABLE });
    expectOneStrandedHandle(c);
  });
});

describe('the query text HNS receives', () => {
  // hcsshim's default query (docs/hcn-api.md §2.2: {"SchemaVersion":{"Major":2,"Minor":0}}) plus Flags 1
  // (Detailed), spelled out here rather than imported, so a change to the constant shows.
  const DETAILED = '{"SchemaVersion":{"Major":2,"Minor":0},"Flags":1}';

  it('enumerates and queries each kind with the detailed default query', async () => {
    const { hns } = await fake();
    for (const list of [() => hns.listEndpoints(), () => hns.listNetworks(), () => hns.listNamespaces()]) {
      expect((await list()).length).toBeGreaterThan(0);
      expect(await lastQueries()).toEqual({ enumerate: DETAILED, properties: DETAILED });
    }
  });

  it('queries one endpoint with the same query', async () => {
    const { hns } = await fake();
    await hns.getEndpoint(ENDPOINT);
    expect((await lastQueries()).properties).toBe(DETAILED);
  });
});

describe('the Limiter bounds every HNS call, not only the chains of a list', () => {
  it('20 gets started at once never have more than `concurrency` calls inside HNS', async () => {
    // mapBounded bounds a list's chains; only the Limiter bounds calls from separate requests (the
    // GUI's refresh, a detail view and a bulk change at once). Each call is held 100 ms, so without
    // the Limiter the libuv pool (4 threads or more) would put more than 2 inside at once.
    const { hns, c } = await fake(2);
    c.configure({ latencyUs: 100_000 });
    const gets = await Promise.all(Array.from({ length: 20 }, () => hns.getEndpoint(ENDPOINT)));
    expect(gets).toHaveLength(20);
    expect(c.maxInFlight()).toBeLessThanOrEqual(2);
    expect(c.maxInFlight()).toBeGreaterThan(0);
  }, 60_000);
});

describe('raiseThreadpoolSize', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['UV_THREADPOOL_SIZE', 'HCNPROXY_HNS_CONCURRENCY']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('sets UV_THREADPOOL_SIZE to the HNS concurrency, keeps a larger one, caps at 1024', () => {
    delete process.env.UV_THREADPOOL_SIZE;
    delete process.env.HCNPROXY_HNS_CONCURRENCY;
    expect(raiseThreadpoolSize()).toBe(16);
    expect(process.env.UV_THREADPOOL_SIZE).toBe('16');
    process.env.UV_THREADPOOL_SIZE = '64';
    expect(raiseThreadpoolSize()).toBe(64);
    expect(process.env.UV_THREADPOOL_SIZE).toBe('64');
    expect(raiseThreadpoolSize(5000)).toBe(1024);
    expect(process.env.UV_THREADPOOL_SIZE).toBe('1024');
  });

  it('follows HCNPROXY_HNS_CONCURRENCY, ignoring values that are not positive integers', () => {
    delete process.env.UV_THREADPOOL_SIZE;
    process.env.HCNPROXY_HNS_CONCURRENCY = '24';
    expect(configuredHnsConcurrency()).toBe(24);
    expect(raiseThreadpoolSize()).toBe(24);
    expect(process.env.UV_THREADPOOL_SIZE).toBe('24');
    for (const bad of ['0', '-3', '2.5', 'many']) {
      process.env.HCNPROXY_HNS_CONCURRENCY = bad;
      expect(configuredHnsConcurrency(), bad).toBe(16);
    }
  });
});
