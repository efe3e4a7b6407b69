import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { incidentEvents, incidents } from '../db/schema/incidents.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { incidentKey } from '../domain/incidents.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import { systemMeta } from '../server/context.ts';
import { eventClock } from './service/common.ts';

/**
 * Fires when a stakeholder update falls due. Stale timers (an update was posted, the cadence
 * changed, the incident was resolved) do nothing; a due one is recorded once on the timeline, even
 * if the job runs twice, and the commander and communications lead are told.
 */
export async function handleUpdateDue(
  db: Database,
  payload: JobPayloads['incident.update-due'],
  options: { now?: Date; jobs?: Jobs | undefined } = {},
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
    if (options.jobs) {
      const people = [incident.commanderMembershipId, incident.communicationsLeadMembershipId].filter(
        (x): x is string => x !== null,
      );
      for (const id of new Set(people)) {
        const [person] = await tx
          .select({ email: accounts.email })
          .from(memberships)
          .innerJoin(accounts, eq(accounts.id, memberships.accountId))
          .where(eq(memberships.id, id));
        if (person)
          await options.jobs.enqueue(tx, 'mail.send', {
            to: person.email,
            subject: `[${incidentKey(incident.number)}] A stakeholder update is due`,
            text: `The next stakeholder update for "${incident.title}" was due at ${payload.dueAt}.`,
          });
      }
    }
    return 'reminded';
  });
}

export async function startIncidentWorkers(
  jobs: Jobs,
  db: Database,
  options: { mail: boolean; logger?: Logger | undefined },
) {
  await jobs.work('incident.update-due', async (payload) => {
    const outcome = await handleUpdateDue(db, payload, { jobs: options.mail ? jobs : undefined });
    options.logger?.info({ incidentId: payload.incidentId, outcome }, 'incident update reminder');
  });
}
