import { defineConfig } from 'vitest/config';

// The real Electron app under Playwright's _electron. Needs the Electron binary, so it runs only in
// .github/workflows/windows.yml (never in `npm test`: the binary cannot be downloaded on the dev box).
export default defineConfig({
  test: {
    include: ['test/electron-smoke/**/*.smoke.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
