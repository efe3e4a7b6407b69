import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.ts';

// After the spec's own afterAll hooks (they stop its servers): a run left ~1.2 GB of data folders.
afterAll(removeTempDirs);
