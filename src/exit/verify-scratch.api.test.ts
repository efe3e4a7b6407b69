import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { verifyExport } from './verify.ts';

const t = testAppForFile();
const ws = workspaceForFile(t);

const scratchFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('tandem-verify-'));

describe('the verification of a large workspace', () => {
  it('restores into a scratch database kept on disk, passes, and leaves no folder behind', async () => {
    const before = scratchFolders();
    // Every archive counts as large here: the on-disk scratch is what a 1 GB workspace gets.
    const result = await verifyExport(t.database.db, ws.id, undefined, 0);
    expect(result).toEqual({ passed: true, difference: null });
    expect(scratchFolders().filter((name) => !before.includes(name))).toEqual([]);
    // A whole scratch database made on disk: 1.6 s alone, but 49 s in a CI run at load 11 (disk and CPU shared).
  }, 120_000);
});
