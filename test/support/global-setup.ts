import { fakeLibraries } from './fake-lib';

// Once per `vitest run`, before any test process starts: build the fake HNS library, so the test
// processes only load it. On Windows a DLL another process has mapped cannot be replaced, so a build
// racing a loaded copy would fail there.
export default function setup(): void {
  try {
    fakeLibraries();
  } catch {
    // No compiler: the tests that load the fake fail with how to install one; the others run.
  }
}
