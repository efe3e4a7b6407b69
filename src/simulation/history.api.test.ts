import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { addDays } from '../domain/measures.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { TestClient } from '../test/client.ts';
import { buildHistory, queueHistoryBuild, runBuild } from './history.ts';

let t: TestApp;
let alice: TestClient;
let sam: TestClient;
const owner = <T>(text: string, params: unknown[] = []) => t.database.unsafeOwnerQuery<T>(text, params);
const simulated = async () =>
  (
    await owner<{ n: number }>(
      "select count(*)::int as n from tickets t join workspaces w on w.id = t.workspace_id where w.slug = 'acme' and t.description like '%Raised on%'",
    )
  )[0]!.n;

class Stop extends Error {}

beforeAll(async () => {
  t = await buildTestApp();
  await seedDemo(t.database.db);
  alice = new TestClient(t.app);
  await alice.signIn('alice@acme.example', DEMO_PASSWORD);
  sam = new TestClient(t.app);
  await sam.signIn('sam@acme.example', DEMO_PASSWORD);
}, 120_000);
afterAll(() => t.close());

describe("the demo's history build", () => {
  it('is recorded with its job, shows its progress to staff only, and resumes after an interruption without doubling a day', async () => {
    const none = await alice.get('/api/v1/w/acme/history-build');
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toEqual({ build: null });

    const build = (await queueHistoryBuild(t.database.db, t.jobs, 'acme', {
      months: 1,
      seed: 5,
      ticketsPerDay: 1,
    }))!;
    const queued = (await alice.get('/api/v1/w/acme/history-build')).json().build;
    expect(queued).toMatchObject({ state: 'queued', daysDone: 0, months: 1, daysTotal: build.daysTotal });
    expect((await sam.get('/api/v1/w/acme/history-build')).statusCode).toBe(403);

    // A stop part-way: day 11 rolls back with its checkpoint; ten days stay done.
    await expect(
      runBuild(t.database.db, 'acme', build.workspaceId, build.id, (done) => {
        if (done === 11) throw new Stop('stopped');
      }),
    ).rejects.toThrow(Stop);
    const stopped = (await alice.get('/api/v1/w/acme/history-build')).json().build;
    expect(stopped).toMatchObject({ state: 'failed', daysDone: 10 });
    const afterTen = await simulated();
    expect(afterTen).toBeGreaterThan(0);

    // While days are missing, a review of a period holding them says so, in the API and not as final.
    const period = { periodStart: addDays(build.fromDay, 12), periodEnd: addDays(build.fromDay, 19) };
    const review = await alice.post('/api/v1/w/acme/reviews', period);
    expect(review.statusCode, review.body.slice(0, 300)).toBe(201);
    const notice = review.json().review.pack.stillBuilding;
    expect(notice).toMatchObject({ from: period.periodStart, until: period.periodEnd, daysDone: 10 });
    expect(notice.notice).toContain('still being built');

    // The job's next attempt resumes from day 11 (the test runs it directly); a done build runs no more.
    const report = await runBuild(t.database.db, 'acme', build.workspaceId, build.id);
    expect(report?.days).toBe(build.daysTotal);
    expect(await runBuild(t.database.db, 'acme', build.workspaceId, build.id)).toBeNull();
    const done = (await alice.get('/api/v1/w/acme/history-build')).json().build;
    expect(done).toMatchObject({ state: 'done', daysDone: build.daysTotal });
    // Every simulated day once: as many tickets as a run of the same seed that was never stopped.
    const resumedTickets = await simulated();
    expect(resumedTickets).toBeGreaterThan(afterTen);
    expect(resumedTickets).toBe(report!.tickets);
    const fresh = await buildTestApp();
    try {
      await seedDemo(fresh.database.db);
      const whole = await buildHistory(fresh.database.db, 'acme', { months: 1, seed: 5, ticketsPerDay: 1 });
      expect(resumedTickets).toBe(whole.tickets);
    } finally {
      await fresh.close();
    }
    const again = await alice.get(`/api/v1/w/acme/reviews/${review.json().review.key}`);
    expect(again.json().review.pack.stillBuilding ?? null).toBeNull();
  }, 600_000);
});
