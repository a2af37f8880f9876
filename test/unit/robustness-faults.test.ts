// Issue 8 §2 (unit part): HNS failures through the real router.
//  - every HRESULT of native/hresult-table.ts, on every operation, on koffi + the fake C library and
//    on the simulator: a typed error with the HRESULT's name and sentence, HNS state unchanged, the
//    failed write journalled as failed, no leaked handles or buffers, the next call works, and the
//    renderer's describeError turns it into "NAME (0x…)" + sentence;
//  - HNS failing in the middle of an apply-to-many: one outcome per endpoint, nothing silent;
//  - HNS accepting a change but the read-back failing: applied, with a warning, journalled honestly;
//  - malformed JSON from HNS: a parse error (hns-parse), no crash, no leak;
//  - an HNS call held in flight: other router calls are still answered (timings printed, not asserted).
// Faults that must hit one endpoint name it (failId / faults.id): apply-to-many runs endpoints
// concurrently, so "the 3rd modify" would be whichever arrived third.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoState } from '../../native/demo-data';
import type { HnsClient } from '../../native/hns-client';
import { hresultHex } from '../../native/hns-error';
import { getArray, type HostComputeEndpoint } from '../../native/hns-json';
import { HRESULTS } from '../../electron/base/hresult-table';
import { SimulatedHns } from '../../native/simulated-hns';
import type { FakeControls } from '../support/fake-controls';
import { createFakeHns } from '../support/fake-hns';
import type { WindowsHns } from '../../native/windows/windows-hns';
import type { AppError, Result } from '../../electron/base/app-error';
import type { BulkResult, HnsInfo, JournalEntry } from '../../electron/core/views';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { buildFakeLib } from '../support/fake-lib';
import { checkFakeLeaksPerTest } from '../support/fake-leaks';

const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const NAT_EP = '8192a3b4-c5d6-4e7f-9081-92a3b4c5d6e7';
const GOOD = { inboundProxyPort: '15006', outboundProxyPort: '15001', userSid: 'S-1-5-18' };
const CODES = [...HRESULTS.entries()].map(([hresult, info]) => ({ hresult, ...info }));
/** Not in the table: still a typed error, with its hex as the name. */
const UNKNOWN = 0x80071234;

/** One operation, and the HNS function whose failure it must report. */
const OPS = [
  { channel: 'endpoints.list', fn: 'HcnEnumerateEndpoints', input: {}, write: false },
  { channel: 'endpoints.get', fn: 'HcnOpenEndpoint', input: { endpointId: WEB0 }, write: false },
  { channel: 'endpoints.get', fn: 'HcnQueryEndpointProperties', input: { endpointId: WEB0 }, write: false },
  { channel: 'policies.add', fn: 'HcnOpenEndpoint', input: { endpointId: WEB0, policy: GOOD }, write: false },
  {
    channel: 'policies.add',
    fn: 'HcnModifyEndpoint',
    input: { endpointId: WEB0, policy: GOOD },
    write: true,
  },
  { channel: 'policies.remove', fn: 'HcnModifyEndpoint', input: { endpointId: WEB0, index: 0 }, write: true },
  {
    channel: 'policies.clear',
    fn: 'HcnModifyEndpoint',
    input: { endpointId: WEB0, includeForeign: true },
    write: true,
  },
  {
    channel: 'diagnostics.endpoint',
    fn: 'HcnQueryEndpointProperties',
    input: { endpointId: WEB0 },
    write: false,
  },
  { channel: 'diagnostics.all', fn: 'HcnEnumerateEndpoints', input: {}, write: false },
  { channel: 'snapshot.export', fn: 'HcnEnumerateNetworks', input: {}, write: false },
  // Re-adds what a clear of NAT_EP removed in beforeAll (a failed restore can be retried).
  { channel: 'policies.restore', fn: 'HcnModifyEndpoint', input: 'restore', write: true, endpoint: NAT_EP },
] as const;
type Op = (typeof OPS)[number];
const opEndpoint = (op: Op) => ('endpoint' in op ? op.endpoint : WEB0);

interface Subject {
  name: string;
  core: AppCore;
  /** Every call of `fn` fails with `hresult`; undefined turns faults off. */
  fault(fn?: string, hresult?: number): void;
  leaks(): number;
  /** A successful clear's journal id, for the restore operation. */
  restoreId?: string;
}

function policies(ep: HostComputeEndpoint): unknown[] {
  return getArray(ep, 'Policies');
}

async function journalAll(core: AppCore): Promise<JournalEntry[]> {
  await core.ctx.journal.flush();
  return core.ctx.journal.all();
}

