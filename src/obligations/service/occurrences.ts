import { createHash } from 'node:crypto';
import { and, asc, eq, gte, inArray, lte, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { accessReviews } from '../../db/schema/access.ts';
import {
  type Obligation,
  type Occurrence,
  obligationEvidenceFiles,
  obligationOccurrences,
  obligations,
} from '../../db/schema/obligations.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { assertAttachment, safeFilename } from '../../domain/attachments.ts';
import { addDays, localDate, missingEvidence } from '../../domain/obligations.ts';
import { notify } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { AppError, Conflict, Invalid, NotFound, StaleVersion } from '../../server/errors.ts';
import { memberNames } from '../../workspaces/names.ts';
import { assertCanObligation, type ObligationFacts } from '../policy.ts';
import { auditObligation, factsOf, obligationKey, responsibleParties } from './common.ts';

const fileColumns = {
  id: obligationEvidenceFiles.id,
  occurrenceId: obligationEvidenceFiles.occurrenceId,
  requirement: obligationEvidenceFiles.requirement,
  filename: obligationEvidenceFiles.filename,
  contentType: obligationEvidenceFiles.contentType,
  sizeBytes: obligationEvidenceFiles.sizeBytes,
  uploadedByMembershipId: obligationEvidenceFiles.uploadedByMembershipId,
  createdAt: obligationEvidenceFiles.createdAt,
};
export type EvidenceFileRow = {
  id: string;
  occurrenceId: string;
  requirement: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedByMembershipId: string;
  createdAt: Date;
};

export type OccurrenceBundle = {
  occurrences: Occurrence[];
  obligations: Map<string, Obligation>;
  facts: Map<string, ObligationFacts>;
  files: EvidenceFileRow[];
  names: Map<string, string>;
};

/** Everything the presenter needs for a list of occurrences, in a few queries. */
export async function bundle(
  tx: Tx,
  workspaceId: string,
  occurrences: Occurrence[],
): Promise<OccurrenceBundle> {
  const obligationIds = [...new Set(occurrences.map((o) => o.obligationId))];
  const obligationRows = obligationIds.length
    ? await tx.select().from(obligations).where(inArray(obligations.id, obligationIds))
    : [];
  const responsible = await responsibleParties(
    tx,
    workspaceId,
    obligationRows.map((o) => o.serviceId),
  );
  const files = occurrences.length
    ? await tx
        .select(fileColumns)
        .from(obligationEvidenceFiles)
        .where(
          inArray(
            obligationEvidenceFiles.occurrenceId,
            occurrences.map((o) => o.id),
          ),
        )
        .orderBy(asc(obligationEvidenceFiles.createdAt))
    : [];
  const people = [
    ...occurrences.flatMap((o) => [o.attestedByMembershipId, o.reviewedByMembershipId]),
    ...files.map((f) => f.uploadedByMembershipId),
  ].filter((x): x is string => x !== null);
  return {
    occurrences,
    obligations: new Map(obligationRows.map((o) => [o.id, o])),
    facts: new Map(
      obligationRows.map((o) => [
        o.id,
        {
          accountableMembershipId: o.accountableMembershipId,
          responsiblePartyIds: (responsible.get(o.serviceId) ?? []).map((p) => p.id),
        },
      ]),
    ),
    files,
    names: await memberNames(tx, workspaceId, people),
  };
}

/** Occurrences needing attention (overdue, due in 30 days, handed in), or all in a date range. */
export async function listOccurrences(
  ctx: WorkspaceContext,
  query: { from?: string | undefined; to?: string | undefined; view: 'attention' | 'all' },
) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const today = localDate(new Date(), 'UTC');
    const from = query.from ?? addDays(today, query.view === 'attention' ? -366 : -31);
    const to = query.to ?? addDays(today, 30);
    const rows = await tx
      .select({ occurrence: obligationOccurrences })
      .from(obligationOccurrences)
      .innerJoin(obligations, eq(obligations.id, obligationOccurrences.obligationId))
      .where(
        and(
          eq(obligationOccurrences.workspaceId, ws),
          gte(obligationOccurrences.dueOn, from),
          lte(obligationOccurrences.dueOn, to),
          query.view === 'attention'
            ? and(
                ne(obligationOccurrences.status, 'accepted'),
                or(eq(obligations.status, 'active'), ne(obligationOccurrences.status, 'open')),
              )
            : undefined,
        ),
      )
      .orderBy(asc(obligationOccurrences.dueAt))
      .limit(500);
    return bundle(
      tx,
      ws,
      rows.map((r) => r.occurrence),
    );
  });
}

