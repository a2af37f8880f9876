import type { HnsState } from '../../../native/demo-data';
import type { HostComputeEndpoint } from '../../../native/hns-json';
import { createFakeHns } from '../../support/fake-hns';
import { DEFAULT_HNS_CONCURRENCY } from '../../../native/windows/threadpool';
import { buildFakeLib } from '../../support/fake-lib';
import type { FigureProducer } from '../figure';

// DESIGN §8: list 1,000 endpoints × 5 policies through koffi + the fake library.
//  serial_ms  – the seed's way: open/query/close one endpoint after another (concurrency 1), 1 ms per call;
//  app_ms     – what the app does (WindowsHns default concurrency), 1 ms per call;
//  overhead_us_per_endpoint – the app's path with 0 latency: FFI + UTF-16 decode + JSON.parse + frees.

const N = 1000;

/** 1,000 endpoints × 5 policies (an L4WFPPROXY among them) on one network; shared by the CLI and Wine figures. */
export function state(): HnsState {
  const net = '11111111-2222-4333-8444-555555555555';
  const endpoints: HostComputeEndpoint[] = [];
  for (let i = 0; i < N; i++) {
    const hex = i.toString(16).padStart(12, '0');
    endpoints.push({
      ID: `b0000000-0000-4000-8000-${hex}`,
      Name: `pod-${i}_eth0`,
      HostComputeNetwork: net,
      IpConfigurations: [{ IpAddress: `10.${(i >> 8) & 255}.${i & 255}.7`, PrefixLength: 24 }],
      MacAddress: '00-15-5D-00-00-07',
      Policies: [
        { Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/16', '10.240.0.0/16'] } },
        { Type: 'PortMapping', Settings: { InternalPort: 80, ExternalPort: 8080 + (i % 100), Protocol: 6 } },
        { Type: 'ACL', Settings: { Action: 'Allow', Direction: 'In', Priority: 100 } },
        { Type: 'SDNRoute', Settings: { DestinationPrefix: '10.96.0.0/12', NeedEncap: true } },
        {
          Type: 'L4WFPPROXY',
          Settings: {
            InboundProxyPort: '15006',
            OutboundProxyPort: '15001',
            FilterTuple: { Protocols: '6' },
            UserSID: 'S-1-5-32-556',
            InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['15090', '15021'] },
            OutboundExceptions: {},
          },
        },
      ],
      SchemaVersion: { Major: 2, Minor: 0 },
    });
  }
  return {
    networks: [{ ID: net, Name: 'bench', Type: 'NAT' }],
    endpoints,
    namespaces: [],
    version: { major: 15, minor: 1 },
  };
}

async function timeList(list: () => Promise<unknown[]>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const eps = await list();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (eps.length !== N) throw new Error(`listed ${eps.length} endpoints, expected ${N}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export const list1000: FigureProducer = {
  group: 'list1000',
  description: 'list 1,000 endpoints × 5 policies via koffi + fake library',
  async run(log) {
    const libraryPath = buildFakeLib();
    const { hns: app, controls } = await createFakeHns({ state: state(), libraryPath });
    const { hns: serial } = await createFakeHns({ state: state(), libraryPath, concurrency: 1 });

    controls.configure({ latencyUs: 0 });
    await timeList(() => app.listEndpoints()); // warm-up: JIT, koffi async pools, thread pool
    const overheads: number[] = [];
    for (let i = 0; i < 9; i++) overheads.push(await timeList(() => app.listEndpoints()));
    const overheadMs = median(overheads);
    log(`0 latency: ${overheads.map((x) => x.toFixed(1)).join(', ')} ms`);

    controls.configure({ latencyUs: 1000 });
    const serialMs = await timeList(() => serial.listEndpoints());
    log(`serial (concurrency 1), 1 ms/call: ${serialMs.toFixed(0)} ms`);
    const apps: number[] = [];
    for (let i = 0; i < 3; i++) apps.push(await timeList(() => app.listEndpoints()));
    const appMs = median(apps);
    log(`app (concurrency ${app.concurrency}), 1 ms/call: ${apps.map((x) => x.toFixed(0)).join(', ')} ms`);
    controls.configure({});

    const leaks = controls.counters();
    if (leaks.openHandles || leaks.unfreedBuffers || leaks.badFrees)
      throw new Error(`leaks after the benchmark: ${JSON.stringify(leaks)}`);
    return {
      'list1000.serial_ms': Math.round(serialMs),
      'list1000.app_ms': Math.round(appMs),
      'list1000.speedup': Math.round((serialMs / appMs) * 10) / 10,
      'list1000.overhead_us_per_endpoint': Math.round((overheadMs * 1000) / N),
      // The least-disturbed run: on a shared, loaded machine the median mostly measures the neighbours.
      'list1000.overhead_us_per_endpoint_min': Math.round((Math.min(...overheads) * 1000) / N),
      'list1000.concurrency': app.concurrency ?? DEFAULT_HNS_CONCURRENCY,
      'list1000.uv_threadpool_size': Number(process.env.UV_THREADPOOL_SIZE) || 4,
    };
  },
};
