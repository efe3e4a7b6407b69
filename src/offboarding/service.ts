import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, notInArray } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { accounts } from '../db/schema/accounts.ts';
import { apiTokens } from '../db/schema/api-tokens.ts';
import { articles } from '../db/schema/knowledge.ts';
import { type OffboardingOutcome, offboardings, offboardingTasks } from '../db/schema/offboarding.ts';
import { onCallShifts } from '../db/schema/sla.ts';
import { tickets } from '../db/schema/tickets.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { isOffboardingComplete } from '../domain/offboarding.ts';
import { endMembershipInTx } from '../members/service.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Conflict, Invalid, NotFound } from '../server/errors.ts';
import { privilegedAccountTasks } from './account-tasks.ts';
import { assertCanOffboarding } from './policy.ts';

const CLOSED = ['resolved', 'closed'] as const;

async function loadPerson(tx: Tx, ctx: WorkspaceContext, membershipId: string) {
  const [row] = await tx
    .select({
      membershipId: memberships.id,
      name: accounts.name,
      status: memberships.status,
      role: memberships.role,
      partyId: memberships.partyId,
      partyKind: parties.kind,
      partyName: parties.name,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.workspaceId, ctx.actor.workspaceId), eq(memberships.id, membershipId)));
  if (!row) throw new NotFound('No such member in this workspace.');
  return row;
}
type Person = Awaited<ReturnType<typeof loadPerson>>;
const targetOf = (p: Person) => ({ ...p });

/** Who receives the person's articles and reviews: another active lead of their party, else the actor. */
async function successorOf(tx: Tx, ctx: WorkspaceContext, person: Person) {
  const [lead] = person.partyId
    ? await tx
        .select({ membershipId: memberships.id, name: accounts.name })
        .from(memberships)
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(
          and(
            eq(memberships.workspaceId, ctx.actor.workspaceId),
            eq(memberships.partyId, person.partyId),
            eq(memberships.role, 'lead'),
            eq(memberships.status, 'active'),
            ne(memberships.id, person.membershipId),
          ),
        )
        .orderBy(asc(memberships.createdAt))
        .limit(1)
    : [];
  if (lead) return lead;
  const [me] = await tx
    .select({ membershipId: memberships.id, name: accounts.name })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.id, ctx.actor.membershipId));
  return me!;
}

/** What offboarding will do, read without changing anything (the preview, and the plan it carries out). */
async function planFor(tx: Tx, ctx: WorkspaceContext, person: Person) {
  const ws = ctx.actor.workspaceId;
  const now = new Date();
  // One query at a time: a transaction's client runs statements in order.
  const openTickets = await tx
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      lanePartyId: tickets.lanePartyId,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, ws),
        eq(tickets.assigneeMembershipId, person.membershipId),
        notInArray(tickets.status, [...CLOSED]),
      ),
    )
    .orderBy(asc(tickets.number));
  const shifts = await tx
    .select({ id: onCallShifts.id, startsAt: onCallShifts.startsAt, endsAt: onCallShifts.endsAt })
    .from(onCallShifts)
    .where(
      and(
        eq(onCallShifts.workspaceId, ws),
        eq(onCallShifts.membershipId, person.membershipId),
        gt(onCallShifts.endsAt, now),
      ),
    );
  const ownedArticles = await tx
    .select({ id: articles.id, title: articles.title })
    .from(articles)
    .where(and(eq(articles.workspaceId, ws), eq(articles.reviewerMembershipId, person.membershipId)))
    .orderBy(asc(articles.title));
  const tokens = await tx
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.membershipId, person.membershipId), isNull(apiTokens.revokedAt)));
  const accountTasks = await privilegedAccountTasks(tx, ws, person.membershipId);
  const successor = await successorOf(tx, ctx, person);
  return {
    person,
    tickets: openTickets.map((t) => ({ ...t, key: `${ctx.actor.ticketPrefix}-${t.number}` })),
    shifts,
    articles: ownedArticles,
    tokens: tokens.length,
    accountTasks,
    successor,
  };
}
export type OffboardingPlan = Awaited<ReturnType<typeof planFor>>;

async function personToOffboard(tx: Tx, ctx: WorkspaceContext, membershipId: string) {
  if (membershipId === ctx.actor.membershipId)
    throw new Invalid('You cannot offboard yourself; ask another lead.', 'body.membershipId');
  const person = await loadPerson(tx, ctx, membershipId);
  assertCanOffboarding(ctx.actor, 'offboard', targetOf(person));
  if (person.status !== 'active')
    throw new Conflict(`${person.name} is already deactivated.`, 'MEMBER_DEACTIVATED');
  return person;
}

export async function previewOffboarding(ctx: WorkspaceContext, membershipId: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) =>
    planFor(tx, ctx, await personToOffboard(tx, ctx, membershipId)),
  );
}

