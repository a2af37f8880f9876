import { describe, expect, it } from 'vitest';
import { RPC_E_CHANGED_MODE, withComApartment, type ComCalls } from '../../native/windows/shell32';

// ShellExecuteW("runas") runs where COM is initialised (Microsoft's ShellExecuteW page asks callers
// to CoInitializeEx first): on the calling thread, between CoInitializeEx and a matching CoUninitialize.

function fakeCom(hr: number) {
  const log: string[] = [];
  const com: ComCalls = {
    coInitializeEx: (flags) => (log.push(`init ${flags}`), hr),
    coUninitialize: () => void log.push('uninit'),
  };
  return { com, log };
}

describe('withComApartment', () => {
  it('initialises an apartment-threaded, OLE1-DDE-free apartment, runs, then uninitialises (S_OK)', () => {
    const { com, log } = fakeCom(0);
    expect(withComApartment(com, () => (log.push('call'), 42))).toBe(42);
    // COINIT_APARTMENTTHREADED (2) | COINIT_DISABLE_OLE1DDE (4)
    expect(log).toEqual(['init 6', 'call', 'uninit']);
  });

  it('balances an already-initialised thread too (S_FALSE counts as a successful call)', () => {
    const { com, log } = fakeCom(1);
    withComApartment(com, () => void log.push('call'));
    expect(log).toEqual(['init 6', 'call', 'uninit']);
  });

  it('a thread already in the multithreaded apartment has COM: runs, and undoes nothing', () => {
    const { com, log } = fakeCom(RPC_E_CHANGED_MODE);
    expect(RPC_E_CHANGED_MODE).toBe(-2147417850); // 0x80010106 as the int32 koffi returns
    withComApartment(com, () => void log.push('call'));
    expect(log).toEqual(['init 6', 'call']);
  });

  it('a failed CoInitializeEx is an error naming the HRESULT, and nothing runs', () => {
    const { com, log } = fakeCom(0x8007000e | 0);
    expect(() => withComApartment(com, () => void log.push('call'))).toThrow(
      'CoInitializeEx failed (HRESULT 0x8007000e)',
    );
    expect(log).toEqual(['init 6']);
  });

  it('uninitialises when the call throws', () => {
    const { com, log } = fakeCom(0);
    expect(() =>
      withComApartment(com, () => {
        throw new Error('ShellExecuteW blew up');
      }),
    ).toThrow('ShellExecuteW blew up');
    expect(log).toEqual(['init 6', 'uninit']);
  });
});
