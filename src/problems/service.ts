import { and, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { articleLinks, articles } from '../db/schema/knowledge.ts';
import { type Problem, problems, problemTickets } from '../db/schema/problems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import {
  canMoveProblem,
  measureRecurrence,
  type ProblemStatus,
  problemRuleBroken,
  type WorkaroundKind,
} from '../domain/problems.ts';
import { nowOf, type WorkspaceContext } from '../server/context.ts';
import { Conflict, NotFound, StaleVersion } from '../server/errors.ts';
import { findVisibleTicket, visibleTickets } from '../tickets/queries.ts';
import { partyNames, serviceNames } from '../workspaces/names.ts';
import { assertCanProblem } from './policy.ts';
import { assertParty, assertService, findProblem, InvalidField } from './queries.ts';

export type ProblemFields = {
  title: string;
  description: string;
  serviceId: string | null;
  ownerPartyId: string;
  rootCause: string;
  workaround: string;
  workaroundKind: WorkaroundKind;
  workaroundExpiresOn: string | null;
  knownError: boolean;
  resolution: string;
  status: ProblemStatus;
};

export const MEASURE_WINDOW_DAYS = 30;
const today = () => new Date().toISOString().slice(0, 10);

export const auditProblem = auditorFor('problem');

function checkRules(fields: ProblemFields) {
  const broken = problemRuleBroken(fields, today());
  if (broken) throw new InvalidField(`body.${broken[0]}`, broken[1]);
}

/** Inserts a problem and links the given tickets (used by create and by accepting a proposal). */
export async function insertProblem(
  tx: Tx,
  ctx: WorkspaceContext,
  fields: ProblemFields,
  ticketIds: string[],
  source?: { proposalId: string },
): Promise<Problem> {
  const ws = ctx.actor.workspaceId;
  checkRules(fields);
  await assertParty(tx, ws, fields.ownerPartyId, 'body.ownerPartyId');
  if (fields.serviceId) await assertService(tx, ws, fields.serviceId, 'body.serviceId');
  const number = await nextNumber(tx, ws, 'problem');
  const [problem] = await tx
    .insert(problems)
    .values({
      workspaceId: ws,
      number,
      ...fields,
      resolvedAt: fields.status === 'resolved' ? nowOf(ctx) : null,
      createdByMembershipId: ctx.actor.membershipId,
      createdAt: nowOf(ctx),
      updatedAt: nowOf(ctx),
    })
    .returning();
  if (ticketIds.length > 0) {
    await tx.insert(problemTickets).values(
      [...new Set(ticketIds)].map((ticketId) => ({
        workspaceId: ws,
        problemId: problem!.id,
        ticketId,
        linkedByMembershipId: ctx.actor.membershipId,
        createdAt: nowOf(ctx),
      })),
    );
  }
  await auditProblem(tx, ctx, 'problem.created', problem!.id, undefined, {
    ...fields,
    number,
    ticketIds,
    ...(source && { fromProposalId: source.proposalId }),
  });
  return problem!;
}

export type CreateProblemInput = Partial<Omit<ProblemFields, 'title'>> & {
  title: string;
  ticketNumbers?: number[];
};

/** A new problem's fields: what was given, the rest as a fresh open problem of the actor's party. */
export const withDefaults = (ctx: WorkspaceContext, input: Partial<ProblemFields>): ProblemFields => ({
  title: input.title ?? '',
  description: input.description ?? '',
  serviceId: input.serviceId ?? null,
  ownerPartyId: input.ownerPartyId ?? ctx.actor.partyId!,
  rootCause: input.rootCause ?? '',
  workaround: input.workaround ?? '',
  workaroundKind: input.workaroundKind ?? 'none',
  workaroundExpiresOn: input.workaroundExpiresOn ?? null,
  knownError: input.knownError ?? false,
  resolution: input.resolution ?? '',
  status: input.status ?? 'open',
});

export async function createProblem(ctx: WorkspaceContext, input: CreateProblemInput) {
  assertCanProblem(ctx.actor, 'manage');
  const { ticketNumbers = [], ...rest } = input;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ticketIds: string[] = [];
      for (const n of ticketNumbers) ticketIds.push((await findVisibleTicket(tx, ctx.actor, n)).id);
      return insertProblem(tx, ctx, withDefaults(ctx, rest), ticketIds);
    },
    ctx.meta,
  );
}

