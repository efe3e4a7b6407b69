import { and, eq, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { notificationPreferences, notifications } from '../db/schema/notifications.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import {
  defaultPreference,
  isNotificationEvent,
  type NotificationEvent,
  type RecipientSelector,
} from '../domain/notifications.ts';
import type { Jobs } from '../jobs/queue.ts';

export type { RecipientSelector } from '../domain/notifications.ts';

/** Where an event happens: a person acting in a workspace (WorkspaceContext) or a system job. */
export type NotifySource =
  | { actor: { workspaceId: string; membershipId: string }; jobs: Jobs }
  | { workspaceId: string; actorMembershipId?: string | null; jobs: Jobs };

export type NotifyInput = {
  event: NotificationEvent;
  recipients: RecipientSelector[];
  subject: string;
  body?: string;
  /** Path inside the web app (e.g. /w/acme/tickets/ACME-12); e-mails make it absolute. */
  link?: string | null;
  /** The same key again (a retried job, a repeated sweep) sends nothing new. */
  dedupeKey: string;
  /** Extra fields for webhook payloads. */
  data?: Record<string, unknown>;
  /** The person who caused the event hears of it too (default: no). */
  includeActor?: boolean;
};

const selectorCondition = (s: RecipientSelector): SQL | undefined => {
  if ('membershipId' in s) return eq(memberships.id, s.membershipId);
  const roles = s.roles ?? ['lead', 'agent'];
  const role = sql`${memberships.role} in (${sql.join(
    roles.map((r) => sql`${r}`),
    sql`, `,
  )})`;
  if ('partyId' in s) return and(eq(memberships.partyId, s.partyId), role);
  if ('watchersOfTicketId' in s)
    return and(
      sql`${memberships.partyId} in (select party_id from ticket_watchers where ticket_id = ${s.watchersOfTicketId})`,
      role,
    );
  return and(eq(parties.kind, s.partyKind), role);
};

/**
 * Notifies people of one event, inside the caller's transaction: one recipient query, one
 * multi-row insert of in-app notifications and one job that fans out e-mail and webhooks.
 * Security/durability: everything commits or rolls back with the change that caused it.
 */
export async function notify(
  tx: Tx,
  source: NotifySource,
  input: NotifyInput,
): Promise<{ notified: number }> {
  if (!isNotificationEvent(input.event)) throw new Error(`unknown notification event ${input.event}`);
  if (source.jobs.quiet) return { notified: 0 };
  const workspaceId = 'actor' in source ? source.actor.workspaceId : source.workspaceId;
  const actorMembershipId =
    'actor' in source ? source.actor.membershipId : (source.actorMembershipId ?? null);
  const conditions = input.recipients.map(selectorCondition).filter((c): c is SQL => c !== undefined);
  const fallback = defaultPreference(input.event);
  let rows: { id: string }[] = [];
  if (conditions.length > 0) {
    const people = await tx
      .select({
        membershipId: memberships.id,
        inApp: notificationPreferences.inApp,
        email: notificationPreferences.email,
      })
      .from(memberships)
      .leftJoin(parties, eq(parties.id, memberships.partyId))
      .leftJoin(
        notificationPreferences,
        and(
          eq(notificationPreferences.membershipId, memberships.id),
          eq(notificationPreferences.event, input.event),
        ),
      )
      .where(
        and(
          eq(memberships.workspaceId, workspaceId),
          eq(memberships.status, 'active'),
          or(...conditions),
          actorMembershipId && !input.includeActor ? ne(memberships.id, actorMembershipId) : undefined,
        ),
      );
    const wanted = people.filter((p) => (p.inApp ?? fallback.inApp) || (p.email ?? fallback.email) !== 'off');
    if (wanted.length > 0) {
      rows = await tx
        .insert(notifications)
        .values(
          wanted.map((p) => ({
            workspaceId,
            membershipId: p.membershipId,
            event: input.event,
            subject: input.subject,
            body: input.body ?? '',
            link: input.link ?? null,
            dedupeKey: input.dedupeKey,
            actorMembershipId,
            inApp: p.inApp ?? fallback.inApp,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      // Everyone already had it: the same event again, so no e-mail or webhook either.
      if (rows.length === 0) return { notified: 0 };
    }
  }
  await source.jobs.enqueue(tx, 'notifications.dispatch', {
    workspaceId,
    notificationIds: rows.map((r) => r.id),
    event: {
      event: input.event,
      dedupeKey: input.dedupeKey,
      occurredAt: new Date().toISOString(),
      data: {
        subject: input.subject,
        body: input.body ?? '',
        link: input.link ?? null,
        ...input.data,
      },
    },
  });
  return { notified: rows.length };
}
