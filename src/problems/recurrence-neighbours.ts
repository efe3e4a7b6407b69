import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import {
  type Neighbour,
  pairsFromNeighbours,
  STORED_NEIGHBOURS,
  withNeighbour,
  withoutDeparted,
} from '../domain/recurrence.ts';

export type Scope = { kind: 'service' | 'asset'; id: string; name: string };
export type Step = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
type Window = { windowDays: number; maxScopeTickets: number; threshold: number };

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** Tickets whose neighbours one statement looks up (bounds how long PGlite is held at a time). */
const CHUNK = 50;
/** Subjects carry the symptom; descriptions often repeat a form's boilerplate, so they weigh less. */
const SUBJECT_WEIGHT = 0.8;
const CANDIDATE_THRESHOLD = 0.3;
/**
 * Older tickets a new one is offered to, nearest first. Exact while fewer than this many lie within
 * the candidate distance (about 50 in the bench's dense word lists); beyond, the farthest miss it.
 */
const OFFERED = 256;
const combined = (distance: SQL, a: SQL, b: SQL) =>
  sql`round((${SUBJECT_WEIGHT} * (1 - ${distance}) + ${1 - SUBJECT_WEIGHT} * similarity(${a}, ${b}))::numeric, 3)::float8`;

/**
 * Similar pairs inside one scope, incrementally. recurrence_tickets keeps each recent ticket's
 * compared text and its nearest subjects (looked up in a temporary trigram index of the scope). A run:
 * 1. syncs the rows with the scope's recent tickets (drops the ones gone, linked or edited; adds the new);
 * 2. drops departed tickets from the lists (a full list that lost one is looked up again);
 * 3. looks up the nearest subjects of the new tickets and of those lists (KNN, LIMIT 8);
 * 4. offers each new ticket to the older tickets within the candidate distance (up to 256), whose lists
 *    take it when it is nearer than their last;
 * then takes the pairs from the lists, the same as comparing every ticket with its five nearest.
 * Nothing new means no lookups at all.
 */