const dirs: string[] = [];
async function makeCore(hns: HnsClient): Promise<AppCore> {
  const dir = mkdtempSync(join(tmpdir(), 'hcnproxy-faults-'));
  dirs.push(dir);
  return createAppCore({
    backend: 'simulated',
    validateOutput: true,
    journalPath: join(dir, 'journal.jsonl'),
    wrapHns: () => hns,
  });
}

/** The renderer's error presentation, loaded without a browser (its module reads window.hcnproxy). */
let gui: typeof import('../../renderer/src/api');

let fake: Subject;
let sim: Subject;
let fakeHns: WindowsHns;
let controls: FakeControls;

beforeAll(async () => {
  (globalThis as { window?: unknown }).window ??= { hcnproxy: {} };
  gui = await import('../../renderer/src/api');
  const f = await createFakeHns({ state: demoState(), libraryPath: buildFakeLib() });
  fakeHns = f.hns;
  controls = f.controls;
  fake = {
    name: 'koffi + fake library',
    core: await makeCore(f.hns),
    fault: (fn, hresult) => controls.configure(fn ? { failFn: fn, failHr: hresult } : {}),
    leaks: () => {
      const c = controls.counters();
      return c.openHandles + c.unfreedBuffers + c.badFrees;
    },
  };
  const s = new SimulatedHns(demoState());
  sim = {
    name: 'simulator',
    core: await makeCore(s),
    fault: (fn, hresult) => s.setFaults(fn ? { operation: fn, hresult } : {}),
    leaks: () => 0,
  };
});

beforeAll(async () => {
  for (const s of [fake, sim]) {
    const added = await s.core.route('policies.add', { endpointId: NAT_EP, policy: GOOD });
    const cleared = await s.core.route('policies.clear', { endpointId: NAT_EP, includeForeign: true });
    if (!added.ok || !cleared.ok) throw new Error('setup of the restore case failed');
    s.restoreId = (cleared.value as { journalId?: string }).journalId;
  }
});

checkFakeLeaksPerTest(() => controls);

