import { beforeAll, describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { seedDemo } from '../demo/seed.ts';
import { addDays, lastEndedPeriod } from '../domain/measures.ts';
import { pdfText } from '../reviews/export/pdf-text.ts';
import { closeLastPeriod } from '../reviews/service/period-close.ts';
import { sweepDueClocks } from '../sla/escalation.ts';
import { buildTestApp } from '../test/build-test-app.ts';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';
import { buildHistory, queueHistoryBuild, recordBuild, resumeHistoryBuilds, runBuild } from './history.ts';

const t = demoAppForFile();
let alice: TestClient;
let sam: TestClient;
const owner = <T>(text: string, params: unknown[] = []) => t.database.unsafeOwnerQuery<T>(text, params);
const simulated = async () =>
  (
    await owner<{ n: number }>(
      "select count(*)::int as n from tickets t join workspaces w on w.id = t.workspace_id where w.slug = 'acme' and t.description like '%Raised on%'",
    )
  )[0]!.n;

/** Clock events of the simulated tickets (the history's tickets say "Raised on"). */
const simulatedClockEvents = async () =>
  (
    await owner<{ n: number }>(
      `select count(*)::int as n from sla_clock_events e join tickets t on t.workspace_id = e.workspace_id
       and t.id = e.ticket_id join workspaces w on w.id = t.workspace_id
       where w.slug = 'acme' and t.description like '%Raised on%'`,
    )
  )[0]!.n;
const flat = (text: string) => text.replace(/\s+/g, ' ');

class Stop extends Error {}

beforeAll(async () => {
  alice = await signInDemo(t, 'alice@acme.example');
  sam = await signInDemo(t, 'sam@acme.example');
});

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

    // A stop part-way: the first step past day 10 rolls back with its checkpoint; the days before
    // stay done (ten, or fewer when the last of them had nothing to simulate: a quiet weekend day
    // reports no step, so which day comes next depends on the calendar).
    let kept = 0;
    await expect(
      runBuild(t.database.db, 'acme', build.workspaceId, build.id, (done) => {
        if (done > 10) throw new Stop('stopped');
        kept = done;
      }),
    ).rejects.toThrow(Stop);
    expect(kept).toBeGreaterThanOrEqual(8);
    const stopped = (await alice.get('/api/v1/w/acme/history-build')).json().build;
    expect(stopped).toMatchObject({ state: 'failed', daysDone: kept });
    const afterTen = await simulated();
    expect(afterTen).toBeGreaterThan(0);

    // While days are missing, a review of a period holding them says so, in the API and not as final.
    const period = { periodStart: addDays(build.fromDay, 12), periodEnd: addDays(build.fromDay, 19) };
    const review = await alice.post('/api/v1/w/acme/reviews', period);
    expect(review.statusCode, review.body.slice(0, 300)).toBe(201);
    const notice = review.json().review.pack.stillBuilding;
    expect(notice).toMatchObject({ from: period.periodStart, until: period.periodEnd, daysDone: kept });
    expect(notice.notice).toContain('still being built');
    const key = review.json().review.key as string;

    // Every export carries the page's notice, with the days concerned.
    for (const format of ['md', 'html', 'pdf']) {
      const file = await alice.get(`/api/v1/w/acme/reviews/${key}/pack.${format}`);
      expect(file.statusCode, format).toBe(200);
      const text = format === 'pdf' ? pdfText(file.rawPayload) : file.body;
      expect(flat(text).replace(/<\/?strong>|\*\*/g, ''), format).toContain(
        `Still being built: ${notice.notice}`,
      );
    }

    // Holding would freeze figures that are not final: refused (409, why and when), nothing written.
    const hold = await alice.post(`/api/v1/w/acme/reviews/${key}/hold`, {
      version: review.json().review.version,
      heldOn: addDays(period.periodEnd, 1),
      attendees: ['Alice', 'Nina'],
    });
    expect(hold.statusCode, hold.body).toBe(409);
    expect(hold.json().error.code).toBe('HISTORY_STILL_BUILDING');
    expect(hold.json().error.message).toContain(
      `the history of this period is still being built: ${kept} of ${build.daysTotal} days`,
    );
    expect(hold.json().error.message).toContain(
      `once the build has written ${addDays(period.periodEnd, -1)}`,
    );
    const [stored] = await owner<{ status: string; held: number }>(
      `select r.status, (select count(*)::int from audit_events a where a.entity_id = r.id::text
        and a.action = 'service_review.held') as held from service_reviews r
       join workspaces w on w.id = r.workspace_id where w.slug = 'acme' and r.number = $1`,
      [review.json().review.number],
    );
    expect(stored).toEqual({ status: 'draft', held: 0 });

    // The e-mailed pack of a period still being built says so too (a day whose last ended period overlaps it).
    const recipients = await alice.request('PUT', '/api/v1/w/acme/reviews/settings', {
      version: 0,
      recipientMembershipIds: [(await alice.get('/api/v1/w/acme')).json().membership.id],
    });
    expect(recipients.statusCode, recipients.body).toBe(200);
    let mailDay = build.untilDay;
    while (lastEndedPeriod('monthly', mailDay).end <= addDays(build.fromDay, kept))
      mailDay = addDays(mailDay, 1);
    await closeLastPeriod(t.database.db, build.workspaceId, {
      jobs: t.jobs,
      now: new Date(`${mailDay}T06:00:00Z`),
    });
    const [mailed] = await owner<{ subject: string; body: string }>(
      "select subject, body from notifications where workspace_id = $1 and event = 'review.pack_ready'",
      [build.workspaceId],
    );
    expect(mailed!.subject).toContain('still being built');
    expect(mailed!.body).toContain('**Still being built:** This period is still being built');
    expect(mailed!.body).toContain(`(${kept} of ${build.daysTotal} days done)`);

    // The live SLA sweep leaves the simulated past to the simulation while it is being built.
    const events = await simulatedClockEvents();
    await sweepDueClocks({ database: t.database, jobs: t.jobs });
    expect(await simulatedClockEvents()).toBe(events);

    // The job's next attempt resumes after the days kept (the test runs it directly); a done build runs no more.
    const report = await runBuild(
      t.database.db,
      'acme',
      build.workspaceId,
      build.id,
      undefined,
      undefined,
      t.jobs,
    );
    // The SLA timers still ahead at the end (due in the present) went to the live queue; none of the past did.
    const until = `${build.untilDay}T00:00:00Z`;
    const [handed] = await owner<{ missing: number; past: number }>(
      `with simulated as (select c.id, c.state, c.due_at from sla_clocks c join tickets t
          on t.workspace_id = c.workspace_id and t.id = c.ticket_id where t.workspace_id = $1
          and t.description like '%Raised on%'),
        timers as (select data->>'clockId' as clock_id, data->>'atPercent' as at_percent, start_after
          from pgboss.job where name = 'sla.escalate')
       select
        (select count(*)::int from simulated s where s.state = 'running' and s.due_at >= $2
          and not exists (select 1 from timers j where j.clock_id = s.id::text and j.at_percent = '100')) as missing,
        (select count(*)::int from timers j where j.start_after < $2
          and j.clock_id in (select id::text from simulated)) as past`,
      [build.workspaceId, until],
    );
    expect(handed).toEqual({ missing: 0, past: 0 });
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
      // `tandem simulate` records its run as its own (origin cli).
      const origins = await fresh.database.unsafeOwnerQuery<{ origin: string }>(
        'select origin from history_builds',
      );
      expect(origins).toEqual([{ origin: 'cli' }]);
    } finally {
      await fresh.close();
    }
    const again = await alice.get(`/api/v1/w/acme/reviews/${review.json().review.key}`);
    expect(again.json().review.pack.stillBuilding ?? null).toBeNull();
  }, 600_000);

  it('never resumes a `tandem simulate` run at start-up, and the home and reviews keep speaking of the demo build', async () => {
    const [acme] = await owner<{ id: string }>("select id from workspaces where slug = 'acme'");
    const run = await withScopedTx(t.database.db, { workspaceId: acme!.id, accountId: null }, (tx) =>
      recordBuild(tx, acme!.id, { months: 1, seed: 9, ticketsPerDay: 1 }, 'cli'),
    );
    // The command stopped part-way (its process ended): the record stays unfinished.
    await expect(
      runBuild(t.database.db, 'acme', acme!.id, run.id, (done) => {
        if (done === 3) throw new Stop('stopped');
      }),
    ).rejects.toThrow(Stop);
    expect(await resumeHistoryBuilds(t.database.db, t.jobs)).toBe(0);
    const [queued] = await owner<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'simulation.history' and data->>'buildId' = $1",
      [run.id],
    );
    expect(queued!.n).toBe(0);
    const shown = (await alice.get('/api/v1/w/acme/history-build')).json().build;
    expect(shown).toMatchObject({ state: 'done', months: 1 });
  }, 300_000);
});
