import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, dayRange, isoDay, type MeasureValue } from '../domain/measures.ts';
import { computeHistoricMeasures } from '../reviews/measures.ts';
import { snapshotWorkspace } from '../reviews/snapshots.ts';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';
import { type SimulationReport, simulate } from './engine.ts';

// The demo's second arc in the measure: the service only its expert works is a single-person
// dependency until the handover sessions, then no longer. A short history (two months, one background
// ticket a day) ending 70 days ago: as in the six-month demo, the sessions then come before the seeded
// knowledge base's latest articles (a provider runbook on the same service, 60 and 40 days ago), which
// would otherwise give the service a second person before its expert's work is seen alone.
const t = demoAppForFile();
let alice: TestClient;
let report: SimulationReport;
let workspaceId: string;
const until = addDays(isoDay(new Date()), -70);
const owner = <T>(text: string, params: unknown[] = []) => t.database.unsafeOwnerQuery<T>(text, params);

class RolledBack extends Error {
  constructor(readonly values: MeasureValue[]) {
    super('rolled back');
  }
}

beforeAll(async () => {
  alice = await signInDemo(t, 'alice@acme.example');
  report = await simulate(t.database.db, { slug: 'acme', months: 2, seed: 7, ticketsPerDay: 1, until });
  workspaceId = report.workspaceId;
  await snapshotWorkspace(t.database.db, workspaceId, report.to, { jobs: t.jobs });
}, 600_000);

describe("the demo history's single-person dependency", () => {
  it('is counted until the first handover session and never after it', async () => {
    const sessions = await owner<{ day: string }>(
      'select held_at::date::text as day from handover_sessions where workspace_id = $1 and topic = $2 order by held_at',
      [workspaceId, `${report.dependency.service}: how it is run and recovered`],
    );
    expect(sessions).toHaveLength(2);
    const first = sessions[0]!.day;

    const r = await alice.get(
      `/api/v1/w/acme/measures?measure=single_person_dependencies&from=${report.from}&to=${report.to}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const points = (r.json() as { points: { day: string; values: { total: number } }[] }).points;
    const on = (day: string) => points.find((p) => p.day === day)?.values.total;
    // Backfilled for every day of the history; the service is among those counted the day before.
    expect(points.map((p) => p.day)).toEqual(dayRange(report.from, report.to));
    expect(on(addDays(first, -1))).toBeGreaterThan(0);

    // The service's own part in the series: the same measure with every other service retired and no
    // critical system (in a transaction rolled back) is 1 from the expert's first resolution until the
    // day before the first session (the learner writes its runbook that day), then 0 to the end.
    const alone = await withScopedTx(t.database.db, { workspaceId, accountId: null }, async (tx) => {
      await tx.execute(
        sql`update services set status = 'retired' where workspace_id = ${workspaceId} and name <> ${report.dependency.service}`,
      );
      await tx.execute(sql`update systems set status = 'retired' where workspace_id = ${workspaceId}`);
      const values = await computeHistoricMeasures(tx, workspaceId, dayRange(report.from, report.to), [
        'single_person_dependencies',
      ]);
      throw new RolledBack(values);
    }).catch((e: unknown) => {
      if (e instanceof RolledBack) return e.values;
      throw e;
    });
    const series = new Map(alone.map((v) => [v.day, v.value]));
    const counted = dayRange(report.from, report.to).filter((d) => series.get(d) === 1);
    expect(counted.length).toBeGreaterThan(0);
    expect(counted).toEqual(dayRange(counted[0]!, addDays(first, -1)));
    // The retirements were rolled back.
    const [retired] = await owner<{ n: number }>(
      "select count(*)::int as n from services where workspace_id = $1 and status = 'retired'",
      [workspaceId],
    );
    expect(retired!.n).toBe(0);
  });

  // 31 August 2026 is a bank holiday: out of hours, Acme's cover rule routes a P2 of the expert's service
  // to Northwind, and the server refuses the expert as its assignee. With seed 15 such a ticket is raised
  // that day; the history used to stop there (the living demo of a server started on 8 December 2026).
  it('is worked by the covering party when a cover rule routed it there on a bank holiday', async () => {
    type Row = { lane: string; assignee_party: string };
    class Covered extends Error {
      constructor(readonly rows: Row[]) {
        super('rolled back');
      }
    }
    const covered = await withScopedTx(t.database.db, { workspaceId, accountId: null }, async (tx) => {
      await simulate(tx as never, {
        slug: 'acme',
        months: 0.2,
        seed: 15,
        ticketsPerDay: 0,
        until: '2026-09-01',
      });
      const result = await tx.execute(
        sql`select p.name as lane, ap.name as assignee_party from tickets t
          join parties p on p.workspace_id = t.workspace_id and p.id = t.lane_party_id
          join memberships m on m.workspace_id = t.workspace_id and m.id = t.assignee_membership_id
          join parties ap on ap.workspace_id = m.workspace_id and ap.id = m.party_id
          where t.workspace_id = ${workspaceId} and t.description like '%Raised on 2026-08-31%'
            and t.routing_reason like 'Out of hours%'`,
      );
      throw new Covered((result as unknown as { rows: Row[] }).rows);
    }).catch((e: unknown) => {
      if (e instanceof Covered) return e.rows;
      throw e;
    });
    expect(covered.length).toBeGreaterThan(0);
    for (const ticket of covered) expect(ticket.assignee_party).toBe(ticket.lane);
    expect(covered.map((c) => c.lane)).toContain('Northwind IT Services');
  });
});
