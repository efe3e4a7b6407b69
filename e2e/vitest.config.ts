import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.spec.ts'],
    setupFiles: ['e2e/setup.ts'],
    pool: 'forks',
    // Each spec starts real servers and a browser; two at once is what two cores allow.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll's default second is too short for a page to answer on a loaded CI machine; the same
    // 15 s as a browser action's default (e2e/browser.ts).
    expect: { poll: { timeout: 15_000 } },
    env: { TZ: 'UTC' },
  },
});
