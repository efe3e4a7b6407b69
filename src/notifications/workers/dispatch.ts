import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { accounts } from '../../db/schema/accounts.ts';
import {
  notificationDeliveries,
  notificationPreferences,
  notificationSettings,
  notifications,
  webhookDeliveries,
  webhookEndpoints,
} from '../../db/schema/notifications.ts';
import { memberships, workspaces } from '../../db/schema/workspaces.ts';
import { defaultPreference, isNotificationEvent, nextDigestAt } from '../../domain/notifications.ts';
import type { JobPayloads } from '../../jobs/queue.ts';
import { absolute, type NotificationWorkerDeps, scoped } from './common.ts';

/** Fans one event out: an e-mail delivery per recipient who wants one, a webhook delivery per subscribed endpoint. */
export async function dispatchEvent(
  deps: NotificationWorkerDeps,
  job: JobPayloads['notifications.dispatch'],
) {
  const { workspaceId, event } = job;
  await scoped(deps, workspaceId, async (tx) => {
    if (deps.mail && job.notificationIds.length > 0 && isNotificationEvent(event.event)) {
      const fallback = defaultPreference(event.event);
      const people = await tx
        .select({
          notificationId: notifications.id,
          membershipId: notifications.membershipId,
          email: accounts.email,
          mode: notificationPreferences.email,
          digestHour: notificationSettings.digestHour,
        })
        .from(notifications)
        .innerJoin(memberships, eq(memberships.id, notifications.membershipId))
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .leftJoin(
          notificationPreferences,
          and(
            eq(notificationPreferences.membershipId, notifications.membershipId),
            eq(notificationPreferences.event, notifications.event),
          ),
        )
        .leftJoin(notificationSettings, eq(notificationSettings.membershipId, notifications.membershipId))
        .where(
          and(
            inArray(notifications.id, job.notificationIds),
            eq(memberships.status, 'active'),
            eq(accounts.status, 'active'),
          ),
        );
      const wanted = people
        .map((p) => ({ ...p, mode: p.mode ?? fallback.email }))
        .filter((p) => p.mode !== 'off');
      if (wanted.length > 0) {
        const digestPeople = [
          ...new Set(wanted.filter((p) => p.mode === 'digest').map((p) => p.membershipId)),
        ];
        const alreadyWaiting = new Set(
          digestPeople.length === 0
            ? []
            : (
                await tx
                  .selectDistinct({ membershipId: notificationDeliveries.membershipId })
                  .from(notificationDeliveries)
                  .where(
                    and(
                      inArray(notificationDeliveries.membershipId, digestPeople),
                      eq(notificationDeliveries.status, 'digest_pending'),
                    ),
                  )
              ).map((r) => r.membershipId),
        );
        const inserted = await tx
          .insert(notificationDeliveries)
          .values(
            wanted.map((p) => ({
              workspaceId,
              notificationId: p.notificationId,
              membershipId: p.membershipId,
              mode: p.mode as 'immediate' | 'digest',
              toAddress: p.email,
              status: p.mode === 'digest' ? ('digest_pending' as const) : ('queued' as const),
            })),
          )
          .onConflictDoNothing()
          .returning();
        for (const delivery of inserted) {
          if (delivery.mode === 'immediate') {
            await deps.jobs.enqueue(tx, 'notifications.email', { workspaceId, deliveryId: delivery.id });
          } else if (!alreadyWaiting.has(delivery.membershipId)) {
            // One digest job per person waits for their hour; it sends everything pending then.
            alreadyWaiting.add(delivery.membershipId);
            const hour = wanted.find((p) => p.membershipId === delivery.membershipId)?.digestHour ?? 7;
            await deps.jobs.enqueue(
              tx,
              'notifications.digest',
              { workspaceId, membershipId: delivery.membershipId },
              { startAfter: nextDigestAt(hour, new Date()) },
            );
          }
        }
      }
    }
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.workspaceId, workspaceId),
          eq(webhookEndpoints.active, true),
          sql`${event.event} = any(${webhookEndpoints.events})`,
          // An endpoint added after the event (while this job waited) does not receive it.
          lte(webhookEndpoints.createdAt, new Date(event.occurredAt)),
        ),
      );
    if (endpoints.length === 0) return;
    const [workspace] = await tx
      .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    const link = typeof event.data.link === 'string' ? event.data.link : null;
    const payload = {
      id: event.dedupeKey,
      event: event.event,
      occurredAt: event.occurredAt,
      workspace: workspace!,
      data: { ...event.data, link: absolute(deps.publicUrl, link) },
    };
    const deliveries = await tx
      .insert(webhookDeliveries)
      .values(
        endpoints.map((e) => ({
          workspaceId,
          endpointId: e.id,
          event: event.event,
          dedupeKey: event.dedupeKey,
          payload,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    for (const d of deliveries) {
      await deps.jobs.enqueue(tx, 'webhooks.deliver', { workspaceId, deliveryId: d.id });
    }
  });
}
