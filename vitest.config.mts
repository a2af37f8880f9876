import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/conformance/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition; its 1 s default is a timing bet a loaded machine can lose.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
  },
});
