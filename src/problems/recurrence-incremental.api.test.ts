import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { withScopedTx } from '../db/tenant.ts';
import { seedDemo } from '../demo/seed.ts';
import { groupSimilarTickets, type Neighbour, pairsFromNeighbours } from '../domain/recurrence.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { DEFAULT_RECURRENCE_OPTIONS, detectRecurrence, findScopes } from './recurrence.ts';
import { ScopeTexts } from './recurrence-neighbours.ts';
import { fullSimilarPairs } from './recurrence-reference.ts';

let database: DatabaseHandle;
let acmeId: string;
const o = DEFAULT_RECURRENCE_OPTIONS;

beforeAll(async () => {
  database = await createTestDatabase();
  // The demo seed runs the job once (its first, full run) as the nightly job would.
  await seedDemo(database.db);
  [{ id: acmeId }] = (await database.unsafeOwnerQuery<{ id: string }>(
    `select id from workspaces where slug = 'acme'`,
  )) as [{ id: string }];
});
afterAll(() => database.close());

/** Per scope: the groups the full comparison finds and the groups from the stored neighbour lists. */
async function groupsBothWays() {
  return withScopedTx(database.db, { workspaceId: acmeId, accountId: null }, async (tx) => {
    const result: Array<{ scope: string; full: string[]; incremental: string[] }> = [];
    for (const scope of await findScopes(tx, acmeId, o)) {
      const full = groupSimilarTickets(await fullSimilarPairs(tx, acmeId, scope, o), o);
      const stored = rowsOf<{ id: string; neighbours: Neighbour[] }>(
        await tx.execute(sql`select ticket_id as id, neighbours from recurrence_tickets
          where workspace_id = ${acmeId} and scope_kind = ${scope.kind} and scope_id = ${scope.id}`),
      );
      const incremental = groupSimilarTickets(
        pairsFromNeighbours(new Map(stored.map((r) => [r.id, r.neighbours])), o.threshold),
        o,
      );
      const signatures = (groups: typeof full) => groups.map((g) => g.ticketIds.join(',')).sort();
      result.push({ scope: scope.name, full: signatures(full), incremental: signatures(incremental) });
    }
    return result;
  });
}

describe('incremental recurrence detection on the demo', () => {
  it('finds the same groups as comparing every recent ticket afresh, and proposed them', async () => {
    const scopes = await groupsBothWays();
    expect(scopes.some((s) => s.full.length > 0)).toBe(true);
    for (const s of scopes) expect(s.incremental, s.scope).toEqual(s.full);
    const proposed = await database.unsafeOwnerQuery<{ ids: string }>(
      `select array_to_string(array(select unnest(ticket_ids) order by 1), ',') as ids
       from recurrence_proposals where workspace_id = $1`,
      [acmeId],
    );
    const found = new Set(scopes.flatMap((s) => s.full));
    for (const p of proposed) expect(found.has(p.ids), p.ids).toBe(true);
  });

  it('a second run with nothing new looks nothing up and proposes nothing', async () => {
    const again = await detectRecurrence(database.db, acmeId);
    expect(again.neighbourLookups).toBe(0);
    expect(again.proposalsCreated).toBe(0);
  });

  it('after new, edited and linked tickets only those are looked up, and the groups still match', async () => {
    const q = database.unsafeOwnerQuery.bind(database);
    const [busiest] = await q<{ service_id: string; n: number }>(
      `select service_id, count(*)::int as n from recurrence_tickets r join tickets t on t.id = r.ticket_id
       where r.workspace_id = $1 and r.scope_kind = 'service' group by r.workspace_id, service_id order by n desc limit 1`,
      [acmeId],
    );
    const existing = await q<{
      id: string;
      subject: string;
      number: number;
      requester_membership_id: string;
    }>(
      `select id, subject, number, requester_membership_id from tickets where workspace_id = $1 and service_id = $2
       and id in (select ticket_id from recurrence_tickets where workspace_id = $1) order by created_at desc limit 6`,
      [acmeId, busiest!.service_id],
    );
    expect(existing.length).toBeGreaterThanOrEqual(3);
    // Three new tickets like existing ones (they join or grow groups), one edited, one linked to a problem.
    const [{ max }] = (await q<{ max: number }>(
      'select max(number)::int as max from tickets where workspace_id = $1',
      [acmeId],
    )) as [{ max: number }];
    for (let i = 0; i < 3; i++)
      await q(
        `insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, description, impact, urgency, priority, routing_reason)
         values ($1, $2, $3, $4, $5, '', 'low', 'medium', 'P4', 'test')`,
        [
          acmeId,
          max + 1 + i,
          existing[i]!.requester_membership_id,
          busiest!.service_id,
          `${existing[i]!.subject} again`,
        ],
      );
    await q(`update tickets set subject = 'Something else entirely' where id = $1`, [existing[3]!.id]);
    const [problem] = await q<{ id: string }>('select id from problems where workspace_id = $1 limit 1', [
      acmeId,
    ]);
    await q('insert into problem_tickets (workspace_id, problem_id, ticket_id) values ($1, $2, $3)', [
      acmeId,
      problem!.id,
      existing[4]!.id,
    ]);
    const run = await detectRecurrence(database.db, acmeId);
    // The new and edited tickets, and the few whose full lists lost the edited or linked one.
    expect(run.neighbourLookups).toBeGreaterThanOrEqual(4);
    expect(run.neighbourLookups).toBeLessThan(40);
    for (const s of await groupsBothWays()) expect(s.incremental, s.scope).toEqual(s.full);
  });

  it("compares texts in memory exactly as the database's pg_trgm does", async () => {
    // Every pair of 60 of the demo's subjects and descriptions (1,770 pairs): distance and the
    // combined similarity the full comparison's SQL computes, to the last bit.
    const texts = await database.unsafeOwnerQuery<{ id: string; subj: string; descr: string }>(
      `select id, lower(left(subject, 200)) as subj, lower(left(description, 300)) as descr
       from tickets where workspace_id = $1 order by number limit 60`,
      [acmeId],
    );
    const fromDatabase = await database.unsafeOwnerQuery<{
      a: string;
      b: string;
      distance: number;
      similarity: number;
    }>(
      `select x.id as a, y.id as b, x.subj <-> y.subj as distance,
         round(($2 * (1 - (x.subj <-> y.subj)) + $3 * similarity(x.descr, y.descr))::numeric, 3)::float8 as similarity
       from unnest($1::uuid[], $4::text[], $5::text[]) as x(id, subj, descr)
       cross join unnest($1::uuid[], $4::text[], $5::text[]) as y(id, subj, descr)
       where x.id <> y.id and x.subj <-> y.subj <= $6`,
      [texts.map((t) => t.id), 0.8, 1 - 0.8, texts.map((t) => t.subj), texts.map((t) => t.descr), 0.7],
    );
    const inMemory = await ScopeTexts.build(texts);
    const expected = new Map(
      fromDatabase.map((r) => [`${r.a} ${r.b}`, [Math.fround(Number(r.distance)), Number(r.similarity)]]),
    );
    const found = new Map(
      texts.flatMap((t) =>
        inMemory.nearest(t.id).map(([b, distance, similarity]) => [`${t.id} ${b}`, [distance, similarity]]),
      ),
    );
    expect(expected.size).toBeGreaterThan(50);
    expect(found).toEqual(expected);
  });
});
