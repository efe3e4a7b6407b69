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
  'exit.run': { retryLimit: 1, retryDelay: 30, retryBackoff: true, retryDelayMax: 60 },
} as const;
export type QueueName = keyof typeof QUEUES;
export type QueuePolicy = {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax: number;
};

export type JobPayloads = {
  'mail.send': { to: string; subject: string; text: string };
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
  /** Prepares an export archive or runs a verification (src/exit/runs.ts). */
  'exit.run': { workspaceId: string; runId: string };
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
  boss.on('error', (error: unknown) => logger?.error({ err: error }, 'job queue error'));
  await boss.start();
  const policies = Object.fromEntries(
    Object.entries(QUEUES).map(([name, options]) => [
      name,
      { ...options, ...policyOverrides[name as QueueName] },
    ]),
  ) as Record<QueueName, QueuePolicy>;
  for (const [name, options] of Object.entries(policies)) {
    await boss.createQueue(name, options);
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
              logger?.warn({ err: error, queue, jobId: job.id }, 'job failed; it will be retried');
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
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