async function loadOccurrence(tx: Tx, workspaceId: string, id: string, lock = false) {
  const q = tx
    .select()
    .from(obligationOccurrences)
    .where(and(eq(obligationOccurrences.id, id), eq(obligationOccurrences.workspaceId, workspaceId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFound('No such occurrence.');
  const [obligation] = await tx.select().from(obligations).where(eq(obligations.id, row.obligationId));
  return { occurrence: row, obligation: obligation! };
}

export async function getOccurrence(ctx: WorkspaceContext, id: string) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { occurrence } = await loadOccurrence(tx, ctx.actor.workspaceId, id);
    // Access reviews started from this occurrence (src/access); their evidence pack lands here.
    const reviews = await tx
      .select({
        number: accessReviews.number,
        title: accessReviews.title,
        status: accessReviews.status,
        completedAt: accessReviews.completedAt,
      })
      .from(accessReviews)
      .where(
        and(
          eq(accessReviews.workspaceId, ctx.actor.workspaceId),
          eq(accessReviews.obligationOccurrenceId, occurrence.id),
        ),
      )
      .orderBy(asc(accessReviews.number));
    return { ...(await bundle(tx, ctx.actor.workspaceId, [occurrence])), reviews };
  });
}

/** Shared start of every evidence change: the row locked, the right checked, the version and state. */
async function forChange(
  tx: Tx,
  ctx: WorkspaceContext,
  id: string,
  action: 'submit' | 'review',
  version: number | null,
  state: Occurrence['status'],
) {
  const { occurrence, obligation } = await loadOccurrence(tx, ctx.actor.workspaceId, id, true);
  const facts = await factsOf(tx, obligation);
  assertCanObligation(ctx.actor, action, facts);
  if (version !== null && occurrence.version !== version)
    throw new StaleVersion('occurrence', occurrence.version);
  if (occurrence.status !== state)
    throw new Conflict(
      state === 'open'
        ? `The evidence is ${occurrence.status === 'submitted' ? 'handed in and awaits review' : 'already accepted'}.`
        : 'Only handed-in evidence can be accepted or rejected.',
      'OCCURRENCE_STATE',
    );
  return { occurrence, obligation, facts };
}

const bump = { version: sql`${obligationOccurrences.version} + 1` };

/**
 * Writes a change to an occurrence, its version bumped, and audits it as `action` (with
 * `auditedAfter` when the audit records more than the row). Returns the row after the change.
 */
async function changeOccurrence(
  tx: Tx,
  ctx: WorkspaceContext,
  occurrence: Occurrence,
  action: string,
  changes: Partial<typeof obligationOccurrences.$inferInsert>,
  auditedAfter: (after: Occurrence) => unknown = (after) => after,
) {
  const [after] = await tx
    .update(obligationOccurrences)
    .set({ ...changes, ...bump })
    .where(eq(obligationOccurrences.id, occurrence.id))
    .returning();
  await auditObligation(
    tx,
    ctx,
    action,
    'obligation_occurrence',
    occurrence.id,
    occurrence,
    auditedAfter(after!),
  );
  return after!;
}

export async function recordEvidence(
  ctx: WorkspaceContext,
  id: string,
  input: { version: number; checkedItems?: string[] | undefined; figureValue?: number | null | undefined },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { occurrence, obligation } = await forChange(tx, ctx, id, 'submit', input.version, 'open');
    input.checkedItems?.forEach((item, i) => {
      if (!obligation.checklist.includes(item))
        throw new Invalid(
          `"${item}" is not an item of this obligation's checklist`,
          `body.checkedItems.${i}`,
        );
    });
    if (input.figureValue !== undefined && input.figureValue !== null && !obligation.figure)
      throw new Invalid('this obligation measures no figure', 'body.figureValue');
    return changeOccurrence(tx, ctx, occurrence, 'obligation_occurrence.evidence_recorded', {
      ...(input.checkedItems && { checkedItems: [...new Set(input.checkedItems)] }),
      ...(input.figureValue !== undefined && { figureValue: input.figureValue }),
    });
  });
}

export type EvidenceUpload = { requirement: string; filename: string; contentType: string; bytes: Buffer };

/**
 * Stores one evidence file of an occurrence in the caller's transaction, bumps its version and
 * audits it. The caller has checked the right and the occurrence's state.
 */
export async function insertEvidenceFile(
  tx: Tx,
  ctx: WorkspaceContext,
  occurrenceId: string,
  input: EvidenceUpload,
) {
  const [row] = await tx
    .insert(obligationEvidenceFiles)
    .values({
      workspaceId: ctx.actor.workspaceId,
      occurrenceId,
      requirement: input.requirement,
      filename: input.filename,
      contentType: input.contentType,
      sizeBytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      content: input.bytes,
      uploadedByMembershipId: ctx.actor.membershipId,
    })
    .returning(fileColumns);
  await tx.update(obligationOccurrences).set(bump).where(eq(obligationOccurrences.id, occurrenceId));
  await auditObligation(
    tx,
    ctx,
    'obligation_occurrence.file_added',
    'obligation_occurrence',
    occurrenceId,
    undefined,
    row,
  );
  return row!;
}

