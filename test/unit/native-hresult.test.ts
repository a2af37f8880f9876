import { describe, expect, it } from 'vitest';
import { describeHresult, HnsError } from '../../native/hns-error';
import { HRESULTS } from '../../electron/base/hresult-table';

// docs/hcn-api.md §4.3: every HCN_E_* code 0x803B0001–0x803B0037 and the Win32 codes seen in HNS logs.
const WIN32 = {
  ERROR_NOT_FOUND: 0x80070490,
  E_ACCESSDENIED: 0x80070005,
  E_INVALIDARG: 0x80070057,
  ERROR_DUP_NAME: 0x80070034,
  ERROR_SERVICE_NOT_ACTIVE: 0x80070426,
  EPT_S_NOT_REGISTERED: 0x800706d9,
  RPC_S_SERVER_UNAVAILABLE: 0x800706ba,
  E_NOTIMPL: 0x80004001,
};

describe('HRESULT table', () => {
  it('has a name and a sentence for every code of docs/hcn-api.md §4.3', () => {
    for (let low = 0x01; low <= 0x37; low++) {
      const info = HRESULTS.get((0x803b0000 | low) >>> 0);
      expect(info, `0x803B00${low.toString(16)}`).toBeDefined();
      expect(info?.name).toMatch(/^(HCN|GCN)_/);
      expect(info?.sentence).toMatch(/\.$/);
    }
    for (const [name, hr] of Object.entries(WIN32)) expect(HRESULTS.get(hr)?.name).toBe(name);
    expect(HRESULTS.get(0x803b001b)?.name).toBe('HCN_E_INVALID_JSON');
    expect(HRESULTS.get(0x803b0008)?.name).toBe('HCN_E_POLICY_NOT_FOUND');
  });

  it('shows an unknown code as hex, with the Win32 error number, or the system message when given', () => {
    expect(describeHresult(-2147024891 /* 0x80070005 as koffi returns it */).name).toBe('E_ACCESSDENIED');
    const unknown = describeHresult(0x80071234);
    expect(unknown).toMatchObject({ hex: '0x80071234', name: '0x80071234' });
    expect(unknown.sentence).toBe('HNS returned an unrecognised error 0x80071234 (Win32 error 4660).');
    expect(describeHresult(0x80071234, 'The thing failed.\r\n').sentence).toBe('The thing failed.');
  });

  it('HnsError carries hresult, name, sentence and the ErrorRecord', () => {
    const e = new HnsError(
      'HcnOpenEndpoint',
      -2147023728,
      '{"Success":false,"Error":"Element not found. ","ErrorCode":2147943568}',
    );
    expect(e).toMatchObject({
      hresult: 0x80070490,
      hresultName: 'ERROR_NOT_FOUND',
      operation: 'HcnOpenEndpoint',
    });
    expect(e.message).toBe(`HcnOpenEndpoint failed: ERROR_NOT_FOUND (0x80070490): ${e.sentence}`);
    expect(e.errorRecord).toContain('Element not found.');
  });
});
