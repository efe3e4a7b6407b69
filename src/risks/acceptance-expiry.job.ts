import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/client.ts';
import { risks } from '../db/schema/risks.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { riskKey } from '../domain/risks.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { systemMeta } from '../server/context.ts';

/** The queue may start a timer slightly before its time; this much early is still due. */
const EARLY_TOLERANCE_MS = 2_000;

/**
 * Lapses a risk acceptance at its expiry. The risk is re-read under a row lock: a timer of an
 * acceptance that was renewed or replaced does nothing, and the state change itself is the
 * once-only claim, so a repeated job (two instances, a retry) never lapses or notifies twice.
 */
export async function handleAcceptanceExpiry(
  db: Database,
  payload: JobPayloads['risks.acceptance-expiry'],
  options: { now?: Date; jobs: Jobs },
): Promise<'lapsed' | 'stale' | 'not-due'> {
  const now = options.now ?? new Date();
  return withScopedTx(db, { workspaceId: payload.workspaceId, accountId: null }, async (tx) => {
    const [risk] = await tx
      .select()
      .from(risks)
      .where(and(eq(risks.id, payload.riskId), eq(risks.workspaceId, payload.workspaceId)))
      .for('update');
    if (risk?.acceptance !== 'accepted' || risk.acceptedUntil?.toISOString() !== payload.expiresAt)
      return 'stale';
    if (risk.acceptedUntil.getTime() > now.getTime() + EARLY_TOLERANCE_MS) return 'not-due';
    const [after] = await tx
      .update(risks)
      .set({ acceptance: 'expired', updatedAt: now, version: sql`${risks.version} + 1` })
      .where(eq(risks.id, risk.id))
      .returning();
    await recordAudit(tx, systemMeta('risks.acceptance-expiry'), {
      workspaceId: risk.workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'risk.acceptance_expired',
      entityType: 'risk',
      entityId: risk.id,
      before: { acceptance: risk.acceptance, acceptedUntil: payload.expiresAt },
      after: { acceptance: after!.acceptance },
    });
    const [workspace] = await tx
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, risk.workspaceId));
    const key = riskKey(risk.number);
    await notify(
      tx,
      { workspaceId: risk.workspaceId, jobs: options.jobs },
      {
        event: 'risk.acceptance_expired',
        recipients: [{ membershipId: risk.ownerMembershipId }],
        subject: `${key}: the acceptance of the residual risk has expired`,
        body: `"${risk.title}" was accepted until ${payload.expiresAt}. Decide again: renew the acceptance or treat the risk.`,
        link: `/w/${workspace?.slug ?? ''}/risks/${key}`,
        dedupeKey: `risk.acceptance_expired:${risk.id}:${payload.expiresAt}`,
        data: { risk: key, expiresAt: payload.expiresAt },
      },
    );
    return 'lapsed';
  });
}
