import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import {
  type AccessReview,
  type AccessReviewLine,
  accessReviewLines,
  accessReviews,
  privilegedAccounts,
} from '../../db/schema/access.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { auditEvents } from '../../db/schema/audit.ts';
import { obligationOccurrences, obligations } from '../../db/schema/obligations.ts';
import { mapAssignments, mapVersions } from '../../db/schema/responsibility.ts';
import { systems } from '../../db/schema/systems.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { lineReviewer, reviewKey } from '../../domain/access.ts';
import { notify } from '../../notifications/notify.ts';
import { insertEvidenceFile } from '../../obligations/service/occurrences.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import type { ReviewInput } from '../contract.ts';
import { evidencePackCsv } from '../evidence-pack.ts';
import { assertCanAccess } from '../policy.ts';
import { auditAccess, internalLeadOf, peopleOf, systemsOf } from './common.ts';
import { createRevocationTask } from './revocations.ts';

export type ReviewCounts = { total: number; decided: number; revoked: number; overdue: number };

async function countsOf(tx: Tx, reviewIds: string[], now: Date) {
  if (reviewIds.length === 0) return new Map<string, ReviewCounts>();
  const rows = await tx
    .select({
      reviewId: accessReviewLines.reviewId,
      total: sql<number>`count(*)::int`,
      decided: sql<number>`count(${accessReviewLines.outcome})::int`,
      revoked: sql<number>`count(*) filter (where ${accessReviewLines.outcome} = 'revoke')::int`,
      overdue: sql<number>`count(*) filter (where ${accessReviewLines.outcome} is null and ${accessReviews.dueAt} < ${now})::int`,
    })
    .from(accessReviewLines)
    .innerJoin(accessReviews, eq(accessReviews.id, accessReviewLines.reviewId))
    .where(inArray(accessReviewLines.reviewId, reviewIds))
    .groupBy(accessReviewLines.reviewId);
  return new Map(rows.map((r) => [r.reviewId, r]));
}

export async function listReviews(ctx: WorkspaceContext) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const reviews = await tx
      .select()
      .from(accessReviews)
      .where(eq(accessReviews.workspaceId, ws))
      .orderBy(desc(accessReviews.number))
      .limit(200);
    const partyRows = await tx
      .select({ id: parties.id, name: parties.name })
      .from(parties)
      .where(eq(parties.workspaceId, ws))
      .orderBy(asc(parties.name));
    return {
      reviews,
      counts: await countsOf(
        tx,
        reviews.map((r) => r.id),
        new Date(),
      ),
      systems: await systemsOf(tx, ws),
      parties: partyRows,
    };
  });
}

async function loadReview(tx: Tx, workspaceId: string, number: number) {
  const [review] = await tx
    .select()
    .from(accessReviews)
    .where(and(eq(accessReviews.workspaceId, workspaceId), eq(accessReviews.number, number)));
  if (!review) throw new NotFound(`No access review ${reviewKey(number)}.`);
  return review;
}

/** The occurrence a review was started from, with its obligation, for the link back. */
async function occurrenceOf(tx: Tx, workspaceId: string, occurrenceId: string | null, slug: string) {
  if (!occurrenceId) return null;
  const [row] = await tx
    .select({
      id: obligationOccurrences.id,
      dueOn: obligationOccurrences.dueOn,
      status: obligationOccurrences.status,
      number: obligations.number,
      title: obligations.title,
      requiredFiles: obligations.requiredFiles,
    })
    .from(obligationOccurrences)
    .innerJoin(obligations, eq(obligations.id, obligationOccurrences.obligationId))
    .where(
      and(eq(obligationOccurrences.id, occurrenceId), eq(obligationOccurrences.workspaceId, workspaceId)),
    );
  if (!row) return null;
  return {
    id: row.id,
    obligationKey: `OBL-${row.number}`,
    obligationTitle: row.title,
    dueOn: row.dueOn,
    status: row.status,
    requiredFiles: row.requiredFiles,
    path: `/w/${slug}/obligations/occurrences/${row.id}`,
  };
}

/** Which of the obligation's required files the evidence pack stands for (the review one, else the first). */
export function evidenceRequirement(requiredFiles: string[]) {
  return (
    requiredFiles.find((f) => /review|access|privileg/i.test(f)) ??
    requiredFiles[0] ??
    'Access review evidence pack'
  );
}

