import type { Logger } from 'pino';
import type { Database } from '../../db/client.ts';
import { withScopedTx } from '../../db/tenant.ts';
import type { WebhookAllowList } from '../../domain/webhook-targets.ts';
import type { MailSender, ThreadMail } from '../../jobs/mail.ts';
import type { Jobs } from '../../jobs/queue.ts';

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
  /** Threading of mail about a ticket (mail/threading.ts, passed in: notifications sit below mail). */
  threadMail?: ThreadMail | undefined;
};

// Workers act for no person: the RLS scope is the job's workspace only.
export const scoped = <T>(
  deps: NotificationWorkerDeps,
  workspaceId: string,
  fn: Parameters<typeof withScopedTx<T>>[2],
) => withScopedTx(deps.db, { workspaceId, accountId: null }, fn);

export const absolute = (publicUrl: string, link: string | null) =>
  link ? new URL(link, publicUrl).toString() : null;
