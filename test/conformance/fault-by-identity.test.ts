import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HnsClient } from '../../native/hns-client';
import { HnsError } from '../../native/hns-error';
import { endpointId } from '../../native/hns-json';
import { SimulatedHns } from '../../native/simulated-hns';
import type { FakeControls } from '../support/fake-controls';
import { createFakeHns } from '../support/fake-hns';
import { buildFakeLib, fakeLibraries } from '../support/fake-lib';
import { checkFakeLeaksPerTest } from '../support/fake-leaks';
import { bulkEndpointId, conformanceState, SUBJECT_ID, UPPER_ID } from './fixture-state';

// Fault injection by identity (fake library failId / HCNFAKE_FAIL_ID, simulator faults.id): the
// failure lands on the named object whatever order concurrent calls arrive in. Both backends must
// agree, since tests pick whichever is handy.

const ERROR_NOT_FOUND = 0x80070490;
const E_ACCESSDENIED = 0x80070005;
const RPC_S_SERVER_UNAVAILABLE = 0x800706ba;
const TARGET = bulkEndpointId(13);

interface Fault {
  fn?: string;
  id: string;
  nth?: number;
  hr?: number;
}

interface Subject {
  hns: HnsClient;
  inject(f: Fault | undefined): void;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the call should have failed');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(HnsError);
      return e as HnsError;
    },
  );

let controls: FakeControls | undefined;

const subjects: { name: string; make(): Promise<Subject> }[] = [
  {
    name: 'SimulatedHns',
    async make() {
      const sim = new SimulatedHns(conformanceState(30));
      return {
        hns: sim,
        inject: (f) => sim.setFaults(f ? { id: f.id, operation: f.fn, failNth: f.nth, hresult: f.hr } : {}),
      };
    },
  },
  {
    name: 'WindowsHns + fake library',
    async make() {
      const fake = await createFakeHns({
        state: conformanceState(30),
        libraryPath: buildFakeLib(),
        concurrency: 8,
      });
      controls = fake.controls;
      return {
        hns: fake.hns,
        inject: (f) =>
          fake.controls.configure(f ? { failId: f.id, failFn: f.fn, failNth: f.nth, failHr: f.hr } : {}),
      };
    },
  },
];

for (const subject of subjects) {
  describe(`fault by identity: ${subject.name}`, () => {
    let s: Subject;
    beforeAll(async () => {
      s = await subject.make();
    });
    afterAll(() => {
      s.inject(undefined);
    });
    checkFakeLeaksPerTest(() => controls);

    it('a vanished endpoint (ERROR_NOT_FOUND at its open) is left out of a concurrent list; the rest is whole', async () => {
      s.inject({ fn: 'HcnOpenEndpoint', id: TARGET, hr: ERROR_NOT_FOUND });
      const ids = (await s.hns.listEndpoints()).map(endpointId);
      expect(ids).toHaveLength(32);
      expect(ids).not.toContain(TARGET);
      expect(ids).toContain(bulkEndpointId(12));
      expect(ids).toContain(bulkEndpointId(14));
      // It answers as a missing object does, with HNS's ErrorRecord.
      const e = await errorOf(s.hns.getEndpoint(TARGET));
      expect(e).toMatchObject({ hresult: ERROR_NOT_FOUND, operation: 'HcnOpenEndpoint' });
      expect(e.errorRecord).toContain('Element not found.');
      s.inject(undefined);
      expect(endpointId(await s.hns.getEndpoint(TARGET))).toBe(TARGET);
    });

    it('matches the ID in any case or with braces, and no other object', async () => {
      s.inject({ id: `{${UPPER_ID.toLowerCase()}}`, hr: E_ACCESSDENIED });
      const e = await errorOf(s.hns.getEndpoint(UPPER_ID));
      expect(e).toMatchObject({ hresult: E_ACCESSDENIED, hresultName: 'E_ACCESSDENIED' });
      expect(e.errorRecord).toContain('Injected failure in HcnOpenEndpoint.');
      expect(endpointId(await s.hns.getEndpoint(SUBJECT_ID))).toBe(SUBJECT_ID);
      expect(await s.hns.listNetworks()).toHaveLength(1);
    });

    it('with a function, fails only that call on that object (query after a good open)', async () => {
      s.inject({ fn: 'HcnQueryEndpointProperties', id: TARGET, hr: RPC_S_SERVER_UNAVAILABLE });
      const e = await errorOf(s.hns.listEndpoints());
      expect(e).toMatchObject({ hresult: RPC_S_SERVER_UNAVAILABLE, operation: 'HcnQueryEndpointProperties' });
      const modify = s.hns.modifyEndpoint(TARGET, {
        ResourceType: 'Policy',
        RequestType: 'Add',
        Settings: { Policies: [] },
      });
      await expect(modify).resolves.toBeUndefined();
    });

    it('with failNth, counts only the calls on that object, however many others run beside them', async () => {
      s.inject({ fn: 'HcnOpenEndpoint', id: TARGET, nth: 2, hr: RPC_S_SERVER_UNAVAILABLE });
      // Each list opens all 33 endpoints, 8 at once: only the target's opens count.
      expect(await s.hns.listEndpoints()).toHaveLength(33);
      const e = await errorOf(s.hns.listEndpoints());
      expect(e).toMatchObject({ hresult: RPC_S_SERVER_UNAVAILABLE, operation: 'HcnOpenEndpoint' });
      expect(await s.hns.listEndpoints()).toHaveLength(33);
    });
  });
}

