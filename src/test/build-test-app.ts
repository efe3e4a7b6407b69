import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { startAlertWorker } from '../alerts/process.ts';
import { loadConfig, type OidcProviderConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { startIncidentWorkers } from '../incidents/update-due.job.ts';
import { createMailSender, startMailWorker } from '../jobs/mail.ts';
import { type Jobs, type QueueName, type QueuePolicy, startJobs } from '../jobs/queue.ts';
import { startMailIntakeWorker } from '../mail/process.ts';
import { threadOutbound } from '../mail/threading.ts';
import { startNotificationWorkers } from '../notifications/workers.ts';
import { startRecurrenceWorker } from '../problems/recurrence-job.ts';
import { readinessPackSection } from '../readiness/pack-section.ts';
import { startReviewWorkers } from '../reviews/snapshots.ts';
import { buildApp } from '../server/app.ts';
import { startSlaWorker } from '../sla/escalation.ts';
import { createTestDatabase } from './test-database.ts';

export type TestApp = {
  app: FastifyInstance;
  database: DatabaseHandle;
  secretKey: Buffer;
  jobs: Jobs;
  /**
   * Runs the queued jobs that are due (and those they queue) until none is left; deterministic, so a
   * test drains instead of sleeping. Returns how many ran.
   */
  drainJobs(): Promise<number>;
  close(): Promise<void>;
};

export const TEST_PUBLIC_URL = 'http://tandem.test';

/**
 * A fresh database and app with the job queue and every worker's handler registered. By default
 * nothing runs in the background: a test calls `drainJobs()`. `mail` or `jobs` make the workers poll
 * (every 0.5 s) as well, for tests of retries over time; `jobs` can shorten retry delays and the
 * webhook timeout.
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
  const poll = Boolean(options.mail || options.jobs);
  const jobs = await startJobs(database.jobsDb, database.kind, {
    poll,
    pollingIntervalSeconds: 0.5,
    policies: options.jobs?.policies,
  });
  const mail = options.mail ? createMailSender(options.mail) : undefined;
  if (mail) await startMailWorker(jobs, mail, secretKey);
  await startNotificationWorkers({
    db: database.db,
    jobs,
    mail,
    publicUrl: TEST_PUBLIC_URL,
    webhookTimeoutMs: options.jobs?.webhookTimeoutMs,
    webhookAllowList: config.webhookAllowList,
    threadMail: threadOutbound,
  });
  // The timers' workers only where nothing polls: a mail test must not see SLA sweeps meanwhile.
  if (!poll) {
    await startIncidentWorkers(jobs, database.db, {});
    await startSlaWorker(jobs, database);
    await startRecurrenceWorker(jobs, database);
    await startReviewWorkers(jobs, database, { readiness: readinessPackSection });
  }
  if (jobs) await startAlertWorker(jobs, database.db);
  await startMailIntakeWorker({ db: database.db, jobs, publicUrl: TEST_PUBLIC_URL });
  const app = await buildApp({ config, database, secretKey, jobs });
  await app.ready();
  return {
    app,
    database,
    secretKey,
    jobs,
    drainJobs: () => jobs.drain(),
    async close() {
      await app.close();
      await jobs.stop();
      await database.close();
    },
  };
}