async function detail(tx: Tx, workspaceId: string, review: AccessReview, slug = '') {
  const lines = await tx
    .select()
    .from(accessReviewLines)
    .where(eq(accessReviewLines.reviewId, review.id))
    .orderBy(
      sql`${accessReviewLines.snapshot}->>'system'`,
      sql`${accessReviewLines.snapshot}->>'accountName'`,
      asc(accessReviewLines.id),
    );
  const people = await peopleOf(
    tx,
    workspaceId,
    lines.flatMap((l) => [l.reviewerMembershipId, l.decidedByMembershipId ?? '']).filter(Boolean),
  );
  const counts = (await countsOf(tx, [review.id], new Date())).get(review.id) ?? {
    total: 0,
    decided: 0,
    revoked: 0,
    overdue: 0,
  };
  const occurrence = await occurrenceOf(tx, workspaceId, review.obligationOccurrenceId, slug);
  return { review, lines, people, counts, occurrence };
}

export async function getReview(ctx: WorkspaceContext, number: number) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    return detail(tx, ws, await loadReview(tx, ws, number), ctx.actor.workspaceSlug);
  });
}

/**
 * The internal person accountable for each system: the named internal member holding A for the
 * system's service in the current map, when active; otherwise the internal lead.
 */
async function reviewersBySystem(tx: Tx, workspaceId: string, systemIds: string[], lead: string) {
  const [current] = await tx
    .select({ id: mapVersions.id })
    .from(mapVersions)
    .where(eq(mapVersions.workspaceId, workspaceId))
    .orderBy(desc(mapVersions.number))
    .limit(1);
  const rows = current
    ? await tx
        .select({ systemId: systems.id, membershipId: mapAssignments.membershipId })
        .from(systems)
        .innerJoin(
          mapAssignments,
          and(
            eq(mapAssignments.serviceId, systems.serviceId),
            eq(mapAssignments.versionId, current.id),
            eq(mapAssignments.role, 'A'),
            isNotNull(mapAssignments.membershipId),
          ),
        )
        .innerJoin(memberships, eq(memberships.id, mapAssignments.membershipId))
        .innerJoin(parties, eq(parties.id, memberships.partyId))
        .where(
          and(
            inArray(systems.id, systemIds),
            eq(parties.kind, 'internal'),
            eq(memberships.status, 'active'),
            sql`${memberships.role} in ('lead', 'agent')`,
          ),
        )
    : [];
  const accountable = new Map(rows.map((r) => [r.systemId, r.membershipId]));
  return (systemId: string) => lineReviewer(accountable.get(systemId) ?? null, lead);
}

