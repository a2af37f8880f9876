import { beforeAll, describe, expect, it } from 'vitest';
import { HnsError } from '../../native/hns-error';
import type { FakeControls } from '../support/fake-controls';
import { NOT_FOUND_HRESULTS } from '../../native/windows/windows-hns';
import { conformanceState, ID_KEY_ID, SUBJECT_ID, UPPER_ID } from '../conformance/fixture-state';
import { createFakeHns } from '../support/fake-hns';
import { checkFakeLeaksPerTest } from '../support/fake-leaks';
import { buildFakeLib } from '../support/fake-lib';

// Issue 12 item 6 (docs/hcn-api.md §9 question 1): real HNS may say ERROR_NOT_FOUND or
// HCN_E_ENDPOINT_NOT_FOUND for an endpoint that vanished mid-list. Both are skipped; anything else
// still fails the list. The identity knob (failId) picks the vanished endpoint whatever the order
// the concurrent chains reach it.

const ERROR_NOT_FOUND = 0x80070490;
const HCN_E_ENDPOINT_NOT_FOUND = 0x803b0002;
const HCN_E_NETWORK_NOT_FOUND = 0x803b0001;
const E_ACCESSDENIED = 0x80070005;

let lib: string;
let controls: FakeControls | undefined;

beforeAll(() => {
  lib = buildFakeLib();
});

checkFakeLeaksPerTest(() => controls, { resetKnobs: true });

async function fake() {
  const f = await createFakeHns({ state: conformanceState(), libraryPath: lib, knobs: {} });
  controls = f.controls;
  return f;
}

describe('an endpoint that vanishes during a list', () => {
  it('the not-found codes are exactly the ones HNS is known to use', () => {
    expect(NOT_FOUND_HRESULTS.endpoint).toEqual([ERROR_NOT_FOUND, HCN_E_ENDPOINT_NOT_FOUND]);
    expect(NOT_FOUND_HRESULTS.network).toEqual([ERROR_NOT_FOUND, HCN_E_NETWORK_NOT_FOUND]);
  });

  for (const [name, hr] of [
    ['ERROR_NOT_FOUND 0x80070490', ERROR_NOT_FOUND],
    ['HCN_E_ENDPOINT_NOT_FOUND 0x803B0002', HCN_E_ENDPOINT_NOT_FOUND],
  ] as const) {
    for (const fn of ['HcnOpenEndpoint', 'HcnQueryEndpointProperties']) {
      it(`is skipped when ${fn} says ${name}`, async () => {
        const { hns, controls: c } = await fake();
        c.configure({ failFn: fn, failId: UPPER_ID, failHr: hr });
        const ids = (await hns.listEndpoints()).map((e) => e.ID ?? (e as { Id?: string }).Id);
        expect(ids).toEqual([SUBJECT_ID, ID_KEY_ID]);
      });
    }
  }

  it('fails the list for any other HRESULT, naming it', async () => {
    const { hns, controls: c } = await fake();
    c.configure({ failFn: 'HcnOpenEndpoint', failId: UPPER_ID, failHr: E_ACCESSDENIED });
    const e = await hns.listEndpoints().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HnsError);
    expect((e as HnsError).hresult).toBe(E_ACCESSDENIED);
    expect((e as HnsError).operation).toBe('HcnOpenEndpoint');
  });

  it('a network gone with HCN_E_NETWORK_NOT_FOUND is skipped too; an endpoint code on a network is not', async () => {
    const { hns, controls: c } = await fake();
    const [net] = conformanceState().networks;
    c.configure({ failFn: 'HcnOpenNetwork', failId: net?.ID, failHr: HCN_E_NETWORK_NOT_FOUND });
    expect(await hns.listNetworks()).toEqual([]);
    c.configure({ failFn: 'HcnOpenNetwork', failId: net?.ID, failHr: HCN_E_ENDPOINT_NOT_FOUND });
    await expect(hns.listNetworks()).rejects.toMatchObject({ hresult: HCN_E_ENDPOINT_NOT_FOUND });
  });

  it('a getEndpoint of a vanished endpoint still reports the code HNS gave (not skipped)', async () => {
    const { hns, controls: c } = await fake();
    c.configure({ failFn: 'HcnOpenEndpoint', failId: SUBJECT_ID, failHr: HCN_E_ENDPOINT_NOT_FOUND });
    const e = await hns.getEndpoint(SUBJECT_ID).catch((x: unknown) => x);
    expect((e as HnsError).hresultName).toBe('HCN_E_ENDPOINT_NOT_FOUND');
  });
});
