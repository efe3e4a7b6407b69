import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import {
  mayJoin,
  type Neighbour,
  pairsFromNeighbours,
  STORED_NEIGHBOURS,
  withNeighbour,
  withoutDeparted,
} from '../domain/recurrence.ts';
import { roundLikeNumeric, sharedCount, TrigramIndex, trigramSimilarity } from '../domain/trigrams.ts';

export type Scope = { kind: 'service' | 'asset'; id: string; name: string };
export type Step = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
type Window = { windowDays: number; maxScopeTickets: number; threshold: number };

/**
 * The comparison is CPU in this process, which also serves requests: every 2 ms of it the event loop
 * gets a turn, so each round trip of a request waits about that long behind each scope in progress.
 */
const SLICE_MS = 2;
function breather() {
  let until = performance.now() + SLICE_MS;
  return async () => {
    if (performance.now() < until) return;
    await new Promise((resolve) => setImmediate(resolve));
    until = performance.now() + SLICE_MS;
  };
}
/** Subjects carry the symptom; descriptions often repeat a form's boilerplate, so they weigh less. */
const SUBJECT_WEIGHT = 0.8;
const MAX_DISTANCE = Math.fround(1 - 0.3);

/**
 * A scope's compared texts. The combined similarity is what the SQL of the full comparison gives,
 * `round((0.8 * (1 - (a.subj <-> b.subj)) + 0.2 * similarity(a.descr, b.descr))::numeric, 3)`: the
 * first product in float8, the second in float4 (PostgreSQL types the weights so), summed in float8.
 */
export class ScopeTexts {
  private readonly subjects = new TrigramIndex();
  /** Description trigrams, made when a pair needs them (most tickets' are never compared). */
  private readonly descriptions = new TrigramIndex();
  private readonly descriptionSets: Array<Int32Array | undefined> = [];
  private readonly index = new Map<string, number>();

  private constructor(private readonly rows: Array<{ id: string; subj: string; descr: string }>) {}

  /** The scope's texts indexed; `breathe` lets other work run now and then (it is CPU-bound). */
  static async build(
    rows: Array<{ id: string; subj: string; descr: string }>,
    breathe: () => Promise<void> = async () => {},
  ): Promise<ScopeTexts> {
    const texts = new ScopeTexts(rows);
    for (const row of rows) {
      texts.index.set(row.id, texts.subjects.add(row.subj));
      await breathe();
    }
    texts.subjects.seal();
    return texts;
  }

  /** The other tickets within the candidate distance of one, nearest first: [ticket, distance]. */
  near(id: string): Array<[string, number]> {
    const of = this.index.get(id);
    if (of === undefined) return [];
    return this.subjects.near(of, MAX_DISTANCE).map(([other, distance]) => [this.rows[other]!.id, distance]);
  }

  /** Another ticket as a neighbour of one, with their combined similarity. */
  neighbour(of: string, other: string, distance: number): Neighbour {
    const own = this.descriptionsOf(this.index.get(of)!);
    const theirs = this.descriptionsOf(this.index.get(other)!);
    const descriptions = trigramSimilarity(sharedCount(own, theirs), own.length, theirs.length);
    const similarity =
      SUBJECT_WEIGHT * (1 - distance) + Math.fround(Math.fround(1 - SUBJECT_WEIGHT) * descriptions);
    return [other, distance, roundLikeNumeric(similarity, 3)];
  }

  /** The nearest ones as neighbours (all within the candidate distance, or the first `limit`). */
  nearest(id: string, limit = Number.POSITIVE_INFINITY): Neighbour[] {
    return this.near(id)
      .slice(0, limit)
      .map(([other, distance]) => this.neighbour(id, other, distance));
  }

  private descriptionsOf(i: number): Int32Array {
    this.descriptionSets[i] ??= this.descriptions.idsOf(this.rows[i]!.descr);
    return this.descriptionSets[i];
  }
}

/**
 * Similar pairs inside one scope, incrementally. recurrence_tickets keeps each recent ticket's
 * compared text and its nearest subjects (found in memory over the scope's texts). A run:
 * 1. syncs the rows with the scope's recent tickets (drops the ones gone, linked or edited; adds the new);
 * 2. drops departed tickets from the lists (a full list that lost one is looked up again);
 * 3. looks up the nearest subjects of the new tickets and of those lists (8 kept);
 * 4. offers each new ticket to every older ticket within the candidate distance, whose list takes it
 *    when it is nearer than its last;
 * then takes the pairs from the lists, the same as comparing every ticket with its five nearest.
 * Nothing new means no lookups at all.
 */
