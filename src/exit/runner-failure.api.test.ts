import { beforeAll, describe, expect, it } from 'vitest';
import { clientAt } from '../test/accounts-helpers.ts';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { testAppForFile } from '../test/file-setup.ts';
import type { ExitRunner } from './child-runner.ts';
import { startExitWorker } from './runs.ts';

const t = testAppForFile();
let ws: TestWorkspace;
let outcome: () => Promise<void>;
/** Stands in for the child process the server starts on PostgreSQL. */
const runner: ExitRunner = { run: () => outcome(), stop: () => {} };

beforeAll(async () => {
  await startExitWorker(t.app.jobs!, t.database.db, undefined, runner);
  ws = await makeWorkspace(t.database.db);
}, 120_000);

describe('an export whose process dies', () => {
  it('ends as failed, with the reason the process gave, and frees the lead to try again', async () => {
    const lead = await clientAt(t.app).signIn(ws.lead.email);
    outcome = () =>
      Promise.reject(new Error('The export process ended with code 134: FATAL ERROR: heap out of memory'));
    const requested = await lead.post(`/api/v1/w/${ws.slug}/exit/exports`, {});
    expect(requested.statusCode).toBe(202);
    await t.drainJobs();

    const plan = (await lead.get(`/api/v1/w/${ws.slug}/exit`)).json().plan;
    const run = plan.runs.find((r: { id: string }) => r.id === requested.json().run.id);
    expect(run).toMatchObject({
      status: 'failed',
      detail: 'The export process ended with code 134: FATAL ERROR: heap out of memory',
    });
    const audit = await t.database.unsafeOwnerQuery<{ action: string }>(
      "select action from audit_events where entity_id = $1 and action = 'exit.run-failed'",
      [run.id],
    );
    expect(audit).toHaveLength(1);
    outcome = () => Promise.resolve();
    expect((await lead.post(`/api/v1/w/${ws.slug}/exit/exports`, {})).statusCode).toBe(202);
  });
});
