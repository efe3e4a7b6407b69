import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/client.ts';
import { recurrenceProposals, recurrenceRuns } from '../db/schema/problems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import {
  groupSignature,
  groupSimilarTickets,
  isNewGroup,
  proposalTitle,
  RECURRENCE_DEFAULTS,
  type SimilarPair,
} from '../domain/recurrence.ts';
import { type RequestMeta, systemMeta } from '../server/context.ts';

export type RecurrenceOptions = typeof RECURRENCE_DEFAULTS & {
  /** The newest tickets of one service or asset compared (bounds a scope's work). */
  maxScopeTickets: number;
  /** One transaction per chunk instead of per scope: for PGlite (one session, one statement at a time). */
  chunkedTransactions: boolean;
};
export const DEFAULT_RECURRENCE_OPTIONS: RecurrenceOptions = {
  ...RECURRENCE_DEFAULTS,
  maxScopeTickets: 20_000,
  chunkedTransactions: false,
};

type Scope = { kind: 'service' | 'asset'; id: string; name: string };
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const systemScope = (workspaceId: string) => ({ workspaceId, accountId: null });

/** Scopes with enough recent tickets not yet linked to a problem. */
async function findScopes(tx: Tx, workspaceId: string, o: RecurrenceOptions): Promise<Scope[]> {
  const recent = sql`t.workspace_id = ${workspaceId} and t.created_at >= now() - make_interval(days => ${o.windowDays})
    and not exists (select 1 from problem_tickets pt where pt.ticket_id = t.id)`;
  const byService = rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`select s.id, s.name from tickets t join services s on s.id = t.service_id
      where ${recent} group by s.id, s.name having count(*) >= ${o.minTickets}`),
  );
  const byAsset = rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`select s.id, s.name from tickets t join ticket_assets ta on ta.ticket_id = t.id
      join systems s on s.id = ta.system_id
      where ${recent} group by s.id, s.name having count(*) >= ${o.minTickets}`),
  );
  return [
    ...byService.map((r) => ({ kind: 'service' as const, ...r })),
    ...byAsset.map((r) => ({ kind: 'asset' as const, ...r })),
  ];
}

type Step = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Similar pairs inside one scope, by pg_trgm: the scope's recent tickets go into a temporary table
 * with a trigram GiST index on the subject; each ticket takes its nearest subjects (KNN on `<->`,
 * which stops after a few instead of comparing every pair), and a pair counts when its score, mostly
 * subject and partly description, reaches the threshold. A few neighbours are enough to connect a
 * group; the evidence keeps the pairs found. The neighbour search runs in chunks of tickets, each
 * through `step` (its own transaction on PGlite, so requests get their turn in between).
 */
