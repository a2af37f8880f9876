// 10,000 random and malformed payloads across every channel, through the router createAppCore builds
// (the same one Electron main uses), with a counting wrapper around the HnsClient.
// Holds: no exception escapes; every answer is {ok:true,value} passing the output schema or
// {ok:false,error} with a code; input the contract rejects causes zero HNS calls.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HnsClient } from '../../native/hns-client';
import { AppErrorSchema } from '../../electron/base/app-error';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { CHANNELS, contract, inputSchema, type Channel, type Origin } from '../../electron/ipc/contract';

vi.mock('electron', () => ({}));

const RUNS = 10_000;
const SEED = 0x5eed_c0de;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const FIELD_NAMES = [
  'endpointId',
  'endpointIds',
  'policy',
  'index',
  'expected',
  'includeForeign',
  'journalId',
  'containerId',
  'runtimeEndpoint',
  'docker',
  'journalPath',
  'flow',
  'limit',
  'fileName',
  'contentBase64',
  'editable',
  'autoRefreshSeconds',
  'templates',
  'inboundProxyPort',
  'outboundProxyPort',
  'userSid',
  'priority',
  'localPorts',
  'remoteAddresses',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'then',
  '',
];
const STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '65536',
  '15001',
  'null',
  'undefined',
  'true',
  '{}',
  '[]',
  '../../../../Windows/System32/config/SAM',
  '\\\\.\\pipe\\docker_engine',
  // Issue 13 attacks: UNC runtime addresses, control characters for logs and terminals, devices.
  '//evil.example/pipe/docker_engine',
  'unix:////evil.example/pipe/docker_engine',
  '\\\\evil.example\\pipe\\docker_engine',
  'npipe://evil.example/pipe/x',
  '\\\\.\\pipe\\..',
  'j-1\r\n[info] forged',
  '\u001b]0;pwned\u0007\u001b[2J',
  '\u009b31m',
  '/dev/zero',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  'C:\\ProgramData\\x.jsonl',
  'npipe:////./pipe/evil',
  'unix:///var/run/x.sock',
  'http://169.254.169.254/',
  '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
  '{5E6F7081-92A3-4B4C-8D5E-6F708192A3B4}',
  '5e6f7081-92a3-4b4c-8d5e-6f708192a3b',
  '00000000-0000-0000-0000-000000000000',
  'S-1-5-18',
  'S-1-5-21-1-2-3-1001',
  'S-1',
  '10.0.0.1',
  '::1',
  '10.0.0.0/8',
  '300.1.1.1',
  '1-65535',
  '80,443',
  '\u0000',
  '\ud800',
  '\u202e',
  'A'.repeat(70_000),
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE x; --",
  '%00',
  'app://hcnproxy/index.html',
  'TCP',
  'UDP',
  'inbound',
  'outbound',
];

