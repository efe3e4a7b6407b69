import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { startAlertWorker } from '../alerts/process.ts';
import { loadConfig, type OidcProviderConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createMailSender, startMailWorker } from '../jobs/mail.ts';
import { type Jobs, type QueueName, type QueuePolicy, startJobs } from '../jobs/queue.ts';
import { startNotificationWorkers } from '../notifications/workers.ts';
import { buildApp } from '../server/app.ts';
import { createTestDatabase } from './test-database.ts';

export type TestApp = {
  app: FastifyInstance;
  database: DatabaseHandle;
  secretKey: Buffer;
  /** The job queue, when `mail` or `jobs` started it. */
  jobs: Jobs | undefined;
  close(): Promise<void>;
};

export const TEST_PUBLIC_URL = 'http://tandem.test';

/**
 * A fresh database and app; `mail` (or `jobs`) also starts the job queue, the mail worker and the
 * notification workers, polling fast; `jobs` can shorten retry delays and the webhook timeout.
 */
export async function buildTestApp(
  options: {
    mail?: { smtpUrl: string; from: string };
    jobs?: {
      policies?: Partial<Record<QueueName, Partial<QueuePolicy>>>;
      webhookTimeoutMs?: number;
    };
    /** TANDEM_WEBHOOK_ALLOW_HOSTS, e.g. '127.0.0.1' for a local test receiver. */
    webhookAllowHosts?: string;
    /**
     * API requests per minute; off unless given: every injected request comes from one address, and
     * a suite walking every route for every persona makes thousands a minute (rate-limit.api.test.ts
     * checks the limits themselves).
     */
    rateLimits?: { perAddress: number; perToken: number };
    /** Single sign-on providers (TANDEM_OIDC_PROVIDERS). */
    oidcProviders?: OidcProviderConfig[];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      TANDEM_PUBLIC_URL: TEST_PUBLIC_URL,
      LOG_LEVEL: 'silent',
      TANDEM_WEBHOOK_ALLOW_HOSTS: options.webhookAllowHosts,
    }),
    demo: false,
    mail: options.mail,
    rateLimits: options.rateLimits ?? { perAddress: 0, perToken: 0 },
    oidcProviders: options.oidcProviders ?? [],
  };
  const secretKey = randomBytes(32);
  const jobs =
    options.mail || options.jobs
      ? await startJobs(database.jobsDb, database.kind, undefined, 0.5, options.jobs?.policies)
      : undefined;
  const mail = options.mail ? createMailSender(options.mail) : undefined;
  if (jobs && mail) await startMailWorker(jobs, mail, secretKey);
  if (jobs) {
    await startNotificationWorkers({
      db: database.db,
      jobs,
      mail,
      publicUrl: TEST_PUBLIC_URL,
      webhookTimeoutMs: options.jobs?.webhookTimeoutMs,
      webhookAllowList: config.webhookAllowList,
    });
  }
  if (jobs) await startAlertWorker(jobs, database.db);
  const app = await buildApp({ config, database, secretKey, jobs });
  await app.ready();
  return {
    app,
    database,
    secretKey,
    jobs,
    async close() {
      await app.close();
      await jobs?.stop();
      await database.close();
    },
  };
}
