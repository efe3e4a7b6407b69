import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record.ts';
import type { Database, DatabaseHandle } from '../db/client.ts';
import { accessGrants } from '../db/schema/access.ts';
import { systems } from '../db/schema/systems.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { grantKey } from '../domain/access.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { systemMeta } from '../server/context.ts';
import { sweepOverdueReviewLines } from './review-sweep.ts';
import { peopleOf } from './service/common.ts';
import { createRevocationTask } from './service/revocations.ts';

/** The queue may start a job a little before its time; this much early still counts as due. */
const EARLY_TOLERANCE_MS = 2_000;
/** Every minute: grants whose timer was lost (or that were seeded) and overdue review lines. */
export const ACCESS_SWEEP_CRON = '* * * * *';
const SWEEP_BATCH = 500;

/**
 * A grant's expiry timer. The grant is re-read under a row lock: a grant that is no longer active,
 * or whose expiry moved, does nothing; the status change makes a second run (another instance, a
 * retry after a crash) find nothing to do. Expiry marks the grant expired, creates the revocation
 * task for the party responsible for the system and emits `access.grant.expired` (webhooks too).
 */
export async function runGrantExpiry(
  deps: { db: Database; jobs: Jobs },
  payload: JobPayloads['access.grant-expiry'],
  now = new Date(),
): Promise<'expired' | 'stale' | 'not-due'> {
  return withScopedTx(deps.db, { workspaceId: payload.workspaceId, accountId: null }, async (tx) => {
    const [grant] = await tx
      .select()
      .from(accessGrants)
      .where(and(eq(accessGrants.id, payload.grantId), eq(accessGrants.workspaceId, payload.workspaceId)))
      .for('update');
    if (grant?.status !== 'active' || !grant.expiresAt) return 'stale';
    if (grant.expiresAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) return 'not-due';
    const [system] = await tx.select().from(systems).where(eq(systems.id, grant.systemId));
    const [workspace] = await tx
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, grant.workspaceId));
    const requester = (await peopleOf(tx, grant.workspaceId, [grant.requestedByMembershipId])).get(
      grant.requestedByMembershipId,
    );
    const key = grantKey(grant.number);
    await tx
      .update(accessGrants)
      .set({ status: 'expired', expiredAt: now, version: grant.version + 1 })
      .where(eq(accessGrants.id, grant.id));
    const task = await createRevocationTask(tx, {
      workspaceId: grant.workspaceId,
      source: 'grant_expired',
      title: `Remove ${grant.tier.replace('_', ' ')} access on ${system?.name ?? 'the system'} from ${requester?.name ?? 'the grantee'} (${key} expired)`,
      responsiblePartyId: system!.ownerPartyId,
      grantId: grant.id,
    });
    await recordAudit(tx, systemMeta('access.grant-expiry'), {
      workspaceId: grant.workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'access.grant_expired',
      entityType: 'access_grant',
      entityId: grant.id,
      before: { status: 'active', expiresAt: grant.expiresAt },
      after: { status: 'expired', revocationTaskId: task?.id ?? null },
    });
    await notify(
      tx,
      { workspaceId: grant.workspaceId, jobs: deps.jobs },
      {
        event: 'access.grant.expired',
        recipients: [
          { partyId: system!.ownerPartyId, roles: ['lead', 'agent'] },
          { membershipId: grant.requestedByMembershipId },
        ],
        subject: `${key} expired: remove ${grant.tier.replace('_', ' ')} on ${system?.name ?? 'the system'}`,
        body: `The time-bound access of ${requester?.name ?? 'the grantee'} ended at ${grant.expiresAt.toISOString()}. Remove it and confirm with evidence.`,
        link: `/w/${workspace?.slug ?? ''}/access/grants`,
        dedupeKey: `access.grant.expired:${grant.id}`,
        data: {
          grant: key,
          grantId: grant.id,
          system: system?.name ?? null,
          systemId: grant.systemId,
          tier: grant.tier,
          grantee: requester?.name ?? null,
          granteeMembershipId: grant.requestedByMembershipId,
          expiresAt: grant.expiresAt.toISOString(),
          revocationTaskId: task?.id ?? null,
        },
      },
    );
    return 'expired';
  });
}

/** The backstop for expiry timers: every active grant past its expiry is expired (once, as above). */
export async function sweepExpiredGrants(
  deps: { database: DatabaseHandle; jobs: Jobs },
  now = new Date(),
): Promise<number> {
  // Unscoped on purpose: the sweep finds due grants of every workspace; each expires in its own scope.
  const due = await deps.database.unsafeOwnerQuery<{ id: string; workspace_id: string; expires_at: Date }>(
    `select id, workspace_id, expires_at from access_grants
      where status = 'active' and expires_at <= $1 order by expires_at limit $2`,
    [now, SWEEP_BATCH],
  );
  let expired = 0;
  for (const grant of due) {
    const outcome = await runGrantExpiry(
      { db: deps.database.db, jobs: deps.jobs },
      {
        workspaceId: grant.workspace_id,
        grantId: grant.id,
        expiresAt: new Date(grant.expires_at).toISOString(),
      },
      now,
    );
    if (outcome === 'expired') expired++;
  }
  return expired;
}

export async function startAccessWorkers(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('access.grant-expiry', async (payload) => {
    const outcome = await runGrantExpiry({ db: database.db, jobs }, payload);
    logger?.info({ grantId: payload.grantId, outcome }, 'access grant expiry');
  });
  await jobs.work('access.sweep', async () => {
    const expired = await sweepExpiredGrants({ database, jobs });
    const escalated = await sweepOverdueReviewLines({ database, jobs });
    if (expired + escalated > 0) logger?.info({ expired, escalated }, 'access sweep');
  });
  await jobs.schedule('access.sweep', ACCESS_SWEEP_CRON, {});
}
