import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { recurrenceProposals, recurrenceRuns } from '../db/schema/problems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import {
  groupSignature,
  groupSimilarTickets,
  isNewGroup,
  proposalTitle,
  RECURRENCE_DEFAULTS,
} from '../domain/recurrence.ts';
import { type RequestMeta, systemMeta } from '../server/context.ts';
import { type Scope, type Step, similarPairs } from './recurrence-neighbours.ts';

export type RecurrenceOptions = typeof RECURRENCE_DEFAULTS & {
  /** The newest tickets of one service or asset compared (bounds a scope's work). */
  maxScopeTickets: number;
  /** One transaction per chunk instead of per scope: for PGlite (one session, one statement at a time). */
  chunkedTransactions: boolean;
  /** Scopes compared at once, each in its own transaction and connection (PostgreSQL only). */
  parallelScopes: number;
};
export const DEFAULT_RECURRENCE_OPTIONS: RecurrenceOptions = {
  ...RECURRENCE_DEFAULTS,
  maxScopeTickets: 20_000,
  chunkedTransactions: false,
  parallelScopes: 2,
};

const systemScope = (workspaceId: string) => ({ workspaceId, accountId: null });

/** Scopes with enough recent tickets not yet linked to a problem. */
export async function findScopes(tx: Tx, workspaceId: string, o: RecurrenceOptions): Promise<Scope[]> {
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

async function saveGroups(
  tx: Tx,
  workspaceId: string,
  scope: Scope,
  groups: ReturnType<typeof groupSimilarTickets>,
  meta: RequestMeta,
) {
  const decided = await tx
    .select({ ticketIds: recurrenceProposals.ticketIds, signature: recurrenceProposals.signature })
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
  const signatures = new Set([...decided, ...open].map((p) => p.signature));
  let created = 0;
  const fresh: Array<{ group: (typeof groups)[number]; signature: string }> = [];
  for (const group of groups) {
    if (!isNewGroup(group.ticketIds, decidedIds)) continue;
    const signature = groupSignature(`${scope.kind}:${scope.id}`, group.ticketIds);
    // Already proposed as it is: nothing to write (most groups on most nights). Also when a large
    // group's first 50 tickets (maxGroup) are those of another proposal: the signature is unique.
    if (signatures.has(signature)) continue;
    signatures.add(signature);
    fresh.push({ group, signature });
  }
  // The centre tickets' subjects (the proposals' titles) in one read.
  const centres = fresh.length
    ? await tx
        .select({ id: tickets.id, subject: tickets.subject })
        .from(tickets)
        .where(
          and(
            eq(tickets.workspaceId, workspaceId),
            inArray(
              tickets.id,
              fresh.map((f) => f.group.centreTicketId),
            ),
          ),
        )
    : [];
  const subjectOf = new Map(centres.map((c) => [c.id, c.subject]));
  for (const { group, signature } of fresh) {
    const overlapping = open.find((p) => p.ticketIds.some((id) => group.ticketIds.includes(id)));
    const values = {
      signature,
      ticketIds: group.ticketIds,
      title: proposalTitle(subjectOf.get(group.centreTicketId) ?? '', scope.name, group.ticketIds.length),
      averageSimilarity: group.averageSimilarity,
      evidence: { pairs: group.pairs },
    };
    // A group that grew since it was proposed updates its open proposal instead of adding another.
    if (overlapping) {
      await tx.update(recurrenceProposals).set(values).where(eq(recurrenceProposals.id, overlapping.id));
      overlapping.ticketIds = group.ticketIds;
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
  let lookedUp = 0;
  const runScope = async (scope: Scope, step: Step) => {
    const found = await similarPairs(step, workspaceId, scope, o);
    if (scope.kind === 'service') scanned += found.scanned;
    lookedUp += found.lookedUp;
    const groups = groupSimilarTickets(found.pairs, o);
    groupsFound += groups.length;
    created += await step((tx) => saveGroups(tx, workspaceId, scope, groups, meta));
  };
  // PostgreSQL: one transaction per scope on its own connection (requests run beside it), two
  // scopes at once, so one scope's reads and writes in the database overlap another's comparisons
  // here. PGlite runs one statement at a time in this process: every chunk is its own transaction
  // and the temporary table lives on in its one session between them.
  const queue = [...scopes];
  const worker = async () => {
    for (let scope = queue.shift(); scope; scope = queue.shift()) {
      const current = scope;
      if (o.chunkedTransactions)
        await runScope(current, (fn) => withScopedTx(db, systemScope(workspaceId), fn));
      else await withScopedTx(db, systemScope(workspaceId), (tx) => runScope(current, (fn) => fn(tx)));
    }
  };
  const workers = o.chunkedTransactions ? 1 : Math.max(1, o.parallelScopes);
  await Promise.all(Array.from({ length: workers }, worker));
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
    /** Tickets whose nearest subjects were looked up (new, edited, or lost a neighbour). */
    neighbourLookups: lookedUp,
    durationMs,
  };
}
