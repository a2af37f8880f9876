import { copyFileSync, mkdtempSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { README_NODE as NODE, startCriServer, stopCriServer } from '../support/container-servers';

// hcnproxyctrl's README (microsoft/hcnproxyctrl, "Example - hcnproxyctl.exe") shows this session:
//   > .\hcnproxyctl.exe lookup ccaae3aba155ccfb08fdf2e51fa4034f19db40d0ae5b485820544e49a60499c0
//   93f86a7f-e361-4362-b8a4-81bbb6a622dd
//   > .\hcnproxyctl.exe add 93f86a7f-… --port 8000 --usersid S-1-5-21-1688553208-1784504425-564974220-1000
//   Successfully added the policy
//   > .\hcnproxyctl.exe list 93f86a7f-…
//   ProxyPort: 8000, UserSID: "S-1-5-21-…-1000", LocalAddr: <nil>, RemoteAddr: <nil>, Priority: 0, Protocol: 6
// Replayed here with the same arguments (plus where the runtime and the node state live), against
// a CRI v1 gRPC server holding that container and a node whose namespace holds that endpoint.

const CONTAINER = 'ccaae3aba155ccfb08fdf2e51fa4034f19db40d0ae5b485820544e49a60499c0';
const ENDPOINT = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';
const SID = 'S-1-5-21-1688553208-1784504425-564974220-1000';

// Unix-socket test servers: on Windows libuv's pipes are named pipes only (no socket file path), so
// these run off Windows. The named-pipe route to containerd is one only a Windows node can show.
const UNIX_SOCKETS = process.platform !== 'win32';

let dir: string;
let cri: { server: grpc.Server; address: string };

beforeAll(async () => {
  if (!UNIX_SOCKETS) return;
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-readme-'));
  cri = await startCriServer(join(dir, 'containerd.sock'));
});
afterAll(() => (UNIX_SOCKETS ? stopCriServer(cri.server) : undefined));

describe.skipIf(!UNIX_SOCKETS)("the seed README's lookup/add/list session through hcnproxyctl", () => {
  it('simulated backend, one session persisted in a state file', async () => {
    const state = join(dir, 'node.json');
    copyFileSync(NODE, state);
    const g = ['--backend', 'simulated', '--state', state, '--persist'];
    const looked = await cli(['lookup', CONTAINER, '--runtimeendpoint', cri.address, ...g], dir);
    expect(looked.code).toBe(0);
    expect(looked.stdout.trim()).toBe(ENDPOINT);
    const added = await cli(['add', ENDPOINT, '--port', '8000', '--usersid', SID, ...g], dir);
    expect(added.code).toBe(0);
    expect(added.stdout.trim()).toBe('Successfully added the policy');
    const listed = await cli(['list', ENDPOINT, ...g], dir);
    expect(listed.code).toBe(0);
    // The seed printed ProxyPort/UserSID/LocalAddr/RemoteAddr/Priority/Protocol; we print the same facts.
    expect(listed.stdout).toMatch(/inbound proxy port:\s+8000/);
    expect(listed.stdout).toMatch(/outbound proxy port:\s+8000/);
    expect(listed.stdout).toContain(`user SID (exempt):    ${SID}`);
    expect(listed.stdout).toMatch(/local addresses:\s+any/);
    expect(listed.stdout).toMatch(/remote addresses:\s+any/);
    expect(listed.stdout).toMatch(/priority:\s+0/);
    expect(listed.stdout).toMatch(/protocol:\s+TCP/);
    // What went to HNS is the current schema, not the seed's removed `Port`.
    const json = JSON.parse((await cli(['list', ENDPOINT, '--json', ...g], dir)).stdout);
    expect(json[0].raw).toEqual({
      Type: 'L4WFPPROXY',
      Settings: {
        InboundProxyPort: '8000',
        OutboundProxyPort: '8000',
        FilterTuple: { Protocols: '6' },
        UserSID: SID,
        InboundExceptions: {},
        OutboundExceptions: {},
      },
    });
    expect(json[0].flags).toEqual([]);
  });

  it('koffi + fake computenetwork library backend: the same session persisted through the fake library', async () => {
    const state = join(dir, 'fake-node.json');
    copyFileSync(NODE, state);
    const g = ['--backend', 'fake', '--state', state, '--persist'];
    const looked = await cli(['lookup', 'ccaae3aba155c', '--runtimeendpoint', cri.address, ...g], dir);
    // No silent skip: like the other fake-library tests, a missing C compiler fails here (README).
    expect(looked.code, looked.stderr).toBe(0);
    expect(looked.stdout.trim()).toBe(ENDPOINT);
    const added = await cli(['add', ENDPOINT, '--port', '8000', '--usersid', SID, '--json', ...g], dir);
    expect(added.code).toBe(0);
    const r = JSON.parse(added.stdout);
    expect(r.readBack).toBe('confirmed');
    expect(r.detail.proxyPolicies[0].policy).toMatchObject({
      inboundProxyPort: 8000,
      outboundProxyPort: 8000,
      userSid: SID,
    });
    expect(r.detail.proxyPolicies[0].policy).not.toHaveProperty('priority');
    expect(r.detail.proxyPolicies[0].raw.Settings).not.toHaveProperty('Port');
    const listed = await cli(['list', ENDPOINT, ...g], dir);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/inbound proxy port:\s+8000/);
    expect(listed.stdout).toContain(SID);
  });
});
