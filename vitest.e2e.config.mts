import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; its 1 s default is a timing bet a loaded machine can lose.
    expect: { poll: { timeout: 30_000 } },
    fileParallelism: false,
    pool: 'forks',
  },
});
