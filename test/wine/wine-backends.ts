import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { win32 } from 'node:path';
import type { HnsState } from '../../native/demo-data';
import { loadFakeControls, type FakeControls } from '../support/fake-controls';
import { systemLibraryPath } from '../../native/windows/system-paths';
import { WindowsHns } from '../../native/windows/windows-hns';
import type { BackendUnderTest, ConformanceSubject } from '../conformance/backends';

// Stands in for test/conformance/backends.ts in the Wine bundle: the one backend under test is the
// production WindowsHns with NO library overrides, so it loads computenetwork.dll, vmcompute.dll and
// ole32.dll from System32 like on a real node — where the lane put the MinGW fake. The suite's
// seeding, fault knobs and leak counters go through the fake's test exports on that same DLL.

let controls: FakeControls | undefined;

/** The fake's test controls, loaded from System32 (the same module WindowsHns loads). */
export async function system32Controls(): Promise<FakeControls> {
  controls ??= await loadFakeControls(await systemLibraryPath('computenetwork'));
  return controls;
}

/** Seeds the fake through a state file at a Windows path (HcnFakeLoadState takes one). */
export function seed(c: FakeControls, state: HnsState): string {
  const file = win32.join(tmpdir(), `hcnfake-wine-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(state));
  c.loadState(file);
  return file;
}

export const system32Windows: BackendUnderTest = {
  name: 'WindowsHns (production path, no overrides) + MinGW fake DLLs in System32, under Wine',
  seeded: true,
  async setup(state, ids) {
    const c = await system32Controls();
    seed(c, state);
    c.configure({});
    let hns = new WindowsHns({ concurrency: 8 });
    const subject: ConformanceSubject = {
      get hns() {
        return hns;
      },
      ...ids,
      async reseed(s) {
        seed(c, s);
        hns = new WindowsHns({ concurrency: 8 });
      },
      injectOpenFailure(id, hresult) {
        c.configure(id === undefined ? {} : { failFn: 'HcnOpenEndpoint', failId: id, failHr: hresult });
      },
      controls: c,
      async teardown() {
        c.configure({});
      },
    };
    return subject;
  },
};

export const BACKENDS = [system32Windows];