/** Starts a campaign: every active account in scope becomes a line with its reviewer. */
export async function startReview(ctx: WorkspaceContext, input: ReviewInput) {
  assertCanAccess(ctx.actor, 'startReview');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const allSystems = await systemsOf(tx, ws);
      const known = new Set(allSystems.map((s) => s.id));
      input.systemIds.forEach((id, i) => {
        if (!known.has(id)) throw new Invalid('names no system of this workspace.', `body.systemIds.${i}`);
      });
      const partyRows = await tx.select({ id: parties.id }).from(parties).where(eq(parties.workspaceId, ws));
      const knownParties = new Set(partyRows.map((p) => p.id));
      input.partyIds.forEach((id, i) => {
        if (!knownParties.has(id))
          throw new Invalid('names no party of this workspace.', `body.partyIds.${i}`);
      });
      if (input.dueAt.getTime() <= Date.now())
        throw new Invalid('dueAt must be in the future.', 'body.dueAt');
      if (input.obligationOccurrenceId) {
        // Security: only an occurrence of this workspace, still waiting for its evidence.
        const [occurrence] = await tx
          .select({ status: obligationOccurrences.status })
          .from(obligationOccurrences)
          .where(
            and(
              eq(obligationOccurrences.id, input.obligationOccurrenceId),
              eq(obligationOccurrences.workspaceId, ws),
            ),
          );
        if (!occurrence)
          throw new Invalid(
            `names no obligation occurrence of this workspace (${input.obligationOccurrenceId}).`,
            'body.obligationOccurrenceId',
          );
        if (occurrence.status !== 'open')
          throw new Invalid(
            `the obligation occurrence ${input.obligationOccurrenceId} is no longer open (its evidence is ${occurrence.status}).`,
            'body.obligationOccurrenceId',
          );
      }
      const accounts = await tx
        .select({ account: privilegedAccounts, systemName: systems.name })
        .from(privilegedAccounts)
        .innerJoin(systems, eq(systems.id, privilegedAccounts.systemId))
        .where(
          and(
            eq(privilegedAccounts.workspaceId, ws),
            eq(privilegedAccounts.status, 'active'),
            input.systemIds.length > 0 ? inArray(privilegedAccounts.systemId, input.systemIds) : undefined,
          ),
        );
      const people = await peopleOf(tx, ws);
      // Parties scope: accounts of people of those parties (unnamed accounts stay in: someone must own them).
      const inScope = accounts.filter(({ account }) => {
        if (input.partyIds.length === 0 || !account.membershipId) return true;
        const partyId = people.get(account.membershipId)?.partyId;
        return partyId !== null && partyId !== undefined && input.partyIds.includes(partyId);
      });
      if (inScope.length === 0)
        throw new Invalid(
          'No account of the register is in this scope; widen the systems or parties.',
          'body.systemIds',
        );
      const lead = await internalLeadOf(tx, ws);
      if (!lead)
        throw new Conflict('The workspace has no active internal lead to review access.', 'NO_REVIEWER');
      const reviewerOf = await reviewersBySystem(
        tx,
        ws,
        [...new Set(inScope.map((a) => a.account.systemId))],
        lead,
      );
      const number = await nextNumber(tx, ws, 'access-review');
      const [review] = await tx
        .insert(accessReviews)
        .values({
          workspaceId: ws,
          number,
          title: input.title,
          obligationOccurrenceId: input.obligationOccurrenceId,
          scope: { systemIds: input.systemIds, partyIds: input.partyIds },
          dueAt: input.dueAt,
          startedByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await tx.insert(accessReviewLines).values(
        inScope.map(({ account, systemName }) => {
          const person = account.membershipId ? people.get(account.membershipId) : undefined;
          return {
            workspaceId: ws,
            reviewId: review!.id,
            privilegedAccountId: account.id,
            snapshot: {
              system: systemName,
              accountName: account.accountName,
              person: person?.name ?? null,
              party: person?.partyName ?? null,
              tier: account.tier,
              mfa: account.mfa,
            },
            reviewerMembershipId: reviewerOf(account.systemId),
          };
        }),
      );
      const reviewers = [...new Set(inScope.map((a) => reviewerOf(a.account.systemId)))];
      await notify(tx, ctx, {
        event: 'access.review.assigned',
        recipients: reviewers.map((membershipId) => ({ membershipId })),
        subject: `${reviewKey(number)} "${input.title}": accounts for you to review`,
        body: `Decide keep, revoke or change for each of your lines by ${input.dueAt.toISOString()}.`,
        link: `/w/${ctx.actor.workspaceSlug}/access/reviews/${reviewKey(number)}`,
        dedupeKey: `access.review.assigned:${review!.id}`,
        data: { review: reviewKey(number), dueAt: input.dueAt.toISOString() },
        includeActor: true,
      });
      await auditAccess(tx, ctx, 'access.review_started', 'access_review', review!.id, undefined, {
        ...review,
        lines: inScope.length,
      });
      return detail(tx, ws, review!, ctx.actor.workspaceSlug);
    },
    ctx.meta,
  );
}

/**
 * The line's reviewer decides keep / revoke / change. A revocation becomes a task for the party
 * responsible for the system; the campaign completes with its last decision.
 */