function junk(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 2 ? 14 : 18);
  switch (k) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return r.next() < 0.5;
    case 3:
      return r.pick([0, -0, 1, -1, 0.5, 65535, 65536, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308]);
    case 4:
      return r.pick([NaN, Infinity, -Infinity]);
    case 5:
      return Math.floor(r.next() * 200_000) - 100_000;
    case 6:
    case 7:
      return r.pick(STRINGS);
    case 8:
      return Array.from({ length: r.int(12) }, () => String.fromCharCode(r.int(0xffff))).join('');
    case 9:
      return BigInt(r.int(1000)); // structured clone carries BigInt
    case 10:
      return new Date(r.int(2 ** 40));
    case 11:
      return new Uint8Array(r.int(64));
    case 12:
      return r.pick([new Map([['a', 1]]), new Set([1]), /re/g]);
    case 13:
      return r.pick(['5e6f7081-92a3-4b4c-8d5e-6f708192a3b4', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF']);
    case 14:
    case 15:
      return Array.from({ length: r.int(6) }, () => junk(r, depth + 1));
    default: {
      // An object with own keys, including __proto__ as a real own property (as JSON.parse makes it).
      const o: Record<string, unknown> = JSON.parse('{}');
      for (let i = r.int(5); i > 0; i--) {
        Object.defineProperty(o, r.pick(FIELD_NAMES), {
          value: junk(r, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return o;
    }
  }
}

function mutate(r: Rng, valid: Record<string, unknown>): unknown {
  const copy: Record<string, unknown> = structuredClone(valid);
  const keys = Object.keys(copy);
  switch (r.int(4)) {
    case 0:
      if (keys.length) copy[r.pick(keys)] = junk(r);
      break; // wrong value
    case 1:
      copy[r.pick(FIELD_NAMES) || 'x'] = junk(r);
      break; // extra or replaced key
    case 2:
      if (keys.length) delete copy[r.pick(keys)];
      break; // missing key
    default: {
      // one level down (policy / flow)
      const inner = keys.map((k) => copy[k]).find((v) => v && typeof v === 'object' && !Array.isArray(v)) as
        Record<string, unknown> | undefined;
      if (inner) inner[r.pick([...Object.keys(inner), ...FIELD_NAMES])] = junk(r);
      else copy[r.pick(FIELD_NAMES) || 'x'] = junk(r);
    }
  }
  return copy;
}

function counting(hns: HnsClient, counter: { calls: number }): HnsClient {
  return new Proxy(hns, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || prop === 'close') return v;
      return (...args: unknown[]) => {
        counter.calls++;
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const isValidInput = (channel: unknown, input: unknown, origin: Origin): channel is Channel =>
  typeof channel === 'string' &&
  (CHANNELS as string[]).includes(channel) &&
  inputSchema(channel as Channel, origin).safeParse(input ?? {}).success;

// Both rule sets of the contract (issue 13 must-hold 3): the window's (Electron main, and the harness
// with the same rules) and the CLI's, which accepts what only an administrator at the shell may send.
describe.each(['window', 'cli'] as const)('IPC fuzz, origin %s', (origin) => {
  const counter = { calls: 0 };
  let core: AppCore;
  let dir: string;
  const cwd = process.cwd();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hcn-fuzz-'));
    // Whatever a valid call writes by a relative path stays in the temp dir.
    process.chdir(dir);
    core = await createAppCore({
      // 'window': Electron main's rules (a journalPath is refused, by field); 'cli': the CLI's.
      origin,
      backend: 'simulated',
      validateOutput: true,
      journalPath: join(dir, 'journal.jsonl'),
      wrapHns: (hns) => counting(hns, counter),
    });
  });
  afterAll(async () => {
    process.chdir(cwd);
    await core?.close();
  });

  it(`${RUNS.toLocaleString('en')} payloads: typed answers only, no HNS call on invalid input`, async () => {
    const list = await core.route('endpoints.list', {});
    expect(list.ok).toBe(true);
    const ids = (list.ok ? (list.value as Array<{ id: string }>) : []).map((e) => e.id);
    const id = ids[0]!;
    const policy = {
      inboundProxyPort: 15001,
      outboundProxyPort: 15006,
      userSid: 'S-1-5-21-1-2-3-1337',
      priority: 5,
    };
    const samples: Record<Channel, Record<string, unknown>> = {
      'endpoints.list': {},
      'endpoints.get': { endpointId: id },
      'policies.add': { endpointId: id, policy },
      'policies.remove': { endpointId: id, index: 0 },
      'policies.clear': { endpointId: id, includeForeign: false },
      'policies.restore': { journalId: 'j-1' },
      'policies.applyToMany': { endpointIds: ids.slice(0, 3), policy },
      'policies.applySet': { endpointIds: ids.slice(0, 3), policies: [policy, policy] },
      'containers.lookup': { containerId: 'abc123' },
      'diagnostics.endpoint': { endpointId: id },
      'diagnostics.all': {},
      'diagnostics.events': { endpointId: id },
      'flows.explain': {
        endpointId: id,
        flow: {
          direction: 'inbound',
          localIp: '10.0.0.5',
          localPort: 80,
          remoteIp: '10.0.0.9',
          remotePort: 5555,
        },
      },
      'hns.info': {},
      'hns.allowUnverifiedVersion': {},
      'journal.list': { limit: 5 },
      'watch.events': { since: 0, waitMs: 0 },
      'snapshot.export': {},
      'snapshot.open': {
        fileName: 'x.json',
        contentBase64: Buffer.from('{"not":"a snapshot"}').toString('base64'),
      },
      'snapshot.close': {},
      'settings.get': {},
      'settings.set': { autoRefreshSeconds: 5 },
      'app.restartElevated': {},
      'nodes.list': {},
      'nodes.discover': {},
      'nodes.add': { target: 'ssh://admin@node1' },
      'nodes.connect': { node: 'sim-1' },
      'nodes.pinHostKey': { node: 'sim-1', fingerprint: 'SHA256:x' },
      'nodes.route': { node: 'local', channel: 'hns.info', input: {} },
      'fleet.endpoints': {},
      'fleet.diagnose': {},
      'fleet.watch': { nodes: [] },
      'fleet.apply': { targets: [{ node: 'local', endpointIds: ids.slice(0, 1) }], policy },
    };
    for (const c of CHANNELS) expect(isValidInput(c, samples[c], origin), `sample for ${c}`).toBe(true);

    const r = rng(SEED);
    const stats = {
      runs: 0,
      invalid: 0,
      valid: 0,
      ok: 0,
      errors: 0,
      escaped: 0,
      hnsCallsOnInvalid: 0,
      badOutput: 0,
    };
    const codes = new Map<string, number>();
    for (let i = 0; i < RUNS; i++) {
      const roll = r.next();
      const channel: unknown =
        roll < 0.08
          ? r.pick<unknown>([
              'endpoints.nuke',
              '',
              'hns.info ',
              'HNS.INFO',
              '__proto__',
              'constructor',
              'toString',
              42,
              null,
              undefined,
              {},
              ['hns.info'],
            ])
          : r.pick(CHANNELS);
      const sample =
        samples[
          (typeof channel === 'string' && Object.hasOwn(samples, channel) ? channel : 'hns.info') as Channel
        ];
      const how = r.next();
      const input: unknown = how < 0.45 ? mutate(r, sample) : how < 0.85 ? junk(r) : structuredClone(sample);
      const valid = isValidInput(channel, input, origin);
      const before = counter.calls;
      let answer: unknown;
      try {
        answer = await core.route(channel, input);
      } catch {
        stats.escaped++;
        continue;
      }
      stats.runs++;
      const res = answer as { ok: boolean; value?: unknown; error?: unknown };
      if (!valid) {
        stats.invalid++;
        stats.hnsCallsOnInvalid += counter.calls - before;
        expect(res.ok, `invalid input accepted on ${String(channel)}`).toBe(false);
      } else stats.valid++;
      if (res.ok === true) {
        stats.ok++;
        const out = contract[channel as Channel].output.safeParse(res.value);
        expect(out.success, `output of ${String(channel)}`).toBe(true);
      } else {
        expect(res.ok).toBe(false);
        stats.errors++;
        const e = AppErrorSchema.safeParse(res.error);
        expect(e.success, JSON.stringify(res.error)).toBe(true);
        expect(typeof (res.error as { code: unknown }).code).toBe('string');
        const code = (res.error as { code: string }).code;
        if (code === 'bad-output') stats.badOutput++;
        if (code === 'internal' && process.env.FUZZ_DEBUG)
          console.log('internal', String(channel), (res.error as { message: string }).message);
        if (!valid) expect(['validation', 'unknown-channel']).toContain(code);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    console.log(
      `ipc-fuzz seed=${SEED.toString(16)}`,
      JSON.stringify(stats),
      JSON.stringify(Object.fromEntries(codes)),
    );
    expect(stats.escaped).toBe(0);
    expect(stats.runs).toBe(RUNS);
    expect(stats.hnsCallsOnInvalid).toBe(0);
    expect(stats.badOutput).toBe(0);
    // An 'internal' error is an unhandled bug in a service (it was settings.set with undefined keys).
    expect(codes.get('internal') ?? 0).toBe(0);
    // The generator must actually exercise both sides.
    expect(stats.invalid).toBeGreaterThan(RUNS / 2);
    expect(stats.valid).toBeGreaterThan(RUNS / 10);
    expect(stats.ok).toBeGreaterThan(0);
  }, 120_000);
});
