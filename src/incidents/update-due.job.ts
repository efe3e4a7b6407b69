import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/client.ts';
import { incidentEvents, incidents } from '../db/schema/incidents.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { incidentKey } from '../domain/incidents.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { systemMeta } from '../server/context.ts';
import { eventClock } from './service/common.ts';

/**
 * Fires when a stakeholder update falls due. Stale timers (an update was posted, the cadence
 * changed, the incident was resolved) do nothing; a due one is recorded once on the timeline, even
 * if the job runs twice, and the commander and communications lead are notified.
 */
export async function handleUpdateDue(
  db: Database,
  payload: JobPayloads['incident.update-due'],
  options: { now?: Date; jobs: Jobs },
): Promise<'reminded' | 'stale' | 'already'> {
  const now = options.now ?? new Date();
  return withScopedTx(db, { workspaceId: payload.workspaceId, accountId: null }, async (tx) => {
    const [incident] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.id, payload.incidentId), eq(incidents.workspaceId, payload.workspaceId)))
      .for('update');
    const due = incident?.nextUpdateDueAt;
    if (incident?.status !== 'open' || !due || due.toISOString() !== payload.dueAt || due > now)
      return 'stale';
    const earlier = await tx
      .select({ detail: incidentEvents.detail })
      .from(incidentEvents)
      .where(and(eq(incidentEvents.incidentId, incident.id), eq(incidentEvents.kind, 'update_due')));
    if (earlier.some((e) => e.detail.dueAt === payload.dueAt)) return 'already';
    await tx.insert(incidentEvents).values({
      workspaceId: incident.workspaceId,
      incidentId: incident.id,
      kind: 'update_due',
      actorMembershipId: null,
      detail: { dueAt: payload.dueAt },
      at: eventClock(),
    });
    await recordAudit(tx, systemMeta('incident.update-due'), {
      workspaceId: incident.workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'incident.update_due',
      entityType: 'incident',
      entityId: incident.id,
      after: { dueAt: payload.dueAt },
    });
    const people = [incident.commanderMembershipId, incident.communicationsLeadMembershipId].filter(
      (x): x is string => x !== null,
    );
    const key = incidentKey(incident.number);
    const [workspace] = await tx
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, incident.workspaceId));
    if (people.length > 0)
      await notify(
        tx,
        { workspaceId: incident.workspaceId, jobs: options.jobs },
        {
          event: 'incident.update_due',
          recipients: people.map((membershipId) => ({ membershipId })),
          subject: `${key}: a stakeholder update is due`,
          body: `The next stakeholder update for "${incident.title}" was due at ${payload.dueAt}.`,
          link: `/w/${workspace?.slug ?? ''}/incidents/${key}`,
          dedupeKey: `incident.update_due:${incident.id}:${payload.dueAt}`,
          data: { incident: key, dueAt: payload.dueAt },
        },
      );
    return 'reminded';
  });
}

export async function startIncidentWorkers(
  jobs: Jobs,
  db: Database,
  options: { logger?: Logger | undefined },
) {
  await jobs.work('incident.update-due', async (payload) => {
    const outcome = await handleUpdateDue(db, payload, { jobs });
    options.logger?.info({ incidentId: payload.incidentId, outcome }, 'incident update reminder');
  });
}
