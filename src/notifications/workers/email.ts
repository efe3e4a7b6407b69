import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  notificationDeliveries,
  notificationSettings,
  notifications,
} from '../../db/schema/notifications.ts';
import { workspaces } from '../../db/schema/workspaces.ts';
import { nextDigestAt } from '../../domain/notifications.ts';
import type { MailSender } from '../../jobs/mail.ts';
import type { JobPayloads } from '../../jobs/queue.ts';
import { absolute, type NotificationWorkerDeps, scoped } from './common.ts';

const mailText = (deps: NotificationWorkerDeps, body: string, link: string | null) => {
  const url = absolute(deps.publicUrl, link);
  return [
    body,
    ...(url ? ['', url] : []),
    '',
    `Choose what you receive: ${absolute(deps.publicUrl, '/account')}`,
  ]
    .join('\n')
    .trim();
};

/** Deliveries with their notification and the workspace's name: what a mail is written from. */
const deliveriesToMail = (tx: Tx) =>
  tx
    .select({
      delivery: notificationDeliveries,
      notification: notifications,
      workspaceName: workspaces.name,
    })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .innerJoin(workspaces, eq(workspaces.id, notificationDeliveries.workspaceId));

async function recordMailFailure(
  deps: NotificationWorkerDeps,
  workspaceId: string,
  ids: string[],
  error: unknown,
  status: 'retrying' | 'failed' | 'digest_pending',
) {
  const message = error instanceof Error ? error.message : String(error);
  await scoped(deps, workspaceId, (tx) =>
    tx
      .update(notificationDeliveries)
      .set({
        attempts: sql`${notificationDeliveries.attempts} + 1`,
        lastError: message.slice(0, 500),
        lastAttemptAt: new Date(),
        status,
      })
      .where(inArray(notificationDeliveries.id, ids)),
  );
}

/** Sends one immediate e-mail; a failure is logged on the delivery and thrown, so pg-boss retries with backoff. */
export async function sendNotificationEmail(
  deps: NotificationWorkerDeps & { mail: MailSender },
  job: JobPayloads['notifications.email'],
) {
  const row = await scoped(deps, job.workspaceId, async (tx) => {
    const [found] = await deliveriesToMail(tx).where(eq(notificationDeliveries.id, job.deliveryId));
    return found;
  });
  if (!row || (row.delivery.status !== 'queued' && row.delivery.status !== 'retrying')) return;
  const { delivery, notification } = row;
  // A mail about a ticket threads: our Message-ID (kept, so a reply finds the ticket), In-Reply-To
  // and References to the ticket's thread, and [KEY-n] in the subject.
  const threadMail = deps.threadMail;
  const thread = threadMail
    ? await scoped(deps, job.workspaceId, (tx) =>
        threadMail(tx, {
          workspaceId: job.workspaceId,
          deliveryId: delivery.id,
          link: notification.link,
          subject: notification.subject,
          to: delivery.toAddress,
          publicUrl: deps.publicUrl,
        }),
      )
    : null;
  try {
    await deps.mail.send({
      to: delivery.toAddress,
      subject: `[${row.workspaceName}] ${thread?.subject ?? notification.subject}`,
      text: mailText(deps, notification.body, notification.link),
      thread: thread?.headers,
    });
  } catch (error) {
    const final = delivery.attempts + 1 > deps.jobs.policy('notifications.email').retryLimit;
    await recordMailFailure(deps, job.workspaceId, [delivery.id], error, final ? 'failed' : 'retrying');
    deps.logger?.warn({ err: error, deliveryId: delivery.id }, 'notification e-mail failed');
    if (final) return;
    throw error;
  }
  await scoped(deps, job.workspaceId, (tx) =>
    tx
      .update(notificationDeliveries)
      .set({
        status: 'sent',
        attempts: sql`${notificationDeliveries.attempts} + 1`,
        lastAttemptAt: new Date(),
        sentAt: new Date(),
        lastError: null,
      })
      .where(eq(notificationDeliveries.id, delivery.id)),
  );
}

/** One e-mail with everything waiting for a person's daily digest. */
export async function sendDigest(
  deps: NotificationWorkerDeps & { mail: MailSender },
  job: JobPayloads['notifications.digest'],
) {
  const pending = await scoped(deps, job.workspaceId, (tx) =>
    deliveriesToMail(tx)
      .where(
        and(
          eq(notificationDeliveries.membershipId, job.membershipId),
          eq(notificationDeliveries.status, 'digest_pending'),
        ),
      )
      .orderBy(notifications.createdAt),
  );
  if (pending.length === 0) return;
  const ids = pending.map((p) => p.delivery.id);
  const first = pending[0]!;
  const lines = pending.map((p) => {
    const link = absolute(deps.publicUrl, p.notification.link);
    return `- ${p.notification.subject}${link ? `\n  ${link}` : ''}`;
  });
  try {
    await deps.mail.send({
      to: first.delivery.toAddress,
      subject: `[${first.workspaceName}] Your daily digest: ${pending.length} update${pending.length === 1 ? '' : 's'}`,
      text: mailText(deps, lines.join('\n'), null),
    });
  } catch (error) {
    await recordMailFailure(deps, job.workspaceId, ids, error, 'digest_pending');
    throw error;
  }
  await scoped(deps, job.workspaceId, async (tx) => {
    const now = new Date();
    await tx
      .update(notificationDeliveries)
      .set({
        status: 'sent',
        attempts: sql`${notificationDeliveries.attempts} + 1`,
        lastAttemptAt: now,
        sentAt: now,
      })
      .where(inArray(notificationDeliveries.id, ids));
    await tx
      .insert(notificationSettings)
      .values({ membershipId: job.membershipId, workspaceId: job.workspaceId, lastDigestAt: now })
      .onConflictDoUpdate({
        target: [notificationSettings.workspaceId, notificationSettings.membershipId],
        set: { lastDigestAt: now },
      });
    // Anything that arrived while this one was being sent waits for tomorrow's.
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(notificationDeliveries)
      .where(
        and(
          eq(notificationDeliveries.membershipId, job.membershipId),
          eq(notificationDeliveries.status, 'digest_pending'),
        ),
      );
    if ((left?.n ?? 0) > 0) {
      const [settings] = await tx
        .select({ digestHour: notificationSettings.digestHour })
        .from(notificationSettings)
        .where(eq(notificationSettings.membershipId, job.membershipId));
      await deps.jobs.enqueue(tx, 'notifications.digest', job, {
        startAfter: nextDigestAt(settings?.digestHour ?? 7, now),
      });
    }
  });
}
