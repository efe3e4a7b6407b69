import { describe, expect, it } from 'vitest';
import { demoAppForFile } from '../test/file-setup.ts';
import { countRows } from '../test/tenancy-helpers.ts';
import { seedDemo } from './seed.ts';

// Issue #10 defect 9: `tandem demo` run twice must say the demo exists, although the application
// role sees no workspace before a scope is set (row-level security).
const t = demoAppForFile();

describe('seeding the demo a second time', () => {
  it('answers DEMO_EXISTS and writes nothing', async () => {
    const before = {
      accounts: await countRows(t, 'accounts'),
      audit: await countRows(t, 'audit_events'),
      workspaces: await countRows(t, 'workspaces'),
    };
    await expect(seedDemo(t.database.db)).rejects.toMatchObject({ code: 'DEMO_EXISTS' });
    expect({
      accounts: await countRows(t, 'accounts'),
      audit: await countRows(t, 'audit_events'),
      workspaces: await countRows(t, 'workspaces'),
    }).toEqual(before);
  });
});