export async function listProblems(
  ctx: WorkspaceContext,
  query: { status?: ProblemStatus[] | undefined; q?: string | undefined; knownError?: boolean | undefined },
) {
  assertCanProblem(ctx.actor, 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const linked = tx
      .select({ problemId: problemTickets.problemId, n: count().as('n') })
      .from(problemTickets)
      .where(eq(problemTickets.workspaceId, ws))
      .groupBy(problemTickets.problemId)
      .as('linked');
    const rows = await tx
      .select({ problem: problems, ticketCount: linked.n })
      .from(problems)
      .leftJoin(linked, eq(linked.problemId, problems.id))
      .where(
        and(
          eq(problems.workspaceId, ws),
          query.status?.length ? inArray(problems.status, query.status) : undefined,
          query.knownError === undefined
            ? undefined
            : query.knownError
              ? or(eq(problems.knownError, true), eq(problems.status, 'known_error'))
              : and(eq(problems.knownError, false), sql`${problems.status} <> 'known_error'`),
          query.q ? ilike(problems.title, `%${query.q.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
        ),
      )
      .orderBy(desc(problems.number))
      .limit(500);
    const partyMap = await partyNames(tx, ws);
    const serviceMap = await serviceNames(tx, ws);
    return rows.map((r) => ({
      problem: r.problem,
      ticketCount: Number(r.ticketCount ?? 0),
      ownerPartyName: partyMap.get(r.problem.ownerPartyId)?.name ?? null,
      serviceName: r.problem.serviceId ? (serviceMap.get(r.problem.serviceId) ?? null) : null,
    }));
  });
}

/** Tickets of the problem's service like it, created within the window either side of its resolution. */
async function recurrenceAround(tx: Tx, problem: Problem) {
  if (!problem.resolvedAt) return null;
  const serviceCondition = problem.serviceId
    ? sql`t.service_id = ${problem.serviceId}`
    : sql`t.service_id in (select l.service_id from problem_tickets pt join tickets l on l.id = pt.ticket_id where pt.problem_id = ${problem.id})`;
  const result = await tx.execute(sql`
    select t.created_at from tickets t
    where t.workspace_id = ${problem.workspaceId} and ${serviceCondition}
      and t.created_at >= ${problem.resolvedAt}::timestamptz - make_interval(days => ${MEASURE_WINDOW_DAYS})
      and t.created_at <= ${problem.resolvedAt}::timestamptz + make_interval(days => ${MEASURE_WINDOW_DAYS})
      and (
        exists (select 1 from problem_tickets pt where pt.problem_id = ${problem.id} and pt.ticket_id = t.id)
        or similarity(t.subject, ${problem.title}) >= 0.3
        or exists (
          select 1 from problem_tickets pt join tickets l on l.id = pt.ticket_id
          where pt.problem_id = ${problem.id} and similarity(l.subject, t.subject) >= 0.45
        )
      )`);
  const created = (result as unknown as { rows: Array<{ created_at: string | Date }> }).rows.map(
    (r) => new Date(r.created_at),
  );
  return measureRecurrence(created, problem.resolvedAt, MEASURE_WINDOW_DAYS, new Date());
}

export async function getProblem(ctx: WorkspaceContext, number: number) {
  assertCanProblem(ctx.actor, 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const problem = await findProblem(tx, ws, number);
    const linked = await tx
      .select({
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        priority: tickets.priority,
        createdAt: tickets.createdAt,
      })
      .from(problemTickets)
      .innerJoin(tickets, eq(tickets.id, problemTickets.ticketId))
      .where(and(eq(problemTickets.problemId, problem.id), visibleTickets(ctx.actor)))
      .orderBy(desc(tickets.createdAt));
    const linkedArticles = await tx
      .select({
        id: articles.id,
        number: articles.number,
        title: articles.title,
        type: articles.type,
        status: articles.status,
      })
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.articleId))
      .where(
        and(
          eq(articleLinks.workspaceId, ws),
          eq(articleLinks.kind, 'problem'),
          eq(articleLinks.targetId, problem.id),
        ),
      );
    const partyMap = await partyNames(tx, ws);
    const serviceMap = await serviceNames(tx, ws);
    return {
      problem,
      tickets: linked,
      articles: linkedArticles,
      measure: await recurrenceAround(tx, problem),
      ownerPartyName: partyMap.get(problem.ownerPartyId)?.name ?? null,
      serviceName: problem.serviceId ? (serviceMap.get(problem.serviceId) ?? null) : null,
    };
  });
}

export type UpdateProblemInput = Partial<ProblemFields> & { version: number };

export async function updateProblem(ctx: WorkspaceContext, number: number, input: UpdateProblemInput) {
  assertCanProblem(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findProblem(tx, ws, number);
    if (before.version !== input.version) throw new StaleVersion('problem', before.version);
    const { version: _version, ...changes } = input;
    const next: ProblemFields = { ...pickFields(before), ...changes };
    if (!canMoveProblem(before.status, next.status))
      throw new InvalidField('body.status', `cannot move from ${before.status} to ${next.status}`);
    // Changing the kind to accepted/none drops a stale expiry instead of refusing it.
    if (
      changes.workaroundKind &&
      changes.workaroundKind !== 'temporary' &&
      changes.workaroundExpiresOn === undefined
    )
      next.workaroundExpiresOn = null;
    checkRules(next);
    if (changes.ownerPartyId) await assertParty(tx, ws, changes.ownerPartyId, 'body.ownerPartyId');
    if (changes.serviceId) await assertService(tx, ws, changes.serviceId, 'body.serviceId');
    const resolvedAt =
      next.status === 'resolved'
        ? (before.resolvedAt ?? nowOf(ctx))
        : next.status === 'closed'
          ? before.resolvedAt
          : null;
    const [after] = await tx
      .update(problems)
      .set({ ...next, resolvedAt, updatedAt: nowOf(ctx), version: before.version + 1 })
      .where(and(eq(problems.id, before.id), eq(problems.version, before.version)))
      .returning();
    if (!after) throw new StaleVersion('problem');
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v),
    );
    await auditProblem(
      tx,
      ctx,
      before.status !== after.status && after.status === 'resolved' ? 'problem.resolved' : 'problem.updated',
      before.id,
      Object.fromEntries(Object.keys(changed).map((k) => [k, (before as Record<string, unknown>)[k]])),
      changed,
    );
    // The names the answer shows, read in the same transaction as the change.
    const partyMap = await partyNames(tx, ws);
    const serviceMap = await serviceNames(tx, ws);
    return {
      problem: after,
      ownerPartyName: partyMap.get(after.ownerPartyId)?.name ?? null,
      serviceName: after.serviceId ? (serviceMap.get(after.serviceId) ?? null) : null,
    };
  });
}

const pickFields = (p: Problem): ProblemFields => ({
  title: p.title,
  description: p.description,
  serviceId: p.serviceId,
  ownerPartyId: p.ownerPartyId,
  rootCause: p.rootCause,
  workaround: p.workaround,
  workaroundKind: p.workaroundKind,
  workaroundExpiresOn: p.workaroundExpiresOn,
  knownError: p.knownError,
  resolution: p.resolution,
  status: p.status,
});

export async function linkTicketToProblem(ctx: WorkspaceContext, number: number, ticketNumber: number) {
  assertCanProblem(ctx.actor, 'manage');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const problem = await findProblem(tx, ctx.actor.workspaceId, number);
    // Security: another workspace's ticket (or one the actor cannot see) is a 404, nothing stored.
    const ticket = await findVisibleTicket(tx, ctx.actor, ticketNumber);
    const inserted = await tx
      .insert(problemTickets)
      .values({
        workspaceId: ctx.actor.workspaceId,
        problemId: problem.id,
        ticketId: ticket.id,
        linkedByMembershipId: ctx.actor.membershipId,
      })
      .onConflictDoNothing()
      .returning({ ticketId: problemTickets.ticketId });
    if (inserted.length === 0)
      throw new Conflict('This ticket is already linked to the problem.', 'ALREADY_LINKED');
    await auditProblem(tx, ctx, 'problem.ticket_linked', problem.id, undefined, { ticketId: ticket.id });
    return ticket;
  });
}

export async function unlinkTicketFromProblem(ctx: WorkspaceContext, number: number, ticketNumber: number) {
  assertCanProblem(ctx.actor, 'manage');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const problem = await findProblem(tx, ctx.actor.workspaceId, number);
    const ticket = await findVisibleTicket(tx, ctx.actor, ticketNumber);
    const removed = await tx
      .delete(problemTickets)
      .where(and(eq(problemTickets.problemId, problem.id), eq(problemTickets.ticketId, ticket.id)))
      .returning({ ticketId: problemTickets.ticketId });
    if (removed.length === 0) throw new NotFound('This ticket is not linked to the problem.');
    await auditProblem(tx, ctx, 'problem.ticket_unlinked', problem.id, { ticketId: ticket.id });
  });
}

/** Recurring tickets per service before and after each resolved problem (the "did it help" measure). */
export async function problemMeasures(ctx: WorkspaceContext) {
  assertCanProblem(ctx.actor, 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const resolved = await tx
      .select()
      .from(problems)
      .where(and(eq(problems.workspaceId, ws), inArray(problems.status, ['resolved', 'closed'])))
      .orderBy(desc(problems.resolvedAt))
      .limit(100);
    const serviceMap = await serviceNames(tx, ws);
    const out = [];
    for (const p of resolved) {
      const measure = await recurrenceAround(tx, p);
      if (!measure) continue;
      out.push({
        problem: { number: p.number, title: p.title, resolvedAt: p.resolvedAt },
        service: p.serviceId ? { id: p.serviceId, name: serviceMap.get(p.serviceId) ?? null } : null,
        ...measure,
      });
    }
    return out;
  });
}