export async function similarPairs(step: Step, workspaceId: string, scope: Scope, o: Window) {
  const inScope =
    scope.kind === 'service'
      ? sql`t.service_id = ${scope.id}`
      : sql`exists (select 1 from ticket_assets ta where ta.ticket_id = t.id and ta.system_id = ${scope.id})`;
  const ofScope = (alias: string) => {
    const t = sql.raw(alias);
    return sql`${t}.workspace_id = ${workspaceId} and ${t}.scope_kind = ${scope.kind} and ${t}.scope_id = ${scope.id}`;
  };
  const ids = (list: string[]) =>
    sql`(${sql.join(
      list.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`;
  const synced = await step(async (tx) => {
    await tx.execute(sql`drop table if exists recurrence_live`);
    await tx.execute(sql`create temporary table recurrence_live as
      select t.id, lower(left(t.subject, 200)) as subj, lower(left(t.description, 300)) as descr
      from tickets t
      where t.workspace_id = ${workspaceId} and ${inScope}
        and t.created_at >= now() - make_interval(days => ${o.windowDays})
        and not exists (select 1 from problem_tickets pt where pt.ticket_id = t.id)
      order by t.created_at desc limit ${o.maxScopeTickets}`);
    // Statistics, so the diff below joins by hash instead of comparing every pair.
    await tx.execute(sql`analyze recurrence_live`);
    const departed = rowsOf<{ id: string }>(
      await tx.execute(sql`delete from recurrence_tickets r where ${ofScope('r')}
        and not exists (select 1 from recurrence_live l where l.id = r.ticket_id and l.subj = r.subj and l.descr = r.descr)
        returning r.ticket_id as id`),
    ).map((r) => r.id);
    const added = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into recurrence_tickets (workspace_id, scope_kind, scope_id, ticket_id, subj, descr)
        select ${workspaceId}, ${scope.kind}, ${scope.id}, l.id, l.subj, l.descr from recurrence_live l
        where not exists (select 1 from recurrence_tickets r where ${ofScope('r')} and r.ticket_id = l.id)
        returning ticket_id as id`),
    ).map((r) => r.id);
    await tx.execute(sql`drop table recurrence_live`);

    const stored = rowsOf<{ id: string; neighbours: Neighbour[] }>(
      await tx.execute(
        sql`select ticket_id as id, neighbours from recurrence_tickets r where ${ofScope('r')}`,
      ),
    );
    return { departed, added, stored };
  });

  const lists = new Map(synced.stored.map((r) => [r.id, r.neighbours]));
  const changed = new Set<string>();
  const lookUp = new Set(synced.added);
  if (synced.departed.length > 0) {
    const departed = new Set(synced.departed);
    for (const [id, list] of lists) {
      if (lookUp.has(id)) continue;
      const next = withoutDeparted(list, departed);
      if (next.lookUpAgain) lookUp.add(id);
      else if (next.changed) {
        lists.set(id, next.list);
        changed.add(id);
      }
    }
  }

  // The scope's texts in a temporary table with its own trigram index: row-level security keeps
  // the planner from walking a table's index in distance order (the <-> operator is not leakproof),
  // so lookups on recurrence_tickets itself would sort the whole scope for every ticket.
  const toLookUp = [...lookUp];
  const offered = lookUp.size < lists.size ? synced.added : [];
  if (toLookUp.length + offered.length > 0)
    await step(async (tx) => {
      await tx.execute(sql`drop table if exists recurrence_batch`);
      await tx.execute(sql`create temporary table recurrence_batch as
        select r.ticket_id, r.subj, r.descr from recurrence_tickets r where ${ofScope('r')}`);
      await tx.execute(sql`create index on recurrence_batch using gist (subj gist_trgm_ops)`);
      await tx.execute(sql`analyze recurrence_batch`);
    });

  // Nearest subjects of the new tickets and of the lists that lost their end.
  for (let from = 0; from < toLookUp.length; from += CHUNK) {
    const chunk = toLookUp.slice(from, from + CHUNK);
    const rows = await step(async (tx) =>
      rowsOf<{ a: string; b: string; distance: number; similarity: number }>(
        await tx.execute(sql`select a.ticket_id as a, n.ticket_id as b, n.distance, ${combined(sql`n.distance`, sql`a.descr`, sql`n.descr`)} as similarity
          from recurrence_batch a
          cross join lateral (
            select b.ticket_id, b.descr, b.subj <-> a.subj as distance from recurrence_batch b
            where b.ticket_id <> a.ticket_id
            order by b.subj <-> a.subj limit ${STORED_NEIGHBOURS}
          ) n
          where a.ticket_id in ${ids(chunk)}
            and n.distance <= ${1 - CANDIDATE_THRESHOLD}
          order by a.ticket_id, n.distance`),
      ),
    );
    for (const id of chunk) lists.set(id, []);
    for (const r of rows) lists.get(r.a)!.push([r.b, Number(r.distance), Number(r.similarity)]);
    await new Promise((resolve) => setImmediate(resolve));
  }

  // Each new ticket is offered to the older tickets near it (within the candidate distance).
  // (Not needed when every ticket was looked up: the first run.)
  for (let from = 0; from < offered.length; from += CHUNK) {
    const chunk = offered.slice(from, from + CHUNK);
    const rows = await step(async (tx) =>
      rowsOf<{ o: string; n: string; distance: number; similarity: number }>(
        await tx.execute(sql`select o.ticket_id as o, n.ticket_id as n, o.distance,
            ${combined(sql`o.distance`, sql`n.descr`, sql`o.descr`)} as similarity
          from recurrence_batch n
          cross join lateral (
            select o.ticket_id, o.descr, o.subj <-> n.subj as distance from recurrence_batch o
            where o.ticket_id <> n.ticket_id
            order by o.subj <-> n.subj limit ${OFFERED}
          ) o
          where n.ticket_id in ${ids(chunk)} and o.distance <= ${1 - CANDIDATE_THRESHOLD}`),
      ),
    );
    for (const r of rows) {
      if (lookUp.has(r.o)) continue;
      const next = withNeighbour(lists.get(r.o) ?? [], [r.n, Number(r.distance), Number(r.similarity)]);
      if (!next) continue;
      lists.set(r.o, next);
      changed.add(r.o);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  if (toLookUp.length + offered.length > 0)
    await step((tx) => tx.execute(sql`drop table if exists recurrence_batch`));

  // Lists written back, a few hundred a statement.
  const toWrite = [...new Set([...lookUp, ...changed])];
  for (let from = 0; from < toWrite.length; from += 500) {
    const rows = toWrite
      .slice(from, from + 500)
      .map((id) => ({ ticket_id: id, neighbours: lists.get(id) ?? [] }));
    await step((tx) =>
      tx.execute(sql`update recurrence_tickets r set neighbours = u.neighbours
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(ticket_id uuid, neighbours jsonb)
        where ${ofScope('r')} and r.ticket_id = u.ticket_id`),
    );
  }
  return {
    pairs: pairsFromNeighbours(lists, o.threshold),
    scanned: lists.size,
    lookedUp: toLookUp.length,
  };
}
