import { createHash } from 'node:crypto';
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  accessGrants,
  privilegedAccounts,
  type RevocationSource,
  revocationTasks,
} from '../../db/schema/access.ts';
import { systems } from '../../db/schema/systems.ts';
import { parties } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { assertAttachment, safeFilename } from '../../domain/attachments.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, NotFound } from '../../server/errors.ts';
import { assertCanAccess } from '../policy.ts';
import { auditAccess, peopleOf } from './common.ts';

const { evidenceContent: _content, ...listed } = getTableColumns(revocationTasks);

export type RevocationRow = {
  task: Omit<typeof revocationTasks.$inferSelect, 'evidenceContent'>;
  grantNumber: number | null;
  accountName: string | null;
  systemName: string | null;
  partyName: string;
};

async function taskRows(tx: Tx, workspaceId: string, where?: ReturnType<typeof eq>) {
  return tx
    .select({
      task: listed,
      grantNumber: accessGrants.number,
      accountName: privilegedAccounts.accountName,
      systemName: systems.name,
      partyName: parties.name,
    })
    .from(revocationTasks)
    .innerJoin(parties, eq(parties.id, revocationTasks.responsiblePartyId))
    .leftJoin(accessGrants, eq(accessGrants.id, revocationTasks.grantId))
    .leftJoin(privilegedAccounts, eq(privilegedAccounts.id, revocationTasks.privilegedAccountId))
    .leftJoin(
      systems,
      sql`${systems.id} = coalesce(${accessGrants.systemId}, ${privilegedAccounts.systemId})`,
    )
    .where(and(eq(revocationTasks.workspaceId, workspaceId), where))
    .orderBy(desc(revocationTasks.createdAt))
    .limit(500);
}

/**
 * Creates the task to take access away, once per cause (the partial unique indexes). Used by the
 * grant-expiry timer, review decisions and (later) offboarding.
 */
export async function createRevocationTask(
  tx: Tx,
  input: {
    workspaceId: string;
    source: RevocationSource;
    title: string;
    responsiblePartyId: string;
    grantId?: string | null;
    privilegedAccountId?: string | null;
    reviewLineId?: string | null;
  },
) {
  const [task] = await tx.insert(revocationTasks).values(input).onConflictDoNothing().returning();
  return task ?? null;
}

async function namesOf(tx: Tx, workspaceId: string, rows: RevocationRow[]) {
  return peopleOf(
    tx,
    workspaceId,
    rows.map((r) => r.task.confirmedByMembershipId).filter((x): x is string => x !== null),
  );
}

export async function listRevocations(ctx: WorkspaceContext, status?: 'open' | 'done') {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const rows = await taskRows(tx, ws, status ? eq(revocationTasks.status, status) : undefined);
    return { rows, people: await namesOf(tx, ws, rows) };
  });
}

async function lockOpenTask(tx: Tx, ctx: WorkspaceContext, id: string) {
  const [task] = await tx
    .select()
    .from(revocationTasks)
    .where(and(eq(revocationTasks.id, id), eq(revocationTasks.workspaceId, ctx.actor.workspaceId)))
    .for('update');
  if (!task) throw new NotFound('No such revocation task.');
  assertCanAccess(ctx.actor, 'confirmRevocation', { responsiblePartyId: task.responsiblePartyId });
  if (task.status === 'done') throw new Conflict('This revocation is already confirmed.', 'REVOCATION_DONE');
  return task;
}

async function oneTask(tx: Tx, workspaceId: string, id: string) {
  const rows = await taskRows(tx, workspaceId, eq(revocationTasks.id, id));
  return { rows, people: await namesOf(tx, workspaceId, rows) };
}

/** Attaches a file as evidence to an open task (checked like every other upload). */
export async function attachEvidence(
  ctx: WorkspaceContext,
  id: string,
  file: { filename: string; contentType: string; bytes: Buffer },
) {
  assertAttachment(file.contentType, file.bytes);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const task = await lockOpenTask(tx, ctx, id);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const filename = safeFilename(file.filename);
    await tx
      .update(revocationTasks)
      .set({
        evidenceFilename: filename,
        evidenceContentType: file.contentType,
        evidenceSha256: sha256,
        evidenceContent: file.bytes,
        version: task.version + 1,
      })
      .where(eq(revocationTasks.id, id));
    await auditAccess(tx, ctx, 'access.revocation_evidence_attached', 'revocation_task', id, undefined, {
      filename,
      contentType: file.contentType,
      sizeBytes: file.bytes.length,
      sha256,
    });
    return oneTask(tx, ctx.actor.workspaceId, id);
  });
}

/** A person says the access is gone, with evidence; the account leaves the register. */
export async function confirmRevocation(ctx: WorkspaceContext, id: string, evidence: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const task = await lockOpenTask(tx, ctx, id);
    const now = new Date();
    await tx
      .update(revocationTasks)
      .set({
        status: 'done',
        evidence,
        confirmedByMembershipId: ctx.actor.membershipId,
        confirmedAt: now,
        version: task.version + 1,
      })
      .where(eq(revocationTasks.id, id));
    if (task.privilegedAccountId) {
      const [account] = await tx
        .update(privilegedAccounts)
        .set({ status: 'revoked', revokedAt: now, updatedAt: now })
        .where(
          and(eq(privilegedAccounts.id, task.privilegedAccountId), eq(privilegedAccounts.status, 'active')),
        )
        .returning({ id: privilegedAccounts.id });
      if (account)
        await auditAccess(tx, ctx, 'access.account_revoked', 'privileged_account', account.id, undefined, {
          revocationTaskId: id,
        });
    }
    await auditAccess(
      tx,
      ctx,
      'access.revocation_confirmed',
      'revocation_task',
      id,
      { status: 'open' },
      {
        status: 'done',
        evidence,
        evidenceFile: task.evidenceFilename,
      },
    );
    return oneTask(tx, ctx.actor.workspaceId, id);
  });
}

export async function downloadEvidence(ctx: WorkspaceContext, id: string) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [task] = await tx
      .select()
      .from(revocationTasks)
      .where(and(eq(revocationTasks.id, id), eq(revocationTasks.workspaceId, ctx.actor.workspaceId)));
    if (!task?.evidenceContent || !task.evidenceFilename || !task.evidenceContentType)
      throw new NotFound('No evidence file on this task.');
    return {
      filename: task.evidenceFilename,
      contentType: task.evidenceContentType,
      content: task.evidenceContent,
    };
  });
}