/** The one action: access ends, work returns to the lanes, the rest becomes tasks; all in one transaction. */
export async function offboardPerson(ctx: WorkspaceContext, membershipId: string) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const plan = await planFor(tx, ctx, await personToOffboard(tx, ctx, membershipId));
      const ended = await endMembershipInTx(tx, ctx, membershipId);
      const now = new Date();
      if (plan.tickets.length)
        await tx
          .update(tickets)
          .set({ assigneeMembershipId: null, updatedAt: now })
          .where(
            and(
              eq(tickets.workspaceId, ws),
              inArray(
                tickets.id,
                plan.tickets.map((t) => t.id),
              ),
            ),
          );
      // Their on-call time becomes a gap in the rota: future shifts go, a current one ends now.
      await tx
        .delete(onCallShifts)
        .where(
          and(
            eq(onCallShifts.workspaceId, ws),
            eq(onCallShifts.membershipId, membershipId),
            gte(onCallShifts.startsAt, now),
          ),
        );
      await tx
        .update(onCallShifts)
        .set({ endsAt: now })
        .where(
          and(
            eq(onCallShifts.workspaceId, ws),
            eq(onCallShifts.membershipId, membershipId),
            lt(onCallShifts.startsAt, now),
            gt(onCallShifts.endsAt, now),
          ),
        );
      if (plan.articles.length)
        await tx
          .update(articles)
          .set({ reviewerMembershipId: plan.successor.membershipId })
          .where(
            and(
              eq(articles.workspaceId, ws),
              inArray(
                articles.id,
                plan.articles.map((a) => a.id),
              ),
            ),
          );
      const outcome: OffboardingOutcome = {
        ticketsReturned: plan.tickets.map((t) => ({ key: t.key, subject: t.subject })),
        shiftsReleased: plan.shifts.length,
        articlesReassigned: plan.articles,
        tokensRevoked: ended.tokensRevoked,
        sessionsRevoked: ended.sessionsRevoked,
        passedTo: plan.successor,
      };
      const complete = plan.accountTasks.length === 0;
      const [record] = await tx
        .insert(offboardings)
        .values({
          workspaceId: ws,
          number: await nextNumber(tx, ws, 'offboarding'),
          membershipId,
          personName: plan.person.name,
          partyId: plan.person.partyId!,
          status: complete ? 'completed' : 'in_progress',
          outcome,
          startedByMembershipId: ctx.actor.membershipId,
          completedAt: complete ? now : null,
        })
        .returning();
      if (plan.accountTasks.length)
        await tx
          .insert(offboardingTasks)
          .values(plan.accountTasks.map((t) => ({ ...t, workspaceId: ws, offboardingId: record!.id })));
      await recordWorkspaceAudit(tx, ctx, {
        action: 'offboarding.started',
        entityType: 'offboarding',
        entityId: record!.id,
        after: { membershipId, outcome, tasks: plan.accountTasks },
      });
      if (complete)
        await recordWorkspaceAudit(tx, ctx, {
          action: 'offboarding.completed',
          entityType: 'offboarding',
          entityId: record!.id,
          after: { tasks: 0 },
        });
      return record!.id;
    },
    ctx.meta,
  );
}

async function loadRecord(tx: Tx, ctx: WorkspaceContext, id: string) {
  const [record] = await tx
    .select()
    .from(offboardings)
    .where(and(eq(offboardings.workspaceId, ctx.actor.workspaceId), eq(offboardings.id, id)));
  if (!record) throw new NotFound('No such offboarding in this workspace.');
  return record;
}
const recordTarget = (r: { membershipId: string; partyId: string }) => ({
  membershipId: r.membershipId,
  partyId: r.partyId,
  partyKind: null,
  role: 'agent' as const,
});

export async function getOffboarding(ctx: WorkspaceContext, id: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const record = await loadRecord(tx, ctx, id);
    assertCanOffboarding(ctx.actor, 'view', recordTarget(record));
    const tasks = await tx
      .select()
      .from(offboardingTasks)
      .where(eq(offboardingTasks.offboardingId, id))
      .orderBy(asc(offboardingTasks.createdAt), asc(offboardingTasks.label));
    return { record, tasks };
  });
}

export async function listOffboardings(ctx: WorkspaceContext) {
  assertCanOffboarding(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(offboardings)
      .where(
        and(
          eq(offboardings.workspaceId, ctx.actor.workspaceId),
          ctx.actor.partyKind === 'internal' ? undefined : eq(offboardings.partyId, ctx.actor.partyId!),
        ),
      )
      .orderBy(desc(offboardings.startedAt))
      .limit(200),
  );
}

/** A person confirms a task with evidence; the record completes with the last one. */
export async function completeTask(ctx: WorkspaceContext, id: string, taskId: string, evidence: string) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const record = await loadRecord(tx, ctx, id);
      assertCanOffboarding(ctx.actor, 'completeTask', recordTarget(record));
      const [task] = await tx
        .select()
        .from(offboardingTasks)
        .where(and(eq(offboardingTasks.offboardingId, id), eq(offboardingTasks.id, taskId)))
        .for('update');
      if (!task) throw new NotFound('No such task in this offboarding.');
      if (task.status === 'done') throw new Conflict('This task is already done.', 'TASK_DONE');
      const now = new Date();
      await tx
        .update(offboardingTasks)
        .set({ status: 'done', evidence, doneByMembershipId: ctx.actor.membershipId, doneAt: now })
        .where(eq(offboardingTasks.id, taskId));
      await recordWorkspaceAudit(tx, ctx, {
        action: 'offboarding.task_done',
        entityType: 'offboarding',
        entityId: id,
        before: { taskId, status: task.status },
        after: { taskId, status: 'done', evidence },
      });
      const all = await tx
        .select({ status: offboardingTasks.status })
        .from(offboardingTasks)
        .where(eq(offboardingTasks.offboardingId, id));
      if (isOffboardingComplete(all) && record.status !== 'completed') {
        await tx
          .update(offboardings)
          .set({ status: 'completed', completedAt: now })
          .where(eq(offboardings.id, id));
        await recordWorkspaceAudit(tx, ctx, {
          action: 'offboarding.completed',
          entityType: 'offboarding',
          entityId: id,
          after: { tasks: all.length },
        });
      }
    },
    ctx.meta,
  );
}
