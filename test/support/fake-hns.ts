import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HnsState } from '../../native/demo-data';
import { knobsFromEnv, loadFakeControls, type FakeControls, type FakeKnobs } from './fake-controls';
import { WindowsHns } from '../../native/windows/windows-hns';
import { buildFakeLib, fakeLibraries } from './fake-lib';

export interface FakeHnsOptions {
  /** The state to seed (default: empty). */
  state?: HnsState;
  /** Path of an already-built fake library (default: build it from test/fixtures with cc, or MinGW on Windows). */
  libraryPath?: string;
  concurrency?: number;
  /** Default: the HCNFAKE_* environment variables (knobsFromEnv). */
  knobs?: FakeKnobs;
  description?: string;
}

export interface FakeHns {
  hns: WindowsHns;
  controls: FakeControls;
  libraryPath: string;
}

/** Builds the fake C library if needed (it compiles test/fixtures with the machine's C compiler). */
export async function fakeLibraryPath(): Promise<string> {
  try {
    return buildFakeLib();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`The fake HNS backend needs a source checkout and a C compiler: ${msg}`, { cause: e });
  }
}

/**
 * The real WindowsHns (koffi, async calls, CoTaskMemFree, …) loaded against the fake library.
 * The library is process-global (one dlopen): seeding here replaces the state every FakeHns in this
 * process sees. The seed goes through HCNFAKE_STATE (read at the library's first call) and is also
 * loaded explicitly, since the library may already be loaded.
 */
export async function createFakeHns(options: FakeHnsOptions = {}): Promise<FakeHns> {
  const libraryPath = options.libraryPath ?? (await fakeLibraryPath());
  // On Windows the fake is three files (fake-lib.ts); a library of one's own plays all three parts.
  const built = fakeLibraries();
  const libraries =
    libraryPath === built.computenetwork
      ? built
      : { computenetwork: libraryPath, ole32: libraryPath, vmcompute: libraryPath };
  const dir = mkdtempSync(join(tmpdir(), 'hcnfake-'));
  const seed = join(dir, 'state.json');
  try {
    const state = options.state ?? {
      networks: [],
      endpoints: [],
      namespaces: [],
      version: { major: 15, minor: 1 },
    };
    writeFileSync(seed, JSON.stringify(state));
    process.env.HCNFAKE_STATE = seed;
    const controls = await loadFakeControls(libraryPath);
    controls.loadState(seed);
    controls.configure(options.knobs ?? knobsFromEnv());
    const hns = new WindowsHns({
      libraries,
      kind: 'fake',
      description: options.description ?? 'Fake HNS library',
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    return { hns, controls, libraryPath };
  } finally {
    // The library has copied the state into memory; nothing reads the file again.
    delete process.env.HCNFAKE_STATE;
    rmSync(dir, { recursive: true, force: true });
  }
}
