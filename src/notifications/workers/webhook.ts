import { eq, sql } from 'drizzle-orm';
import { type WebhookAttempt, webhookDeliveries, webhookEndpoints } from '../../db/schema/notifications.ts';
import { SIGNATURE_HEADER, signWebhook } from '../../domain/notifications.ts';
import { EMPTY_ALLOW_LIST } from '../../domain/webhook-targets.ts';
import type { JobPayloads } from '../../jobs/queue.ts';
import { postWebhook } from '../webhook-post.ts';
import { type NotificationWorkerDeps, scoped } from './common.ts';

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
