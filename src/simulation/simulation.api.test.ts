import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../domain/measures.ts';
import { snapshotWorkspace } from '../reviews/snapshots.ts';
import { sweepDueClocks } from '../sla/escalation.ts';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';
import { prng, type SimulationReport, simulate } from './engine.ts';

const t = demoAppForFile();
let alice: TestClient;
let report: SimulationReport;
let notificationsBefore: number;
const today = isoDay(new Date());
const owner = <T>(text: string, params: unknown[] = []) => t.database.unsafeOwnerQuery<T>(text, params);

beforeAll(async () => {
  alice = await signInDemo(t, 'alice@acme.example');
  notificationsBefore = await notificationCount();
  report = await simulate(t.database.db, { slug: 'acme', months: 2, seed: 7, ticketsPerDay: 2 });
}, 600_000);

const notificationCount = async () =>
  (
    await owner<{ n: number }>(
      "select count(*)::int as n from notifications n join workspaces w on w.id = n.workspace_id where w.slug = 'acme'",
    )
  )[0]!.n;
/** The simulated tickets' clock events and clocks (the history's tickets say "Raised on"). */
const simulatedClocks = `from sla_clocks c join tickets t on t.workspace_id = c.workspace_id and t.id = c.ticket_id
  join workspaces w on w.id = t.workspace_id where w.slug = 'acme' and t.description like '%Raised on%'`;

describe('the simulation engine', () => {
  it('rolls the same dice for the same seed', () => {
    const a = prng(7);
    const b = prng(7);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('writes history through the services on simulated days, ending yesterday', async () => {
    expect(report.to).toBe(addDays(today, -1));
    expect(report.tickets).toBeGreaterThan(40);
    const [acme] = await owner<{ id: string }>("select id from workspaces where slug = 'acme'");
    const [span] = await owner<{ first: string; last: string; audited: number }>(
      `select min(created_at)::date::text as first, max(created_at)::date::text as last,
        (select count(*)::int from audit_events a where a.workspace_id = $1 and a.action = 'ticket.created') as audited
       from tickets where workspace_id = $1 and description like '%Raised on%'`,
      [acme!.id],
    );
    expect(span!.first >= report.from).toBe(true);
    expect(span!.first <= addDays(report.from, 3)).toBe(true);
    expect(span!.last <= report.to).toBe(true);
    // Through the services: each ticket has its audit event (written now, in the same transaction).
    expect(span!.audited).toBeGreaterThanOrEqual(report.tickets);
  });

  it('has the arc: recurring tickets fall after the problem is fixed; a colleague takes on the single-person service', async () => {
    const { recurring, dependency } = report;
    expect(recurring.problemNumber).not.toBeNull();
    expect(recurring.fixedOn).not.toBeNull();
    const fixedOn = recurring.fixedOn!;
    const daysBefore = (Date.parse(fixedOn) - Date.parse(report.from)) / 86_400_000;
    const daysAfter = (Date.parse(report.to) - Date.parse(fixedOn)) / 86_400_000;
    expect(recurring.before / daysBefore).toBeGreaterThan(3 * (recurring.after / daysAfter));
    const [problem] = await owner<{ resolved_at: string; linked: number }>(
      `select p.resolved_at::date::text as resolved_at,
        (select count(*)::int from problem_tickets pt where pt.problem_id = p.id) as linked
       from problems p join workspaces w on w.id = p.workspace_id
       where w.slug = 'acme' and p.number = $1`,
      [recurring.problemNumber],
    );
    expect(problem!.resolved_at).toBe(fixedOn);
    expect(problem!.linked).toBe(recurring.before + recurring.after);
    expect(dependency.sessions).toBe(2);
    expect(dependency.expertResolved).toBeGreaterThan(0);
    expect(dependency.learnerResolved).toBeGreaterThan(0);
  });

  it('after the snapshot backfill, the measures show the history (recurring tickets rise, then fall)', async () => {
    const [acme] = await owner<{ id: string }>("select id from workspaces where slug = 'acme'");
    await snapshotWorkspace(t.database.db, acme!.id, addDays(today, -1), { jobs: t.jobs });
    const r = await alice.get(
      `/api/v1/w/acme/measures?measure=recurring_tickets&from=${report.from}&to=${report.to}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const points = (r.json() as { points: { day: string; values: { total: number } }[] }).points;
    const on = (day: string) => points.find((p) => p.day === day)?.values.total ?? 0;
    const atFix = on(report.recurring.fixedOn!);
    expect(atFix).toBeGreaterThan(3);
    expect(on(report.to)).toBeLessThan(atFix);
    const headline = await alice.get('/api/v1/w/acme/measures/headline');
    const open = (headline.json() as { series: { measure: string; points: unknown[] }[] }).series.find(
      (s) => s.measure === 'open_work',
    )!;
    expect(open.points.length).toBeGreaterThanOrEqual(60);
  });

  it('escalates its SLA clocks on simulated time, tells no one, and leaves the live sweep nothing of the simulated past', async () => {
    const until = Date.parse(addDays(report.to, 1));
    // Every clock that fell due in the simulated past was flagged then, at its due time.
    const [past] = await owner<{ unflagged: number; breached: number; escalated: number; late: number }>(
      `select
        (select count(*)::int ${simulatedClocks} and c.state = 'running' and c.breached_at is null
          and c.due_at < $1) as unflagged,
        (select count(*)::int ${simulatedClocks} and c.breached_at is not null) as breached,
        (select count(*)::int from sla_clock_events e where e.kind = 'escalated' and e.clock_id in
          (select c.id ${simulatedClocks})) as escalated,
        (select count(*)::int from sla_clock_events e where e.kind in ('escalated', 'breached') and e.at >= $1
          and e.clock_id in (select c.id ${simulatedClocks})) as late`,
      [new Date(until).toISOString()],
    );
    expect(past).toMatchObject({ unflagged: 0, late: 0 });
    expect(past!.breached).toBeGreaterThan(0);
    expect(past!.escalated).toBeGreaterThan(0);
    // The escalation rules acted in the history, but history notifies no one.
    expect(await notificationCount()).toBe(notificationsBefore);

    // The live sweep now: nothing of the simulated past is breached or escalated again, no one is told.
    const events = `select count(*)::int as n from sla_clock_events e where e.at < $1 and e.clock_id in (select c.id ${simulatedClocks})`;
    const [before] = await owner<{ n: number }>(events, [new Date(until).toISOString()]);
    await sweepDueClocks({ database: t.database, jobs: t.jobs });
    await t.drainJobs();
    const [after] = await owner<{ n: number }>(events, [new Date(until).toISOString()]);
    expect(after!.n).toBe(before!.n);
    // Escalation notices carry their clock in the dedupe key (sla:<clock>:<rule>).
    const [told] = await owner<{ n: number }>(
      `select count(*)::int as n from notifications n where n.dedupe_key like 'sla:%'
         and split_part(n.dedupe_key, ':', 2) in (select c.id::text ${simulatedClocks} and c.due_at < $1)`,
      [new Date(until).toISOString()],
    );
    expect(told!.n).toBe(0);
  });
});
