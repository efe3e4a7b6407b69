import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import {
  notificationDeliveries,
  notificationPreferences,
  notificationSettings,
  notifications,
  type WebhookAttempt,
  webhookDeliveries,
  webhookEndpoints,
} from '../db/schema/notifications.ts';
import { memberships, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import {
  defaultPreference,
  isNotificationEvent,
  nextDigestAt,
  SIGNATURE_HEADER,
  signWebhook,
} from '../domain/notifications.ts';
import { EMPTY_ALLOW_LIST, type WebhookAllowList } from '../domain/webhook-targets.ts';
import type { MailSender } from '../jobs/mail.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import { postWebhook } from './webhook-post.ts';

export type NotificationWorkerDeps = {
  db: Database;
  jobs: Jobs;
  /** Without SMTP nothing is e-mailed; in-app notifications and webhooks still work. */
  mail?: MailSender | undefined;
  publicUrl: string;
  logger?: Logger | undefined;
  /** How long a webhook endpoint may take to answer (default 10 s). */
  webhookTimeoutMs?: number | undefined;
  /** Internal hosts the operator lets webhooks reach (TANDEM_WEBHOOK_ALLOW_HOSTS). */
  webhookAllowList?: WebhookAllowList | undefined;
};

// Workers act for no person: the RLS scope is the job's workspace only.
const scoped = <T>(
  deps: NotificationWorkerDeps,
  workspaceId: string,
  fn: Parameters<typeof withScopedTx<T>>[2],
) => withScopedTx(deps.db, { workspaceId, accountId: null }, fn);

const absolute = (publicUrl: string, link: string | null) =>
  link ? new URL(link, publicUrl).toString() : null;

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
    const [found] = await tx
      .select({
        delivery: notificationDeliveries,
        notification: notifications,
        workspaceName: workspaces.name,
      })
      .from(notificationDeliveries)
      .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
      .innerJoin(workspaces, eq(workspaces.id, notificationDeliveries.workspaceId))
      .where(eq(notificationDeliveries.id, job.deliveryId));
    return found;
  });
  if (!row || (row.delivery.status !== 'queued' && row.delivery.status !== 'retrying')) return;
  const { delivery, notification } = row;
  try {
    await deps.mail.send({
      to: delivery.toAddress,
      subject: `[${row.workspaceName}] ${notification.subject}`,
      text: mailText(deps, notification.body, notification.link),
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
    tx
      .select({
        delivery: notificationDeliveries,
        notification: notifications,
        workspaceName: workspaces.name,
      })
      .from(notificationDeliveries)
      .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
      .innerJoin(workspaces, eq(workspaces.id, notificationDeliveries.workspaceId))
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
      .onConflictDoUpdate({ target: notificationSettings.membershipId, set: { lastDigestAt: now } });
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

/**
 * Posts one signed delivery. Never runs inside a request: a slow or failing endpoint only delays
 * its own retries (pg-boss, with backoff), and every attempt lands in the delivery log.
 */
export async function deliverWebhook(deps: NotificationWorkerDeps, job: JobPayloads['webhooks.deliver']) {
  const row = await scoped(deps, job.workspaceId, async (tx) => {
    const [found] = await tx
      .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, job.deliveryId));
    return found;
  });
  if (!row || (row.delivery.status !== 'queued' && row.delivery.status !== 'retrying')) return;
  const { delivery, endpoint } = row;
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  // Redirects are not followed (a 3xx is logged as an answer), so a public endpoint cannot bounce
  // the request inside the network.
  const { statusCode, error, cause } = await postWebhook(endpoint.url, {
    timeoutMs: deps.webhookTimeoutMs ?? 10_000,
    allow: deps.webhookAllowList ?? EMPTY_ALLOW_LIST,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Tandem-Webhooks/1',
      'tandem-event': delivery.event,
      'tandem-delivery': delivery.id,
      [SIGNATURE_HEADER]: signWebhook(endpoint.secret, body, timestamp),
    },
    body,
  });
  if (cause)
    deps.logger?.info({ err: cause, deliveryId: delivery.id, error }, 'webhook delivery could not connect');
  const durationMs = Math.round(performance.now() - started);
  const attempts = delivery.attempts + 1;
  const succeeded = error === null;
  const final = !succeeded && attempts > deps.jobs.policy('webhooks.deliver').retryLimit;
  const attempt: WebhookAttempt = { at: new Date().toISOString(), statusCode, durationMs, error };
  await scoped(deps, job.workspaceId, (tx) =>
    tx
      .update(webhookDeliveries)
      .set({
        attempts,
        status: succeeded ? 'succeeded' : final ? 'failed' : 'retrying',
        lastStatusCode: statusCode,
        lastDurationMs: durationMs,
        lastError: error,
        lastAttemptAt: new Date(),
        attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([attempt])}::jsonb`,
        ...(succeeded && { deliveredAt: new Date() }),
      })
      .where(eq(webhookDeliveries.id, delivery.id)),
  );
  if (!succeeded && !final) throw new Error(`webhook delivery ${delivery.id}: ${error}`);
}

/** Starts every notification worker on the job queue (serve and tests). */
export async function startNotificationWorkers(deps: NotificationWorkerDeps) {
  await deps.jobs.work('notifications.dispatch', (job) => dispatchEvent(deps, job));
  // Two webhook workers: one slow endpoint does not hold up every other delivery.
  for (let i = 0; i < 2; i++) await deps.jobs.work('webhooks.deliver', (job) => deliverWebhook(deps, job));
  if (deps.mail) {
    const withMail = { ...deps, mail: deps.mail };
    await deps.jobs.work('notifications.email', (job) => sendNotificationEmail(withMail, job));
    await deps.jobs.work('notifications.digest', (job) => sendDigest(withMail, job));
  }
}
