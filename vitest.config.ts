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
    // Each file still makes its own database and app; what the files of one worker share is the
    // modules already loaded (a fresh module graph per file was a quarter of each leg's time): the
    // PGlite leg 829 -> 437 s, the PostgreSQL leg 609 -> 303 s on the 2-core CI machine. So a test
    // must not mock modules or change process.env (none does).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Outbound network is never needed by a test.
    env: { NODE_ENV: 'test', TZ: 'UTC' },
  },
});
