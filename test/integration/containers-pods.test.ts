import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criServiceDefinition } from '../../electron/core/containers/cri';
import type { EndpointDetail, EndpointSummary, LookupResult } from '../../electron/core/views';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { cli } from '../support/cli';
import {
  README_NODE,
  readmeNodeCore,
  startCriServer,
  stopCriServer,
  type CriServer,
} from '../support/container-servers';
import { ok } from '../support/result';

// The Pod column: the node read asks the CRI for every sandbox (ListPodSandbox + PodSandboxStatus
// verbose) and matches the sandbox's network namespace with the endpoint's. Served by the real grpc-js
// test server (test/support/container-servers.ts) from test/fixtures/cri/containers.json's sandboxes.

const HELLO_EP = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';
const CART_EP = '6c5b4a39-2817-4f6e-9d5c-4b3a29180f7e';
const BARE_EP = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';

// Unix-socket test servers: on Windows libuv's pipes are named pipes only (no socket file path), so
// these run off Windows. The named-pipe route to containerd is one only a Windows node can show.
const UNIX_SOCKETS = process.platform !== 'win32';

let dir: string;
let cri: CriServer;
let core: AppCore;

beforeAll(async () => {
  if (!UNIX_SOCKETS) return;
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-pods-'));
  cri = await startCriServer(join(dir, 'containerd.sock'));
  core = await readmeNodeCore(dir, { pods: cri.address });
});

afterAll(async () => {
  if (!UNIX_SOCKETS) return;
  await stopCriServer(cri.server);
  await core.close();
});

const podCalls = () => cri.calls.filter((c) => c.startsWith('ListPodSandbox') || c.startsWith('PodSandbox'));

describe.skipIf(!UNIX_SOCKETS)('endpoint → pod through the CRI', () => {
  it('names the pod of each endpoint by its sandbox network namespace; none without a namespace', async () => {
    const eps = ok<EndpointSummary[]>(await core.route('endpoints.list', {}));
    const pod = (id: string) => eps.find((e) => e.id === id)?.pod;
    // The runtime wrote {UPPER-CASE} with braces: compared canonical.
    expect(pod(HELLO_EP)).toBe('default/windows-hello-test-7d9f');
    // A stopped sandbox (shop/cart-old) once held the same namespace: the ready one wins.
    expect(pod(CART_EP)).toBe('shop/cart-0');
    expect(eps.find((e) => e.id === BARE_EP)).not.toHaveProperty('pod');
  });

  it('walks the CRI once per node read, not per endpoint: list + detail + diagnostics share it', async () => {
    const before = podCalls().length;
    ok(await core.route('endpoints.list', {}));
    const detail = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: CART_EP }));
    ok(await core.route('diagnostics.all', {}));
    expect(detail.summary.pod).toBe('shop/cart-0');
    // One ListPodSandbox and one verbose status per sandbox (5 in the fixture), for 3 endpoints and 3 calls.
    expect(podCalls().slice(before)).toEqual([
      'ListPodSandbox',
      'PodSandboxStatus f04bda79168c8aa11 verbose=true',
      'PodSandboxStatus 0aa verbose=true',
      'PodSandboxStatus 0ee verbose=true',
      'PodSandboxStatus 0bb verbose=true',
      'PodSandboxStatus 0dd verbose=true',
    ]);
  });

  it('an unreachable runtime leaves the pods out and the list still works', async () => {
    const other = await createAppCore({
      backend: 'simulated',
      stateFile: README_NODE,
      journalPath: join(dir, 'j2.jsonl'),
      pods: `unix://${join(dir, 'nothing.sock')}`,
    });
    try {
      const eps = ok<EndpointSummary[]>(await other.route('endpoints.list', {}));
      expect(eps).toHaveLength(3);
      expect(eps.some((e) => e.pod !== undefined)).toBe(false);
      const { podNote } = await other.ctx.nodeState.read(other.ctx.hns);
      expect(podNote).toMatch(/^No pods: Could not reach the CRI runtime at unix:\/\/.*nothing\.sock/);
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!UNIX_SOCKETS)('lookup by pod (namespace/name)', () => {
  const lookup = (input: Record<string, unknown>) => core.route('containers.lookup', input);

  it('finds the endpoints of the pod, naming the sandbox and the pod', async () => {
    const r = ok<LookupResult>(await lookup({ containerId: 'shop/cart-0', runtimeEndpoint: cri.address }));
    expect(r.matches).toEqual([
      {
        containerId: '0bb',
        endpointId: CART_EP,
        endpointName: 'pod-bb_eth0',
        source: 'cri',
        namespaceId: '2f6c8a10-7e3d-4b9a-8c21-5d4e3f2a1b0c',
        pod: 'shop/cart-0',
      },
    ]);
  });

  it('a pod the runtime does not know is a not-found naming it', async () => {
    const r = await lookup({ containerId: 'shop/nope', runtimeEndpoint: cri.address });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: `The CRI runtime at ${cri.address} has no pod shop/nope with a network namespace (kubectl get pod -n shop nope -o wide shows which node runs it).`,
      },
    });
  });

  it('refuses a pod with --docker, and names that are not DNS-1123 pod names', async () => {
    const d = await lookup({ containerId: 'shop/cart-0', docker: true });
    expect(d.ok ? null : d.error.message).toBe(
      'shop/cart-0 is a pod (namespace/name): pods are known to the CRI runtime, not Docker Engine; drop --docker.',
    );
    for (const bad of ['Shop/cart-0', 'shop/cart/0', 'shop/', '/cart-0', 'shop/-cart']) {
      const r = await lookup({ containerId: bad });
      expect(r.ok ? null : r.error.issues?.[0]?.message, bad).toBe(
        'Must be a container id, a unique prefix of one, or a pod as namespace/name.',
      );
    }
  });
});