/** A file for one required piece of evidence, checked like a ticket attachment and kept in the database. */
export async function uploadEvidence(ctx: WorkspaceContext, id: string, input: EvidenceUpload) {
  assertAttachment(input.contentType, input.bytes);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { occurrence, obligation } = await forChange(tx, ctx, id, 'submit', null, 'open');
      if (!obligation.requiredFiles.includes(input.requirement))
        throw new Invalid(
          `is not a required file of this obligation (${obligation.requiredFiles.join(', ') || 'none'})`,
          'querystring.requirement',
        );
      return insertEvidenceFile(tx, ctx, occurrence.id, {
        ...input,
        filename: safeFilename(input.filename),
      });
    },
    ctx.meta,
  );
}

export async function downloadEvidence(ctx: WorkspaceContext, id: string, fileId: string) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [file] = await tx
      .select()
      .from(obligationEvidenceFiles)
      .where(
        and(
          eq(obligationEvidenceFiles.id, fileId),
          eq(obligationEvidenceFiles.occurrenceId, id),
          eq(obligationEvidenceFiles.workspaceId, ctx.actor.workspaceId),
        ),
      );
    if (!file) throw new NotFound('No such evidence file.');
    return file;
  });
}

const link = (ctx: WorkspaceContext, id: string) =>
  `/w/${ctx.actor.workspaceSlug}/obligations/occurrences/${id}`;

/** Hands the evidence in: every checklist item, required file, the figure and the attestation, or 400 listing what is missing. */
export async function submitOccurrence(
  ctx: WorkspaceContext,
  id: string,
  input: { version: number; attest: boolean },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { occurrence, obligation } = await forChange(tx, ctx, id, 'submit', input.version, 'open');
    const files = await tx
      .select({ requirement: obligationEvidenceFiles.requirement })
      .from(obligationEvidenceFiles)
      .where(eq(obligationEvidenceFiles.occurrenceId, occurrence.id));
    const missing = missingEvidence(obligation, {
      checkedItems: occurrence.checkedItems,
      fileRequirements: files.map((f) => f.requirement),
      figureValue: occurrence.figureValue,
      attested: input.attest,
    });
    if (missing.length > 0)
      throw new AppError(
        400,
        'EVIDENCE_INCOMPLETE',
        `The evidence is incomplete: ${missing.join('; ')}.`,
        missing.map((message) => ({ path: 'evidence', message })),
      );
    const now = new Date();
    const after = await changeOccurrence(
      tx,
      ctx,
      occurrence,
      'obligation_occurrence.submitted',
      {
        status: 'submitted',
        submittedAt: now,
        firstSubmittedAt: occurrence.firstSubmittedAt ?? now,
        attestedByMembershipId: ctx.actor.membershipId,
      },
      (row) => ({ ...row, attestation: obligation.attestation }),
    );
    const key = obligationKey(obligation.number);
    await notify(tx, ctx, {
      event: 'obligation.submitted',
      recipients: [
        { membershipId: obligation.accountableMembershipId },
        { partyKind: 'internal', roles: ['lead'] },
      ],
      subject: `${key}: evidence handed in for ${occurrence.dueOn}`,
      body: `${obligation.title}: the evidence for ${occurrence.dueOn} awaits your review.`,
      link: link(ctx, id),
      dedupeKey: `obligation.submitted:${id}:${after.version}`,
      data: { obligation: key, dueOn: occurrence.dueOn },
    });
    return after;
  });
}

export async function acceptOccurrence(ctx: WorkspaceContext, id: string, input: { version: number }) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { occurrence } = await forChange(tx, ctx, id, 'review', input.version, 'submitted');
    return changeOccurrence(tx, ctx, occurrence, 'obligation_occurrence.accepted', {
      status: 'accepted',
      reviewedByMembershipId: ctx.actor.membershipId,
      reviewedAt: new Date(),
      rejectionReason: null,
    });
  });
}

/** Rejecting reopens the occurrence with the reason; the responsible party hears of it. */
export async function rejectOccurrence(
  ctx: WorkspaceContext,
  id: string,
  input: { version: number; reason: string },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { occurrence, obligation, facts } = await forChange(
      tx,
      ctx,
      id,
      'review',
      input.version,
      'submitted',
    );
    const after = await changeOccurrence(tx, ctx, occurrence, 'obligation_occurrence.rejected', {
      status: 'open',
      reviewedByMembershipId: ctx.actor.membershipId,
      reviewedAt: new Date(),
      rejectionReason: input.reason,
    });
    const key = obligationKey(obligation.number);
    await notify(tx, ctx, {
      event: 'obligation.rejected',
      recipients: facts.responsiblePartyIds
        .map((partyId) => ({ partyId, roles: ['lead', 'agent'] as const }))
        .map((r) => ({ partyId: r.partyId, roles: [...r.roles] })),
      subject: `${key}: evidence for ${occurrence.dueOn} was rejected`,
      body: input.reason,
      link: link(ctx, id),
      dedupeKey: `obligation.rejected:${id}:${after.version}`,
      data: { obligation: key, dueOn: occurrence.dueOn },
    });
    return after;
  });
}