async function similarPairs(step: Step, workspaceId: string, scope: Scope, o: RecurrenceOptions) {
  const inScope =
    scope.kind === 'service'
      ? sql`t.service_id = ${scope.id}`
      : sql`exists (select 1 from ticket_assets ta where ta.ticket_id = t.id and ta.system_id = ${scope.id})`;
  const scanned = await step(async (tx) => {
    await tx.execute(sql`drop table if exists recurrence_batch`);
    await tx.execute(sql`create temporary table recurrence_batch as
      select row_number() over (order by t.created_at desc)::int as rn, t.id,
        lower(left(t.subject, 200)) as subj, lower(left(t.description, 300)) as descr
      from tickets t
      where t.workspace_id = ${workspaceId} and ${inScope}
        and t.created_at >= now() - make_interval(days => ${o.windowDays})
        and not exists (select 1 from problem_tickets pt where pt.ticket_id = t.id)
      order by t.created_at desc limit ${o.maxScopeTickets}`);
    await tx.execute(sql`create index on recurrence_batch using gist (subj gist_trgm_ops)`);
    await tx.execute(sql`analyze recurrence_batch`);
    return (
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from recurrence_batch`))[0]?.n ?? 0
    );
  });
  const seen = new Set<string>();
  const pairs: SimilarPair[] = [];
  for (let from = 0; from < scanned; from += CHUNK) {
    const rows = await step(async (tx) =>
      rowsOf<{ a: string; b: string; similarity: number }>(
        await tx.execute(sql`select a.id as a, n.id as b,
            round((${SUBJECT_WEIGHT} * (1 - n.distance) + ${1 - SUBJECT_WEIGHT} * similarity(a.descr, n.descr))::numeric, 3)::float8 as similarity
          from recurrence_batch a
          cross join lateral (
            select b.id, b.descr, b.subj <-> a.subj as distance from recurrence_batch b
            where b.id <> a.id order by b.subj <-> a.subj limit ${NEIGHBOURS}
          ) n
          where a.rn > ${from} and a.rn <= ${from + CHUNK} and n.distance <= ${1 - CANDIDATE_THRESHOLD}`),
      ),
    );
    for (const r of rows) {
      const similarity = Number(r.similarity);
      // Each pair may come from both ends; keep one.
      const key = r.a < r.b ? `${r.a}|${r.b}` : `${r.b}|${r.a}`;
      if (similarity < o.threshold || seen.has(key)) continue;
      seen.add(key);
      pairs.push({ a: r.a, b: r.b, similarity });
    }
    // Let queued requests run before the next chunk.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await step((tx) => tx.execute(sql`drop table if exists recurrence_batch`));
  return { pairs, scanned };
}

/** Tickets whose neighbours one statement looks up (bounds how long PGlite is held at a time). */
const CHUNK = 50;
const NEIGHBOURS = 5;
/** Subjects carry the symptom; descriptions often repeat a form's boilerplate, so they weigh less. */
const SUBJECT_WEIGHT = 0.8;
const CANDIDATE_THRESHOLD = 0.3;

async function saveGroups(
  tx: Tx,
  workspaceId: string,
  scope: Scope,
  groups: ReturnType<typeof groupSimilarTickets>,
  meta: RequestMeta,
) {
  const decided = await tx
    .select({ ticketIds: recurrenceProposals.ticketIds })
    .from(recurrenceProposals)
    .where(
      and(
        eq(recurrenceProposals.workspaceId, workspaceId),
        eq(recurrenceProposals.scopeId, scope.id),
        inArray(recurrenceProposals.status, ['accepted', 'dismissed']),
      ),
    );
  const decidedIds = new Set(decided.flatMap((d) => d.ticketIds));
  const open = await tx
    .select()
    .from(recurrenceProposals)
    .where(
      and(
        eq(recurrenceProposals.workspaceId, workspaceId),
        eq(recurrenceProposals.scopeId, scope.id),
        eq(recurrenceProposals.status, 'proposed'),
      ),
    );
  let created = 0;
  for (const group of groups) {
    if (!isNewGroup(group.ticketIds, decidedIds)) continue;
    const [centre] = await tx
      .select({ subject: tickets.subject })
      .from(tickets)
      .where(eq(tickets.id, group.centreTicketId));
    const values = {
      signature: groupSignature(`${scope.kind}:${scope.id}`, group.ticketIds),
      ticketIds: group.ticketIds,
      title: proposalTitle(centre?.subject ?? '', scope.name, group.ticketIds.length),
      averageSimilarity: group.averageSimilarity,
      evidence: { pairs: group.pairs },
    };
    // A group that grew since it was proposed updates its open proposal instead of adding another.
    const overlapping = open.find((p) => p.ticketIds.some((id) => group.ticketIds.includes(id)));
    if (overlapping) {
      if (overlapping.signature !== values.signature)
        await tx.update(recurrenceProposals).set(values).where(eq(recurrenceProposals.id, overlapping.id));
      continue;
    }
    const [inserted] = await tx
      .insert(recurrenceProposals)
      .values({ workspaceId, scopeKind: scope.kind, scopeId: scope.id, ...values })
      .onConflictDoNothing()
      .returning({ id: recurrenceProposals.id });
    if (!inserted) continue;
    created++;
    await recordAudit(tx, meta, {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'recurrence.proposed',
      entityType: 'recurrence_proposal',
      entityId: inserted.id,
      after: { scope, ticketIds: group.ticketIds, averageSimilarity: group.averageSimilarity },
    });
  }
  return created;
}

/**
 * The recurrence job for one workspace. Each scope is its own short transaction, so requests
 * interleave with the job (on PGlite, which runs one query at a time, too).
 */
export async function detectRecurrence(
  db: Database,
  workspaceId: string,
  options: Partial<RecurrenceOptions> = {},
) {
  const o = { ...DEFAULT_RECURRENCE_OPTIONS, ...options };
  const meta = systemMeta('recurrence-job');
  const started = performance.now();
  const [run] = await withScopedTx(db, systemScope(workspaceId), (tx) =>
    tx.insert(recurrenceRuns).values({ workspaceId, windowDays: o.windowDays }).returning(),
  );
  const scopes = await withScopedTx(db, systemScope(workspaceId), (tx) => findScopes(tx, workspaceId, o));
  let scanned = 0;
  let groupsFound = 0;
  let created = 0;
  for (const scope of scopes) {
    const runScope = async (step: Step) => {
      const found = await similarPairs(step, workspaceId, scope, o);
      if (scope.kind === 'service') scanned += found.scanned;
      const groups = groupSimilarTickets(found.pairs, o);
      groupsFound += groups.length;
      created += await step((tx) => saveGroups(tx, workspaceId, scope, groups, meta));
    };
    // PostgreSQL: one transaction per scope on its own connection (requests run beside it).
    // PGlite runs one statement at a time in this process: every chunk is its own transaction and
    // the temporary table lives on in its one session between them.
    if (o.chunkedTransactions) await runScope((fn) => withScopedTx(db, systemScope(workspaceId), fn));
    else await withScopedTx(db, systemScope(workspaceId), (tx) => runScope((fn) => fn(tx)));
  }
  const durationMs = Math.round(performance.now() - started);
  await withScopedTx(db, systemScope(workspaceId), (tx) =>
    tx
      .update(recurrenceRuns)
      .set({
        finishedAt: new Date(),
        ticketsScanned: scanned,
        groupsFound,
        proposalsCreated: created,
        durationMs,
      })
      .where(eq(recurrenceRuns.id, run!.id)),
  );
  return {
    runId: run!.id,
    scopes: scopes.length,
    ticketsScanned: scanned,
    groupsFound,
    proposalsCreated: created,
    durationMs,
  };
}
