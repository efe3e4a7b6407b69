import type { NotificationWorkerDeps } from './workers/common.ts';
import { dispatchEvent } from './workers/dispatch.ts';
import { sendDigest, sendNotificationEmail } from './workers/email.ts';
import { deliverWebhook } from './workers/webhook.ts';

export type { NotificationWorkerDeps } from './workers/common.ts';

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
