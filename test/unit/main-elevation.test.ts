import { describe, expect, it, vi } from 'vitest';
import { detectElevation, makeRestartElevated, quoteWindowsArg } from '../../electron/main/elevation';
import { fakeShell32, quietLog, restartDeps } from '../support/electron-fakes';

vi.mock('electron', () => ({}));
// koffi must never be loaded off Windows: any import attempt fails the test.
vi.mock('koffi', () => {
  throw new Error('koffi loaded in a unit test');
});

describe('detectElevation', () => {
  it('does not load koffi off Windows and reports elevated (nothing to elevate)', async () => {
    const load = vi.fn(async () => fakeShell32(false));
    expect(await detectElevation('linux', load, quietLog())).toMatchObject({ elevated: true });
    expect(load).not.toHaveBeenCalled();
  });

  it('asks IsUserAnAdmin on Windows', async () => {
    expect((await detectElevation('win32', async () => fakeShell32(true), quietLog())).elevated).toBe(true);
    expect((await detectElevation('win32', async () => fakeShell32(false), quietLog())).elevated).toBe(false);
  });

  it('fails safe to read-only when shell32 cannot be loaded', async () => {
    const r = await detectElevation('win32', async () => Promise.reject(new Error('no koffi')), quietLog());
    expect(r).toEqual({ elevated: false, reason: 'Could not determine elevation.' });
  });
});

describe('quoteWindowsArg', () => {
  it('round-trips CommandLineToArgvW rules', () => {
    expect(quoteWindowsArg('.')).toBe('.');
    expect(quoteWindowsArg('--backend=simulated')).toBe('--backend=simulated');
    expect(quoteWindowsArg('')).toBe('""');
    expect(quoteWindowsArg('C:\\Program Files\\x')).toBe('"C:\\Program Files\\x"');
    expect(quoteWindowsArg('a"b')).toBe('"a\\"b"');
    expect(quoteWindowsArg('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
  });
});

describe('restart as administrator', () => {
  it('relaunches through ShellExecute runas with our own exe and args, releasing the lock, then quits', async () => {
    vi.useFakeTimers();
    const s = fakeShell32(false, 42);
    const d = restartDeps(s);
    expect(await makeRestartElevated(d)()).toEqual({ started: true });
    expect(s.shellExecute).toHaveBeenCalledWith(
      'runas',
      d.execPath,
      '--state "C:\\snap shots\\a.json"',
      'C:\\',
    );
    expect(d.releaseLock).toHaveBeenCalled();
    vi.runAllTimers();
    expect(d.quit).toHaveBeenCalled();
    expect(d.reacquireLock).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('keeps running (and takes the lock back) when the user declines UAC', async () => {
    const s = fakeShell32(false, 5); // SE_ERR_ACCESSDENIED
    const d = restartDeps(s);
    expect(await makeRestartElevated(d)()).toEqual({ started: false });
    expect(d.reacquireLock).toHaveBeenCalled();
    expect(d.quit).not.toHaveBeenCalled();
  });

  it('does nothing when already elevated or not on Windows', async () => {
    const s = fakeShell32(true);
    expect(await makeRestartElevated(restartDeps(s, { elevated: true }))()).toEqual({ started: false });
    expect(await makeRestartElevated(restartDeps(s, { platform: 'linux' }))()).toEqual({ started: false });
    expect(s.shellExecute).not.toHaveBeenCalled();
  });
});