export async function decideLine(
  ctx: WorkspaceContext,
  number: number,
  lineId: string,
  input: { outcome: 'keep' | 'revoke' | 'change'; comment: string },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const review = await loadReview(tx, ws, number);
    const [line] = await tx
      .select()
      .from(accessReviewLines)
      .where(and(eq(accessReviewLines.id, lineId), eq(accessReviewLines.reviewId, review.id)))
      .for('update');
    if (!line) throw new NotFound('No such line in this review.');
    const reviewer = (await peopleOf(tx, ws, [line.reviewerMembershipId])).get(line.reviewerMembershipId);
    assertCanAccess(
      ctx.actor,
      'decideLine',
      { reviewerMembershipId: line.reviewerMembershipId },
      `Its reviewer is ${reviewer?.name ?? 'someone else'}.`,
    );
    if (line.outcome !== null)
      throw new Conflict(`This line was already decided (${line.outcome}).`, 'LINE_DECIDED');
    const now = new Date();
    const [after] = await tx
      .update(accessReviewLines)
      .set({
        outcome: input.outcome,
        comment: input.comment,
        decidedByMembershipId: ctx.actor.membershipId,
        decidedAt: now,
      })
      .where(eq(accessReviewLines.id, line.id))
      .returning();
    await auditAccess(tx, ctx, 'access.review_line_decided', 'access_review_line', line.id, undefined, {
      review: reviewKey(number),
      account: line.snapshot.accountName,
      system: line.snapshot.system,
      outcome: input.outcome,
      comment: input.comment,
    });
    if (input.outcome === 'revoke') {
      const [system] = await tx
        .select({ ownerPartyId: systems.ownerPartyId })
        .from(privilegedAccounts)
        .innerJoin(systems, eq(systems.id, privilegedAccounts.systemId))
        .where(eq(privilegedAccounts.id, line.privilegedAccountId));
      const task = await createRevocationTask(tx, {
        workspaceId: ws,
        source: 'review',
        title: `Revoke ${line.snapshot.accountName} on ${line.snapshot.system} (${reviewKey(number)})`,
        responsiblePartyId: system!.ownerPartyId,
        privilegedAccountId: line.privilegedAccountId,
        reviewLineId: line.id,
      });
      await auditAccess(tx, ctx, 'access.revocation_created', 'revocation_task', task!.id, undefined, task);
    }
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(accessReviewLines)
      .where(and(eq(accessReviewLines.reviewId, review.id), isNull(accessReviewLines.outcome)));
    if (open!.n === 0 && review.status === 'open') {
      await tx
        .update(accessReviews)
        .set({ status: 'completed', completedAt: now, version: review.version + 1 })
        .where(eq(accessReviews.id, review.id));
      await auditAccess(
        tx,
        ctx,
        'access.review_completed',
        'access_review',
        review.id,
        { status: 'open' },
        {
          status: 'completed',
        },
      );
      await attachEvidencePack(tx, ctx, review.id, number);
    }
    const found = await detail(tx, ws, await loadReview(tx, ws, number), ctx.actor.workspaceSlug);
    return { ...found, line: after! };
  });
}

/**
 * A review started from an obligation's occurrence hands its evidence pack (CSV) to that
 * occurrence as an evidence file, in the transaction that completes the review. An occurrence
 * whose evidence is already handed in or accepted is left as it is.
 */
async function attachEvidencePack(tx: Tx, ctx: WorkspaceContext, reviewId: string, number: number) {
  const ws = ctx.actor.workspaceId;
  const [review] = await tx.select().from(accessReviews).where(eq(accessReviews.id, reviewId));
  if (!review?.obligationOccurrenceId) return;
  const [open] = await tx
    .select({ id: obligationOccurrences.id })
    .from(obligationOccurrences)
    .where(
      and(
        eq(obligationOccurrences.id, review.obligationOccurrenceId),
        eq(obligationOccurrences.status, 'open'),
      ),
    )
    .for('update');
  if (!open) return;
  const found = await detail(tx, ws, review, ctx.actor.workspaceSlug);
  await insertEvidenceFile(tx, ctx, open.id, {
    requirement: evidenceRequirement(found.occurrence?.requiredFiles ?? []),
    filename: `${ctx.actor.workspaceSlug}-${reviewKey(number)}-evidence.csv`,
    contentType: 'text/csv',
    bytes: Buffer.from(evidencePackCsv(found), 'utf8'),
  });
}

/** The evidence pack: every line with its decision, and the audit events that recorded them. */
export async function reviewEvidence(ctx: WorkspaceContext, number: number) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const found = await detail(tx, ws, await loadReview(tx, ws, number), ctx.actor.workspaceSlug);
    const lineIds = found.lines.map((l) => l.id);
    const events = await tx
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        at: auditEvents.at,
        actor: accounts.name,
        hash: auditEvents.hash,
      })
      .from(auditEvents)
      .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
      .where(
        and(
          eq(auditEvents.workspaceId, ws),
          or(
            and(eq(auditEvents.entityType, 'access_review'), eq(auditEvents.entityId, found.review.id)),
            lineIds.length > 0
              ? and(eq(auditEvents.entityType, 'access_review_line'), inArray(auditEvents.entityId, lineIds))
              : undefined,
          ),
        ),
      )
      .orderBy(asc(auditEvents.id));
    return { ...found, events };
  });
}

/** For the service review: decided lines over all lines of campaigns started since a date. */
export async function reviewCompletion(ctx: WorkspaceContext, since: Date | null) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const reviews = await tx
      .select({ id: accessReviews.id })
      .from(accessReviews)
      .where(
        and(
          eq(accessReviews.workspaceId, ctx.actor.workspaceId),
          since ? gte(accessReviews.createdAt, since) : undefined,
        ),
      );
    const counts = [
      ...(
        await countsOf(
          tx,
          reviews.map((r) => r.id),
          new Date(),
        )
      ).values(),
    ];
    return { campaigns: reviews.length, counts };
  });
}

export type ReviewDetail = Awaited<ReturnType<typeof getReview>>;
export type { AccessReviewLine };
