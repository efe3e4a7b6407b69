import { sql } from 'drizzle-orm';
import { type Db, fromDrizzle, type JobResult, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Tx } from '../db/client.ts';

export const JOB_SCHEMA = 'pgboss';

/** Every queue with its retry policy, declared in one place. */
export const QUEUES = {
  'mail.send': { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600 },
  'notifications.dispatch': { retryLimit: 8, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 },
  'notifications.email': { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600 },
  'notifications.digest': { retryLimit: 5, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600 },
  'webhooks.deliver': { retryLimit: 8, retryDelay: 15, retryBackoff: true, retryDelayMax: 3600 },
  'incident.update-due': { retryLimit: 5, retryDelay: 30, retryBackoff: true, retryDelayMax: 600 },
  'sla.escalate': { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 300 },
  'sla.sweep': { retryLimit: 2, retryDelay: 30, retryBackoff: true, retryDelayMax: 60 },
  'problems.detect-recurrence': { retryLimit: 3, retryDelay: 300, retryBackoff: true, retryDelayMax: 3600 },
  'alerts.process': { retryLimit: 8, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 },
} as const;
export type QueueName = keyof typeof QUEUES;

/**
 * Security: finished jobs (completed, failed or cancelled) are deleted this long after they finish,
 * so the job table keeps no history of payloads (docs/operations.md, "Background jobs").
 */
export const FINISHED_JOB_RETENTION_SECONDS = 24 * 60 * 60;

/** The last error of one queue (or of the queue's own maintenance, `pg-boss`), for /readyz and the logs. */
export type WorkerError = { queue: string; at: Date; message: string };
export type QueuePolicy = {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax: number;
};

export type JobPayloads = {
  /** The text is sealed with the server key (jobs/mail.ts): it may carry a one-time link. */
  'mail.send': { to: string; subject: string; sealedText: string };
  /** Fans one event out to e-mail and webhooks (notifications/dispatch.ts). */
  'notifications.dispatch': {
    workspaceId: string;
    notificationIds: string[];
    event: { event: string; dedupeKey: string; occurredAt: string; data: Record<string, unknown> };
  };
  'notifications.email': { workspaceId: string; deliveryId: string };
  'notifications.digest': { workspaceId: string; membershipId: string };
  'webhooks.deliver': { workspaceId: string; deliveryId: string };
  'incident.update-due': { workspaceId: string; incidentId: string; dueAt: string };
  'sla.escalate': { workspaceId: string; clockId: string; atPercent: number; dueAt: string };
  'sla.sweep': Record<string, never>;
  /** One workspace, or every workspace (null: the nightly schedule). */
  'problems.detect-recurrence': { workspaceId: string | null };
  /** One stored monitoring notification (alerts/process.ts). */
  'alerts.process': { workspaceId: string; notificationId: string };
};

export type EnqueueOptions = {
  /** Run no earlier than this (a durable timer). */
  startAfter?: Date | undefined;
  /** At most one queued job with this key. */
  singletonKey?: string | undefined;
};

export type Jobs = {
  /** Security/durability: the job commits or rolls back with the change that caused it. */
  enqueue<Q extends QueueName>(
    tx: Tx,
    queue: Q,
    payload: JobPayloads[Q],
    options?: EnqueueOptions,
  ): Promise<void>;
  work<Q extends QueueName>(queue: Q, handler: (payload: JobPayloads[Q]) => Promise<void>): Promise<void>;
  /** The queue's effective retry policy (a handler can tell its last attempt). */
  policy(queue: QueueName): QueuePolicy;
  /** A durable cron schedule (one per queue; every instance may declare it, pg-boss keeps one). */
  schedule<Q extends QueueName>(queue: Q, cron: string, payload: JobPayloads[Q]): Promise<void>;
  /** The last error per queue since this process started (most recent first). */
  errors(): WorkerError[];
  stop(): Promise<void>;
};

/**
 * Durable background work in the application's own database (pg-boss). It runs as the
 * application role on both engines; the pgboss schema belongs to that role (migration 0007).
 */
const WORK_BATCH = 20;

export async function startJobs(
  db: Db,
  backend: 'pglite' | 'postgres',
  logger?: Logger,
  pollingIntervalSeconds = 2,
  /** Tests shorten retry delays here. */
  policyOverrides: Partial<Record<QueueName, Partial<QueuePolicy>>> = {},
): Promise<Jobs> {
  const boss = new PgBoss({ db, backend, schema: JOB_SCHEMA, createSchema: false });
  const lastErrors = new Map<string, WorkerError>();
  const remember = (queue: string, error: unknown) => {
    const message = error instanceof Error || isMessage(error) ? error.message : String(error);
    lastErrors.set(queue, { queue, at: new Date(), message: message.slice(0, 300) });
  };
  // pg-boss names the queue on a worker's errors; its own maintenance (supervision, index builds) has none.
  boss.on('error', (error: unknown) => {
    const queue = queueOf(error) ?? 'pg-boss';
    remember(queue, error);
    logger?.error({ err: error, queue }, `job queue error in ${queue}`);
  });
  await boss.start();
  const policies = Object.fromEntries(
    Object.entries(QUEUES).map(([name, options]) => [
      name,
      { ...options, ...policyOverrides[name as QueueName] },
    ]),
  ) as Record<QueueName, QueuePolicy>;
  for (const [name, policy] of Object.entries(policies)) {
    const options = { ...policy, deleteAfterSeconds: FINISHED_JOB_RETENTION_SECONDS };
    await boss.createQueue(name, options);
    // createQueue leaves an existing queue as it was: bring its policy and retention up to date.
    await boss.updateQueue(name, options);
  }
  return {
    async enqueue(tx, queue, payload, options = {}) {
      await boss.send(queue, payload, {
        db: fromDrizzle(tx as never, sql as never),
        ...(options.startAfter && { startAfter: options.startAfter }),
        ...(options.singletonKey && { singletonKey: options.singletonKey }),
      });
    },
    async work(queue, handler) {
      // Up to WORK_BATCH jobs per fetch, fetching again at once while batches come back full, so
      // a backlog (a burst of new tickets, each with its notification job) drains at the speed of
      // the handlers rather than one job per polling interval. Each job succeeds or fails alone.
      await boss.work<JobPayloads[typeof queue]>(
        queue,
        { pollingIntervalSeconds, batchSize: WORK_BATCH, burstWhenBatchFull: true, perJobResults: true },
        async (jobs) => {
          const results: JobResult[] = [];
          for (const job of jobs) {
            try {
              await handler(job.data);
              results.push({ id: job.id, status: 'completed' });
            } catch (error) {
              remember(queue, error);
              logger?.warn(
                { err: error, queue, jobId: job.id },
                `job failed in ${queue}; it will be retried`,
              );
              results.push({
                id: job.id,
                status: 'failed',
                output: { message: error instanceof Error ? error.message : String(error) },
              });
            }
          }
          return results;
        },
      );
    },
    policy(queue) {
      return policies[queue];
    },
    async schedule(queue, cron, payload) {
      await boss.schedule(queue, cron, payload);
    },
    errors() {
      return [...lastErrors.values()].sort((a, b) => b.at.getTime() - a.at.getTime());
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}

const isMessage = (value: unknown): value is { message: string } =>
  typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';

const queueOf = (error: unknown): string | undefined => {
  const queue =
    typeof error === 'object' && error !== null ? (error as { queue?: unknown }).queue : undefined;
  return typeof queue === 'string' ? queue : undefined;
};