describe.skipIf(!UNIX_SOCKETS)('hcnproxyctl shows and filters by pod', () => {
  const run = (args: string[]) =>
    cli([...args, '--backend', 'simulated', '--state', README_NODE], dir, { core: { pods: cri.address } });

  it('endpoints prints a POD column; --pod keeps the matching ones; none matching says so', async () => {
    const all = await run(['endpoints']);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +NETWORK +IP +PROXY +OTHER POLICIES +POD +CONTAINERS$/);
    expect(lines.find((l) => l.startsWith(CART_EP))).toContain(' shop/cart-0 ');
    expect(lines.find((l) => l.startsWith(BARE_EP))).toMatch(/PortMapping +- +-$/);
    const shop = await run(['endpoints', '--pod', 'shop/', '--json']);
    expect((JSON.parse(shop.stdout) as EndpointSummary[]).map((e) => e.id)).toEqual([CART_EP]);
    const none = await run(['endpoints', '--pod', 'kube-system/']);
    expect(none.stdout.trim()).toBe('No endpoint belongs to a pod matching "kube-system/".');
  });

  it('lookup takes namespace/name', async () => {
    const r = await run(['lookup', 'default/windows-hello-test-7d9f', '--runtimeendpoint', cri.address]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(HELLO_EP);
  });
});

describe('CRI v1 wire format of the pod calls (runtime/v1 api.proto, bytes by hand)', () => {
  const def = () => criServiceDefinition();
  const str = (tag: number, s: string) => [tag, s.length, ...Buffer.from(s)];
  const msg = (tag: number, body: number[]) => [tag, body.length, ...body];

  it('ListPodSandboxResponse: items (1) → id (1), metadata (2) → name (1), uid (2), namespace (3); state (3)', () => {
    const meta = [...str(0x0a, 'web'), ...str(0x12, 'u1'), ...str(0x1a, 'shop')];
    const item = [...str(0x0a, 'sb1'), ...msg(0x12, meta), 0x18, 0x01];
    const r = def().ListPodSandbox!.responseDeserialize(Buffer.from(msg(0x0a, item))) as {
      items: Array<{ id: string; metadata: { name: string; namespace: string }; state: string }>;
    };
    expect(r.items[0]).toMatchObject({
      id: 'sb1',
      metadata: { name: 'web', namespace: 'shop' },
      state: 'SANDBOX_NOTREADY',
    });
  });

  it('PodSandboxStatusRequest: pod_sandbox_id (1), verbose (2); response info is field 2', () => {
    const bytes = def().PodSandboxStatus!.requestSerialize({ podSandboxId: 'sb1', verbose: true });
    expect([...bytes]).toEqual([...str(0x0a, 'sb1'), 0x10, 0x01]);
    const entry = [...str(0x0a, 'info'), ...str(0x12, '{}')];
    const r = def().PodSandboxStatus!.responseDeserialize(Buffer.from(msg(0x12, entry))) as {
      info: Record<string, string>;
    };
    expect(r.info).toEqual({ info: '{}' });
    expect(def().ListPodSandbox!.path).toBe('/runtime.v1.RuntimeService/ListPodSandbox');
    expect(def().PodSandboxStatus!.path).toBe('/runtime.v1.RuntimeService/PodSandboxStatus');
  });
});
