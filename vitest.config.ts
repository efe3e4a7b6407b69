import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on two cores; files wait on their database
    // as much as they compute, so one per core (at least two) keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Outbound network is never needed by a test.
    env: { NODE_ENV: 'test', TZ: 'UTC' },
  },
});
