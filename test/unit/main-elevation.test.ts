import { describe, expect, it, vi } from 'vitest';
import {
  detectElevation,
  makeRestartElevated,
  quoteWindowsArg,
  type Shell32,
} from '../../electron/main/elevation';
import { quietLog } from './main-fakes';

vi.mock('electron', () => ({}));
// koffi must never be loaded off Windows: any import attempt fails the test.
vi.mock('koffi', () => {
  throw new Error('koffi loaded in a unit test');
});

const shell32 = (admin: boolean, hinstance = 42): Shell32 & { shellExecute: ReturnType<typeof vi.fn> } => ({
  isUserAnAdmin: () => admin,
  shellExecute: vi.fn(async () => hinstance),
});

describe('detectElevation', () => {
  it('does not load koffi off Windows and reports elevated (nothing to elevate)', async () => {
    const load = vi.fn(async () => shell32(false));
    expect(await detectElevation('linux', load, quietLog())).toMatchObject({ elevated: true });
    expect(load).not.toHaveBeenCalled();
  });

  it('asks IsUserAnAdmin on Windows', async () => {
    expect((await detectElevation('win32', async () => shell32(true), quietLog())).elevated).toBe(true);
    expect((await detectElevation('win32', async () => shell32(false), quietLog())).elevated).toBe(false);
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
  const deps = (s: Shell32, over: Partial<Parameters<typeof makeRestartElevated>[0]> = {}) => ({
    platform: 'win32' as NodeJS.Platform,
    elevated: false,
    execPath: 'C:\\Program Files\\HCN Proxy Control\\HCN Proxy Control.exe',
    args: ['--state', 'C:\\snap shots\\a.json'],
    cwd: 'C:\\',
    load: async () => s,
    releaseLock: vi.fn(),
    reacquireLock: vi.fn(),
    quit: vi.fn(),
    log: quietLog(),
    ...over,
  });

  it('relaunches through ShellExecute runas with our own exe and args, releasing the lock, then quits', async () => {
    vi.useFakeTimers();
    const s = shell32(false, 42);
    const d = deps(s);
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
    const s = shell32(false, 5); // SE_ERR_ACCESSDENIED
    const d = deps(s);
    expect(await makeRestartElevated(d)()).toEqual({ started: false });
    expect(d.reacquireLock).toHaveBeenCalled();
    expect(d.quit).not.toHaveBeenCalled();
  });

  it('does nothing when already elevated or not on Windows', async () => {
    const s = shell32(true);
    expect(await makeRestartElevated(deps(s, { elevated: true }))()).toEqual({ started: false });
    expect(await makeRestartElevated(deps(s, { platform: 'linux' }))()).toEqual({ started: false });
    expect(s.shellExecute).not.toHaveBeenCalled();
  });
});
