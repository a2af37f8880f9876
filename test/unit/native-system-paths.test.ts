import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HnsUnavailableError } from '../../native/hns-error';
import { loadHcnBindings, loadHnsCall } from '../../native/windows/hcn-bindings';
import {
  powershellPath,
  SYSTEM_DLLS,
  systemDirectory,
  systemLibraryMap,
} from '../../native/windows/system-paths';
import { WindowsHns } from '../../native/windows/windows-hns';

// Issue 12 item 3 / issue 13 item 3: every DLL and program by absolute path from System32. The
// Wine lane (test/wine/) proves it on win32; these pin the map and the refusals on any platform.

const SYS = 'C:\\Windows\\System32';

describe('Windows system paths', () => {
  it('maps exactly ole32, computenetwork, vmcompute, shell32 and advapi32, each under System32', () => {
    expect(systemLibraryMap(SYS)).toEqual({
      computenetwork: 'C:\\Windows\\System32\\computenetwork.dll',
      vmcompute: 'C:\\Windows\\System32\\vmcompute.dll',
      ole32: 'C:\\Windows\\System32\\ole32.dll',
      shell32: 'C:\\Windows\\System32\\shell32.dll',
      advapi32: 'C:\\Windows\\System32\\advapi32.dll',
    });
    expect(Object.keys(SYSTEM_DLLS).sort()).toEqual([
      'advapi32',
      'computenetwork',
      'ole32',
      'shell32',
      'vmcompute',
    ]);
  });

  it('starts Windows PowerShell from its fixed place under System32', () => {
    expect(powershellPath(SYS)).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it.skipIf(process.platform === 'win32')(
    'has no system directory off Windows (no guess from env)',
    async () => {
      await expect(systemDirectory()).rejects.toThrow(
        `there is no Windows system directory on ${process.platform}`,
      );
    },
  );

  it('refuses a bare library name instead of letting the loader search for it', async () => {
    await expect(loadHcnBindings('computenetwork.dll', 'ole32.dll')).rejects.toThrow(
      'refusing to load "computenetwork.dll": libraries load by absolute path only',
    );
    await expect(loadHnsCall('vmcompute.dll')).rejects.toThrow(
      'refusing to load "vmcompute.dll": libraries load by absolute path only',
    );
  });

  it.skipIf(process.platform === 'win32')(
    'production WindowsHns (no overrides) is HnsUnavailable at first use off Windows, not a crash',
    async () => {
      const hns = new WindowsHns();
      const e = await hns.listEndpoints().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(HnsUnavailableError);
      expect((e as Error).message).toBe(
        `Host Network Service is not available: the Windows system directory could not be determined (there is no Windows system directory on ${process.platform})`,
      );
      await expect(hns.getVersion()).rejects.toBeInstanceOf(HnsUnavailableError);
    },
  );

  it('no source loads a DLL or starts a program by a bare Windows name', () => {
    // The one place that may: kernel32 (a KnownDLL) in system-paths.ts.
    const files = [
      'native/windows/hcn-bindings.ts',
      'native/windows/windows-hns.ts',
      'native/windows/system-message.ts',
      'native/windows/file-security.ts',
      'electron/main/elevation.ts',
      'electron/core/events/hns-events.ts',
    ];
    for (const f of files) {
      const text = readFileSync(join(__dirname, '../..', f), 'utf8');
      expect(text, f).not.toMatch(/\.load\(\s*'[^'/\\]+\.dll'\s*\)/);
      expect(text, f).not.toMatch(/execFile\(\s*'[^'/\\]+\.exe'/);
    }
  });
});
