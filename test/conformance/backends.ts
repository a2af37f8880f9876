import type { HnsState } from '../../native/demo-data';
import type { HnsClient } from '../../native/hns-client';
import type { HostComputeEndpoint } from '../../native/hns-json';
import { SimulatedHns } from '../../native/simulated-hns';
import type { FakeControls } from '../support/fake-controls';
import { createFakeHns } from '../support/fake-hns';
import { WindowsHns } from '../../native/windows/windows-hns';
import { buildFakeLib } from '../support/fake-lib';

/** What every backend gives the suite. Seeded backends can also be re-seeded and fault-injected. */
export interface ConformanceSubject {
  hns: HnsClient & { modifyEndpointRaw(id: string, settingsJson: string): Promise<void> };
  /** The endpoint policy cases act on, and its network. */
  endpointId: string;
  networkId: string;
  /** Seeded backends only. */
  reseed?(state: HnsState): Promise<void>;
  /**
   * Fails HcnOpenEndpoint of the endpoint `id` with `hresult` (seeded backends only); undefined turns
   * it off. By identity, not by call count: the fake library opens 8 endpoints at once, so "the Nth
   * open" would be whichever arrived Nth.
   */
  injectOpenFailure?(id: string | undefined, hresult?: number): void;
  /** Fake library only: its knobs and leak counters. */
  controls?: FakeControls;
  teardown(): Promise<void>;
}

export interface BackendUnderTest {
  name: string;
  seeded: boolean;
  /** Why it is skipped here, or undefined when it runs. */
  skipReason?: string;
  setup(state: HnsState, subject: { endpointId: string; networkId: string }): Promise<ConformanceSubject>;
}

export const simulator: BackendUnderTest = {
  name: 'SimulatedHns',
  seeded: true,
  async setup(state, ids) {
    let sim = new SimulatedHns(state);
    const subject: ConformanceSubject = {
      get hns() {
        return sim;
      },
      ...ids,
      async reseed(s) {
        sim = new SimulatedHns(s);
      },
      injectOpenFailure(id, hresult) {
        sim.setFaults(id === undefined ? {} : { operation: 'HcnOpenEndpoint', id, hresult });
      },
      async teardown() {},
    };
    return subject;
  },
};

export const fakeLibrary: BackendUnderTest = {
  name: 'WindowsHns + fake computenetwork library (koffi)',
  seeded: true,
  async setup(state, ids) {
    // Fails (never skips) without a C compiler: buildFakeLib throws with how to install one.
    const libraryPath = buildFakeLib();
    const fake = await createFakeHns({ state, libraryPath, concurrency: 8 });
    const controls: FakeControls = fake.controls;
    let hns = fake.hns;
    return {
      get hns() {
        return hns;
      },
      ...ids,
      async reseed(s) {
        hns = (await createFakeHns({ state: s, libraryPath, concurrency: 8 })).hns;
      },
      injectOpenFailure(id, hresult) {
        controls.configure(
          id === undefined ? {} : { failFn: 'HcnOpenEndpoint', failId: id, failHr: hresult },
        );
      },
      controls,
      async teardown() {
        controls.configure({});
      },
    };
  },
};

const NAT_NETWORK_NAME = 'hcnproxy-conformance-nat';

/**
 * The real HNS (Windows, elevated, Containers feature). Like hcsshim's integration tests (reference
 * §5.5): delete a leftover network of the same name, create a NAT network and one endpoint, run the
 * cases against that endpoint, delete both afterwards.
 */
export const realWindows: BackendUnderTest = {
  name: 'WindowsHns against real HNS',
  seeded: false,
  skipReason:
    process.platform !== 'win32'
      ? `real HNS needs Windows with the Containers feature (this is ${process.platform}); runs in .github/workflows/windows.yml`
      : undefined,
  async setup() {
    const hns = new WindowsHns();
    for (const n of await hns.listNetworks()) if (n.Name === NAT_NETWORK_NAME) await hns.deleteNetwork(n.ID);
    const net = await hns.createNetwork({
      Name: NAT_NETWORK_NAME,
      Type: 'NAT',
      MacPool: { Ranges: [{ StartMacAddress: '00-15-5D-52-C0-00', EndMacAddress: '00-15-5D-52-CF-FF' }] },
      Ipams: [
        {
          Type: 'Static',
          Subnets: [
            {
              IpAddressPrefix: '192.168.100.0/24',
              Routes: [{ NextHop: '192.168.100.1', DestinationPrefix: '0.0.0.0/0' }],
            },
          ],
        },
      ],
      SchemaVersion: { Major: 2, Minor: 0 },
    });
    const ep: HostComputeEndpoint = await hns.createEndpoint(net.ID, {
      Name: 'hcnproxy-conformance-ep',
      HostComputeNetwork: net.ID,
      SchemaVersion: { Major: 2, Minor: 0 },
    });
    return {
      hns,
      endpointId: ep.ID,
      networkId: net.ID,
      async teardown() {
        await hns.deleteEndpoint(ep.ID).catch(() => undefined);
        await hns.deleteNetwork(net.ID);
      },
    };
  },
};

export const BACKENDS = [simulator, fakeLibrary, realWindows];
