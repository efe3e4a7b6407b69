import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { verifyExport } from './verify.ts';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t.database.db);
}, 120_000);
afterAll(() => t?.close());

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