describe('fake library: HCNFAKE_FAIL_ID', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hcnfake-id-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read at load time, with HCNFAKE_FAIL_FN and HCNFAKE_FAIL_HR', () => {
    // A fresh process, since the library reads its environment once.
    const state = join(dir, 'state.json');
    writeFileSync(state, JSON.stringify(conformanceState(3)));
    const script = `
      const koffi = require('koffi');
      const l = koffi.load(process.argv[1]);
      const GUID = koffi.struct('GUID', { Data1: 'uint32', Data2: 'uint16', Data3: 'uint16', Data4: koffi.array('uint8', 8) });
      const out = koffi.pointer('OUTBUF', koffi.opaque('OUTBUF_T'));
      const del = l.func('int32 HcnDeleteEndpoint(const GUID *id, _Out_ OUTBUF *rec)');
      const free = koffi.load(process.env.FAKE_OLE32).func('void CoTaskMemFree(void *p)');
      const guid = (s) => { const h = s.replace(/-/g, ''); return { Data1: parseInt(h.slice(0, 8), 16),
        Data2: parseInt(h.slice(8, 12), 16), Data3: parseInt(h.slice(12, 16), 16),
        Data4: Array.from({ length: 8 }, (_, i) => parseInt(h.slice(16 + 2 * i, 18 + 2 * i), 16)) }; };
      const hrs = [];
      for (const id of process.argv.slice(2)) {
        const r = [null];
        hrs.push((del(guid(id), r) >>> 0).toString(16));
        if (r[0]) free(r[0]);
      }
      console.log(JSON.stringify(hrs));`;
    const ids = [bulkEndpointId(0), bulkEndpointId(1), bulkEndpointId(2)];
    const r = spawnSync(process.execPath, ['-e', script, buildFakeLib(), ...ids], {
      encoding: 'utf8',
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        FAKE_OLE32: fakeLibraries().ole32, // on Windows the fake has no CoTaskMemFree of its own
        HCNFAKE_STATE: state,
        HCNFAKE_FAIL_FN: 'HcnDeleteEndpoint',
        HCNFAKE_FAIL_ID: bulkEndpointId(1).toUpperCase(),
        HCNFAKE_FAIL_HR: '0x80070005',
      },
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['0', '80070005', '0']);
  });
});
