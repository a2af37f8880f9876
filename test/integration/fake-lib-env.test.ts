import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFakeLib, fakeLibraries } from '../support/fake-lib';

// The fake computenetwork library's environment knobs, which it reads once at load: each case loads
// it in a fresh Node process.

let lib: string;

beforeAll(() => {
  lib = buildFakeLib();
});

describe('fake library environment knobs', () => {
  it('reads HCNFAKE_STATE, HCNFAKE_FAIL_FN and HCNFAKE_FAIL_HR at load time', () => {
    // A fresh process, since the library reads its environment once.
    const script = `
      const koffi = require('koffi');
      const l = koffi.load(process.argv[1]);
      const out = koffi.pointer('OUTBUF', koffi.opaque('OUTBUF_T'));
      const en = l.func('int32 HcnEnumerateEndpoints(const char16_t *q, _Out_ OUTBUF *ids, _Out_ OUTBUF *rec)');
      const nets = l.func('int32 HcnEnumerateNetworks(const char16_t *q, _Out_ OUTBUF *ids, _Out_ OUTBUF *rec)');
      const free = koffi.load(process.env.FAKE_OLE32).func('void CoTaskMemFree(void *p)');
      const a = [null], r = [null];
      const hr1 = en('', a, r); const ids = koffi.decode.string16(a[0]); free(a[0]);
      const hr2 = nets('', a, r); const rec = koffi.decode.string16(r[0]); free(r[0]);
      console.log(JSON.stringify({ hr1, ids: JSON.parse(ids).length, hr2: (hr2 >>> 0).toString(16), rec }));`;
    const r = spawnSync(process.execPath, ['-e', script, lib], {
      encoding: 'utf8',
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        FAKE_OLE32: fakeLibraries().ole32, // on Windows the fake has no CoTaskMemFree of its own
        HCNFAKE_STATE: join(__dirname, '../fixtures/fake-state-demo.json'),
        HCNFAKE_FAIL_FN: 'HcnEnumerateNetworks',
        HCNFAKE_FAIL_HR: '0x800706BA',
      },
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { hr1: number; ids: number; hr2: string; rec: string };
    expect(out).toMatchObject({ hr1: 0, ids: 2, hr2: '800706ba' });
    expect(JSON.parse(out.rec)).toEqual({
      Success: false,
      Error: 'Injected failure in HcnEnumerateNetworks. ',
      ErrorCode: 0x800706ba,
    });
  });

  it('reads HCNFAKE_LATENCY_US and HCNFAKE_FAIL_NTH at load time', () => {
    const script = `
      const koffi = require('koffi');
      const l = koffi.load(process.argv[1]);
      const out = koffi.pointer('OUTBUF', koffi.opaque('OUTBUF_T'));
      const en = l.func('int32 HcnEnumerateEndpoints(const char16_t *q, _Out_ OUTBUF *ids, _Out_ OUTBUF *rec)');
      const free = koffi.load(process.env.FAKE_OLE32).func('void CoTaskMemFree(void *p)');
      const hrs = [], ms = [];
      for (let i = 0; i < 3; i++) {
        const a = [null], r = [null];
        const t0 = process.hrtime.bigint();
        hrs.push((en('', a, r) >>> 0).toString(16));
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (a[0]) free(a[0]);
        if (r[0]) free(r[0]);
      }
      console.log(JSON.stringify({ hrs, ms }));`;
    const r = spawnSync(process.execPath, ['-e', script, lib], {
      encoding: 'utf8',
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        FAKE_OLE32: fakeLibraries().ole32, // on Windows the fake has no CoTaskMemFree of its own
        HCNFAKE_STATE: join(__dirname, '../fixtures/fake-state-demo.json'),
        HCNFAKE_LATENCY_US: '40000',
        HCNFAKE_FAIL_NTH: '2',
      },
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { hrs: string[]; ms: number[] };
    expect(out.hrs).toEqual(['0', '80004005', '0']); // only the 2nd call fails, with the default E_FAIL
    for (const ms of out.ms) expect(ms).toBeGreaterThanOrEqual(39);
  });
});
