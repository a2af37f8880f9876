import { fakeLibraries } from './fake-lib';

// Once per `vitest run`, before any test process starts: build the fake HNS library, so the test
// processes only load it. On Windows a DLL another process has mapped cannot be replaced, so a build
// racing a loaded copy would fail there.
export default function setup(): void {
  // The CRLF lane (test/crlf/run.mjs) runs two tests that compare bytes in a throw-away clone: no fake.
  if (process.env.HCN_TEST_NO_FAKE_BUILD === '1') return;
  try {
    fakeLibraries();
  } catch {
    // No compiler: the tests that load the fake fail with how to install one; the others run.
  }
}
