import { defineConfig } from 'vitest/config';

// Two projects (`vitest run --project unit` runs one): unit tests stay inside the test process;
// integration tests start something outside it (child processes, sshd, local servers, Wine, git).
// The rule and where helpers live: docs/architecture.md, "Tests".
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition; its 1 s default is a timing bet a loaded machine can lose.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    // Builds the fake HNS library once, before any test process loads it (test/support/fake-lib.ts).
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/conformance/**/*.test.ts'],
        },
      },
    ],
  },
});
