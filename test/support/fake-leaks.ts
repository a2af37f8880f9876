import { afterEach, beforeEach, expect } from 'vitest';
import type { FakeCounters, FakeControls } from './fake-controls';

export const NO_LEAKS: FakeCounters = { openHandles: 0, unfreedBuffers: 0, badFrees: 0 };

/**
 * Registers, in the calling file (or describe block), a reset of the fake library's leak counters
 * before each test and an assertion that they are back to zero after it. The library is loaded once
 * per worker process and its counters are global: without the reset, one leak fails every later test
 * (and every later file in the same worker); without the per-test assertion, no test notices it.
 * `controls` is read at each hook, so it may be set in beforeAll or by the test itself; undefined
 * means that test did not touch the fake library. With `resetKnobs`, the fault knobs are cleared after
 * the check, so a fault one test injected never reaches the next.
 */
export function checkFakeLeaksPerTest(
  controls: () => FakeControls | undefined,
  options: { resetKnobs?: boolean } = {},
): void {
  beforeEach(() => {
    controls()?.resetCounters();
  });
  afterEach(() => {
    const c = controls();
    if (!c) return;
    try {
      expect(c.counters(), 'handles/buffers this test left behind in the fake HNS library').toEqual(NO_LEAKS);
    } finally {
      if (options.resetKnobs) c.configure({});
    }
  });
}