/**
 * A scope's rows read as one JSON text (`json_agg(...)::text as rows`) and parsed once: at 6,700 rows a
 * scope, the embedded engine's per-row result decoding cost more than the query (bench/README.md,
 * "Recurrence").
 */
const jsonRows = <T>(result: unknown): T[] =>
  JSON.parse(rowsOf<{ rows: string }>(result)[0]?.rows ?? '[]') as T[];

/**
 * The scope's recent tickets in no problem yet (newest first, up to the cap), with the lower-cased
 * subject and description the comparison reads. Standard requests (raised from a catalogue item of
 * kind `request`: a new starter, a leaver) recur by design and are no problem's symptom: left out.
 */
export function recentFreeTickets(workspaceId: string, scope: Scope, o: Window) {
  const inScope =
    scope.kind === 'service'
      ? sql`t.service_id = ${scope.id}`
      : sql`exists (select 1 from ticket_assets ta where ta.ticket_id = t.id and ta.system_id = ${scope.id})`;
  return sql`select t.id, lower(left(t.subject, 200)) as subj, lower(left(t.description, 300)) as descr
    from tickets t
    where t.workspace_id = ${workspaceId} and ${inScope}
      and t.created_at >= now() - make_interval(days => ${o.windowDays})
      and not exists (select 1 from problem_tickets pt where pt.ticket_id = t.id)
      and not exists (select 1 from catalogue_items ci
        where ci.workspace_id = t.workspace_id and ci.id = t.catalogue_item_id and ci.kind = 'request')
    order by t.created_at desc limit ${o.maxScopeTickets}`;
}

export async function similarPairs(step: Step, workspaceId: string, scope: Scope, o: Window) {
  const ofScope = (alias: string) => {
    const t = sql.raw(alias);
    return sql`${t}.workspace_id = ${workspaceId} and ${t}.scope_kind = ${scope.kind} and ${t}.scope_id = ${scope.id}`;
  };
  const synced = await step(async (tx) => {
    await tx.execute(sql`drop table if exists recurrence_live`);
    await tx.execute(
      sql`create temporary table recurrence_live as ${recentFreeTickets(workspaceId, scope, o)}`,
    );
    // An index, so the diff below never compares every pair (the planner guesses one row for the
    // scope's stored rows and picks a nested loop over the copy: without it, 85 ms a scope).
    await tx.execute(sql`create index on recurrence_live (id)`);
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

    const stored = jsonRows<{ id: string; neighbours: Neighbour[] }>(
      await tx.execute(
        sql`select coalesce(json_agg(json_build_object('id', ticket_id, 'neighbours', neighbours)), '[]')::text as rows
          from recurrence_tickets r where ${ofScope('r')}`,
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

  // Nearest subjects of the new tickets and of the lists that lost their end; then each new ticket
  // is offered to the older tickets within the candidate distance, whose lists take it when it is
  // nearer than their last (not needed when every ticket was looked up: the first run). Compared in
  // memory with pg_trgm's own arithmetic (domain/trigrams.ts): a trigram index walk in the database
  // cost ~2 ms a ticket at 7,000 tickets a scope, and grew with the scope.
  const toLookUp = [...lookUp];
  const offered = lookUp.size < lists.size ? synced.added : [];
  if (toLookUp.length + offered.length > 0) {
    const texts = await step(async (tx) =>
      jsonRows<{ id: string; subj: string; descr: string }>(
        await tx.execute(
          sql`select coalesce(json_agg(json_build_object('id', ticket_id, 'subj', subj, 'descr', descr) order by ticket_id), '[]')::text as rows
            from recurrence_tickets r where ${ofScope('r')}`,
        ),
      ),
    );
    const breathe = breather();
    const scopeTexts = await ScopeTexts.build(texts, breathe);
    for (const id of toLookUp) {
      lists.set(id, scopeTexts.nearest(id, STORED_NEIGHBOURS));
      await breathe();
    }
    for (const id of offered) {
      for (const [older, distance] of scopeTexts.near(id)) {
        if (lookUp.has(older)) continue;
        const list = lists.get(older) ?? [];
        // Too far for a full list: no need to compare the descriptions.
        if (!mayJoin(list, distance)) continue;
        const next = withNeighbour(list, scopeTexts.neighbour(older, id, distance));
        if (!next) continue;
        lists.set(older, next);
        changed.add(older);
      }
      await breathe();
    }
  }

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