afterAll(async () => {
  await fake?.core.close();
  await sim?.core.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function expectHnsError(r: Result<unknown>, hresult: number, name: string, sentence: string): AppError {
  expect(r.ok).toBe(false);
  const e = (r as { error: AppError }).error;
  expect(e).toMatchObject({ code: 'hns', hresult: hresult >>> 0, hresultName: name, sentence });
  expect(e.message).toContain(name);
  expect(e.message).toContain(sentence);
  return e;
}

/**
 * Zero open handles and unfreed buffers once in-flight calls settle: a list fails as soon as one of
 * its parallel reads (endpoints, networks, namespaces) fails, while the others are still closing.
 * Waits for that condition; the timeout is only a guard (a loaded machine may take a while).
 */
async function noLeaks(s: Subject): Promise<void> {
  await expect.poll(() => s.leaks(), { timeout: 20_000, interval: 5 }).toBe(0);
}

/** Runs `op` with `fn` failing, then checks the error, the state, the journal, leaks and recovery. */
async function faultCase(s: Subject, op: Op, hresult: number, name: string, sentence: string) {
  const { core } = s;
  const ep = opEndpoint(op);
  const before = policies(await core.ctx.hns.getEndpoint(ep));
  const journalBefore = (await journalAll(core)).length;
  s.fault(op.fn, hresult);
  let r: Result<unknown>;
  try {
    r = await core.route(op.channel, op.input === 'restore' ? { journalId: s.restoreId } : op.input);
  } finally {
    s.fault();
  }
  const e = expectHnsError(r, hresult, name, sentence);
  expect(e.message).toContain(op.fn);
  // What the GUI makes of it (renderer/src/api.ts): the HRESULT name as the title, the sentence below.
  const shown = gui.describeError(new gui.ApiError(e));
  expect(shown.title).toBe(`${name} (${hresultHex(hresult)})`);
  expect(shown.detail).toBe(sentence);
  // Nothing changed in HNS, and a failed write says so in the journal (with the HRESULT name).
  expect(policies(await core.ctx.hns.getEndpoint(ep))).toEqual(before);
  const journal = await journalAll(core);
  if (op.write) {
    expect(journal.length).toBe(journalBefore + 1);
    expect(journal.at(-1)).toMatchObject({ outcome: 'failed', endpointId: ep });
    expect(journal.at(-1)?.error).toContain(name);
    expect(journal.at(-1)?.after).toEqual(journal.at(-1)?.before);
  } else {
    expect(journal.length).toBe(journalBefore);
  }
  await noLeaks(s);
}

describe.each(['koffi + fake library', 'simulator'])('every HRESULT on every operation: %s', (which) => {
  const subject = () => (which === 'simulator' ? sim : fake);

  it.each(CODES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const s = subject();
    for (const op of OPS) await faultCase(s, op, c.hresult, c.name, c.sentence);
    // HNS version read (hns.info): a fresh object per case, since a read version is cached per backend.
    const live = s.core.sessions.live;
    s.core.sessions.replaceLive({ ...live, hns: new Proxy(live.hns, {}) });
    s.fault('HNSCall', c.hresult);
    try {
      const info = await s.core.route('hns.info', {});
      expect(info.ok).toBe(true);
      const v = (info as { value: HnsInfo }).value;
      expect(v.versionError).toContain(c.name);
      expect(v.l4WfpProxySupported).toBe(false);
    } finally {
      s.fault();
      s.core.sessions.replaceLive(live);
    }
    // Still usable: the same operations succeed once HNS recovers.
    expect((await s.core.route('endpoints.get', { endpointId: WEB0 })).ok).toBe(true);
    expect((await s.core.route('endpoints.list', {})).ok).toBe(true);
  });

  it('an HRESULT not in the table keeps its hex as the name and says it is unrecognised', async () => {
    const hex = hresultHex(UNKNOWN);
    await faultCase(
      subject(),
      OPS[4],
      UNKNOWN,
      hex,
      `HNS returned an unrecognised error ${hex} (Win32 error ${UNKNOWN & 0xffff}).`,
    );
  });
});

describe('HNS failing in the middle of apply-to-many', () => {
  it.each(['koffi + fake library', 'simulator'])(
    '%s: one outcome per endpoint, the failed one named, the rest applied and read back',
    async (which) => {
      const s = which === 'simulator' ? sim : fake;
      const ids = demoState().endpoints.map((e) => e.ID);
      const before = new Map<string, unknown[]>();
      for (const id of ids) before.set(id, policies(await s.core.ctx.hns.getEndpoint(id)));
      const journalBefore = (await journalAll(s.core)).length;
      const policy = { inboundProxyPort: '4143', outboundProxyPort: '4140', userSid: 'S-1-5-32-556' };
      const victim = ids[2] as string;
      if (which === 'simulator')
        (s.core.ctx.hns as SimulatedHns).setFaults({
          operation: 'HcnModifyEndpoint',
          id: victim,
          hresult: 0x803b0020,
        });
      else controls.configure({ failFn: 'HcnModifyEndpoint', failId: victim, failHr: 0x803b0020 });
      let r: Result<unknown>;
      try {
        r = await s.core.route('policies.applyToMany', { endpointIds: ids, policy });
      } finally {
        s.fault();
      }
      expect(r.ok).toBe(true);
      const bulk = (r as { value: BulkResult }).value;
      expect(bulk.outcomes.map((o) => o.endpointId)).toEqual(ids);
      expect(bulk).toMatchObject({ succeeded: ids.length - 1, failed: 1 });
      const failed = bulk.outcomes.filter((o) => !o.ok);
      expect(failed.map((o) => o.endpointId)).toEqual([victim]);
      expect(failed[0]?.error).toMatchObject({
        code: 'hns',
        hresultName: 'HCN_E_MANAGER_STOPPED',
        sentence: HRESULTS.get(0x803b0020)?.sentence,
      });
      for (const o of bulk.outcomes) {
        const now = policies(await s.core.ctx.hns.getEndpoint(o.endpointId));
        const was = before.get(o.endpointId) ?? [];
        if (o.ok) {
          expect(o.result?.readBack).toBe('confirmed');
          expect(now.length).toBe(was.length + 1);
        } else {
          expect(now).toEqual(was); // the failed endpoint is untouched, and says so
        }
      }
      const journal = (await journalAll(s.core)).slice(journalBefore);
      expect(journal.map((j) => j.outcome).sort()).toEqual(
        [...Array(ids.length - 1).fill('ok'), 'failed'].sort(),
      );
      await noLeaks(s);
    },
  );
});

describe('HNS accepts a change but the read-back fails', () => {
  it.each(['koffi + fake library', 'simulator'])(
    '%s: reported as applied with a warning; the journal says what HNS should hold',
    async (which) => {
      const s = which === 'simulator' ? sim : fake;
      const before = policies(await s.core.ctx.hns.getEndpoint(WEB0));
      const proxiesBefore = before.filter((p) => (p as { Type?: string }).Type === 'L4WFPPROXY');
      // add = read (query 1), modify, read back (query 2): the 2nd query of WEB0 fails (counted on
      // WEB0 only, so a read of another endpoint in between cannot take the failure).
      const hr = 0x800706ba; // RPC_S_SERVER_UNAVAILABLE
      if (which === 'simulator')
        (s.core.ctx.hns as SimulatedHns).setFaults({
          operation: 'HcnQueryEndpointProperties',
          id: WEB0,
          failNth: 2,
          hresult: hr,
        });
      else controls.configure({ failFn: 'HcnQueryEndpointProperties', failId: WEB0, failNth: 2, failHr: hr });
      let r: Result<unknown>;
      try {
        r = await s.core.route('policies.add', {
          endpointId: WEB0,
          policy: { inboundProxyPort: '4143', outboundProxyPort: '4140', userSid: 'S-1-5-32-556' },
        });
      } finally {
        s.fault();
      }
      expect(r.ok).toBe(true);
      const v = (r as { value: { readBack: string; warnings: string[]; journalId?: string } }).value;
      expect(v.readBack).toBe('skipped');
      expect(v.warnings.join(' ')).toMatch(/reading the endpoint back failed.*RPC_S_SERVER_UNAVAILABLE/);
      const entry = (await journalAll(s.core)).find((j) => j.id === v.journalId);
      const now = policies(await s.core.ctx.hns.getEndpoint(WEB0)).filter(
        (p) => (p as { Type?: string }).Type === 'L4WFPPROXY',
      );
      expect(now.length).toBe(proxiesBefore.length + 1);
      // Not [] ("everything gone"): what HNS should hold, which is what it does hold.
      expect(entry?.after).toEqual(now);
      expect(entry?.error).toMatch(/read.*back failed/);
      await noLeaks(s);
    },
  );
});

describe('malformed JSON from HNS (koffi + fake library)', () => {
  // HNS's answer is decoded from the UTF-16 buffer the library returns; corrupt that text on its way
  // in, exactly where a broken HNS answer would arrive. The buffer is still freed.
  const corruptions: [string, (s: string) => string][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['not JSON', () => '<html>502 Bad Gateway</html>'],
    ['wrong shape', (t) => (t.startsWith('[') ? '{"not":"an array"}' : '[1,2,3]')],
    ['empty', () => ''],
  ];
  it.each(corruptions)('%s → hns-parse error, no crash, no leak, next call fine', async (_n, corrupt) => {
    const b = await (fakeHns as unknown as { lib(): Promise<{ decodeString16(p: bigint): string }> }).lib();
    const orig = b.decodeString16;
    b.decodeString16 = (p: bigint) => corrupt(orig.call(b, p));
    let results: Result<unknown>[];
    try {
      results = await Promise.all([
        fake.core.route('endpoints.get', { endpointId: WEB0 }),
        fake.core.route('endpoints.list', {}),
      ]);
    } finally {
      b.decodeString16 = orig;
    }
    for (const r of results) {
      expect(r.ok).toBe(false);
      expect((r as { error: AppError }).error.code).toBe('hns-parse');
      expect((r as { error: AppError }).error.message).toMatch(/malformed JSON/);
    }
    await noLeaks(fake);
    expect((await fake.core.route('endpoints.get', { endpointId: WEB0 })).ok).toBe(true);
  });
});

describe('an HNS call held in flight (koffi + fake library)', () => {
  it('other router calls are still answered, and the event loop keeps turning', async () => {
    const h = monitorEventLoopDelay({ resolution: 5 });
    // The fake keeps the first query of WEB0 inside the library until release(): the call is in flight
    // for as long as the test needs, however slow the machine (a latency knob would be a guess).
    controls.configure({ holdFn: 'HcnQueryEndpointProperties', holdId: WEB0 });
    let settled = false;
    const t0 = performance.now();
    const slow = fake.core.route('endpoints.get', { endpointId: WEB0 }).finally(() => (settled = true));
    await expect.poll(() => controls.held(), { timeout: 20_000 }).toBe(1);
    h.enable();
    const timings: Record<string, number> = {};
    for (const [channel, input] of [
      ['settings.get', {}],
      ['journal.list', {}],
      ['endpoints.get', { endpointId: '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' }],
      ['endpoints.list', {}], // queries WEB0 too: only the first query of it is held
      ['hns.info', {}],
    ] as const) {
      const t = performance.now();
      const r = await fake.core.route(channel, input);
      timings[channel] = Math.round(performance.now() - t);
      expect(r.ok, channel).toBe(true);
    }
    expect(settled, 'the held call is still in flight').toBe(false);
    expect(controls.held()).toBe(1);
    controls.release();
    expect((await slow).ok).toBe(true);
    h.disable();
    // Measured, printed, not asserted: how long the others took while the held call was pending.
    console.log(
      `held call pending ${Math.round(performance.now() - t0)} ms; others ${JSON.stringify(timings)}; ` +
        `event-loop delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`,
    );
    controls.configure({});
    await noLeaks(fake);
  });
});
