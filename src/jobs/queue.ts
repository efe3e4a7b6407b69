import { type Db, type Job, type JobInsert, type JobResult, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Tx } from '../db/client.ts';
import { deferredWrites } from '../db/deferred.ts';
import { transactionJobsDb } from './transaction-db.ts';

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
  'risks.acceptance-expiry': { retryLimit: 10, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 },
  'risks.review-sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: true, retryDelayMax: 600 },
  'obligations.generate': { retryLimit: 5, retryDelay: 30, retryBackoff: true, retryDelayMax: 600 },
  'obligations.sweep': { retryLimit: 2, retryDelay: 30, retryBackoff: true, retryDelayMax: 60 },
  'access.grant-expiry': { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 300 },
  'access.sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: true, retryDelayMax: 300 },
  'exit.run': { retryLimit: 1, retryDelay: 30, retryBackoff: true, retryDelayMax: 60 },
  'reviews.snapshot-sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: true, retryDelayMax: 600 },
  'reviews.snapshot': { retryLimit: 5, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600 },
  // Retried safely: a build resumes after its last committed day (src/simulation/history.ts).
  'simulation.history': { retryLimit: 2, retryDelay: 60, retryBackoff: true, retryDelayMax: 60 },
  'alerts.process': { retryLimit: 8, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 },
  'mail.process': { retryLimit: 8, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 },
  // The embedded database's upkeep (jobs/database-upkeep.ts); the next schedule retries anyway.
  'database.analyze': { retryLimit: 1, retryDelay: 300, retryBackoff: true, retryDelayMax: 600 },
  'database.vacuum': { retryLimit: 1, retryDelay: 600, retryBackoff: true, retryDelayMax: 1200 },
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
  /** Lapses a risk acceptance at its expiry (stale when the acceptance changed since). */
  'risks.acceptance-expiry': { workspaceId: string; riskId: string; expiresAt: string };
  'risks.review-sweep': Record<string, never>;
  /** Creates occurrences ahead for one obligation, one workspace, or every workspace (nulls). */
  'obligations.generate': { workspaceId: string | null; obligationId: string | null };
  /** Escalates overdue occurrences and reminds of risk reviews, every workspace. */
  'obligations.sweep': Record<string, never>;
  'access.grant-expiry': { workspaceId: string; grantId: string; expiresAt: string };
  'access.sweep': Record<string, never>;
  /** Prepares an export archive or runs a verification (src/exit/runs.ts). */
  'exit.run': { workspaceId: string; runId: string };
  /** Queues yesterday's snapshot of every workspace (hourly; the claim makes each day run once). */
  'reviews.snapshot-sweep': Record<string, never>;
  /** One workspace's measures for one day (YYYY-MM-DD), with the backfill at its first snapshot. */
  'reviews.snapshot': { workspaceId: string; day: string };
  /** The living demo: months of history simulated through the services (src/simulation). */
  'simulation.history': { slug: string; workspaceId: string; buildId: string };
  /** One stored monitoring notification (alerts/process.ts). */
  'alerts.process': { workspaceId: string; notificationId: string };
  /** Stored inbound e-mail of one workspace (mail/process.ts): one, or the several stored together. */
  'mail.process': { workspaceId: string; messageId: string } | { workspaceId: string; messageIds: string[] };
  'database.analyze': Record<string, never>;
  'database.vacuum': Record<string, never>;
};

export type EnqueueOptions = {
  /** Run no earlier than this (a durable timer). */
  startAfter?: Date | undefined;
  /**
   * The job's identity (e.g. a clock, its threshold and due time). pg-boss enforces a key only on
   * queues with a singleton policy, and ours are `standard`: a key here de-duplicates nothing, so
   * every handler must be idempotent (each takes its own once-only claim in the database).
   */
  singletonKey?: string | undefined;
};

/** One job waiting to be enqueued (see Jobs.enqueueMany). */
export type QueuedJob = {
  [Q in QueueName]: { queue: Q; payload: JobPayloads[Q]; options?: EnqueueOptions | undefined };
}[QueueName];

export type Jobs = {
  /** Security/durability: the job commits or rolls back with the change that caused it. */
  enqueue<Q extends QueueName>(
    tx: Tx,
    queue: Q,
    payload: JobPayloads[Q],
    options?: EnqueueOptions,
  ): Promise<void>;
  /**
   * Several jobs, possibly of several queues, in one statement per queue (a batch's follow-up work):
   * the same rows, singleton keys and policies as one `enqueue` each, in the caller's transaction.
   */
  enqueueMany(tx: Tx, jobs: QueuedJob[]): Promise<void>;
  work<Q extends QueueName>(queue: Q, handler: (payload: JobPayloads[Q]) => Promise<void>): Promise<void>;
  /**
   * Like `work`, but the handler gets every job of one fetch (up to WORK_BATCH) at once, so it can do
   * their work in one transaction; they succeed or fail (and are retried) together.
   */
  workBatch<Q extends QueueName>(
    queue: Q,
    handler: (payloads: JobPayloads[Q][]) => Promise<void>,
  ): Promise<void>;
  /** The queue's effective retry policy (a handler can tell its last attempt). */
  policy(queue: QueueName): QueuePolicy;
  /** A durable cron schedule (one per queue; every instance may declare it, pg-boss keeps one). */
  schedule<Q extends QueueName>(queue: Q, cron: string, payload: JobPayloads[Q]): Promise<void>;
  /** The last error per queue since this process started (most recent first). */
  errors(): WorkerError[];
  /**
   * Runs every job that is due with the handlers given to `work`, the jobs those enqueue too, until
   * none is left; returns how many ran. Tests start the queue without polling and call this instead
   * of waiting (a job failing here is retried later, after its delay, like in production).
   */
  drain(): Promise<number>;
  stop(): Promise<void>;
  /**
   * History written on simulated time (src/simulation): notify() tells no one (months-old "breached"
   * or "paged" notices would fill the demo people's inboxes now). Only the simulation's queue sets it.
   */
  readonly quiet?: true;
};

export type JobsOptions = {
  logger?: Logger | undefined;
  /** Seconds between fetches of each worker. */
  pollingIntervalSeconds?: number;
  /** false: `work` only registers its handler and jobs run when `drain` is called (tests). */
  poll?: boolean;
  /** Tests shorten retry delays here. */
  policies?: Partial<Record<QueueName, Partial<QueuePolicy>>>;
};

/**
 * Durable background work in the application's own database (pg-boss). It runs as the
 * application role on both engines; the pgboss schema belongs to that role (migration 0007).
 */
const WORK_BATCH = 20;

const MAX_DRAIN_ROUNDS = 1_000;

export async function startJobs(
  db: Db,
  backend: 'pglite' | 'postgres',
  options: JobsOptions = {},
): Promise<Jobs> {
  const { logger, pollingIntervalSeconds = 2, poll = true, policies: policyOverrides = {} } = options;
  // Without polling nothing runs in the background: no maintenance, no cron (drain runs the jobs).
  const boss = new PgBoss({
    db,
    backend,
    schema: JOB_SCHEMA,
    createSchema: false,
    ...(poll ? {} : { supervise: false, schedule: false }),
  });
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
  // Each queue's handler takes one fetch of jobs and says how each went (a `work` handler runs
  // them one by one, a `workBatch` handler all together).
  type BatchRunner = (jobs: Job<unknown>[]) => Promise<JobResult[]>;
  const handlers = new Map<QueueName, BatchRunner>();

  const failure = (queue: QueueName, job: Job<unknown>, error: unknown) => {
    remember(queue, error);
    logger?.warn({ err: error, queue, jobId: job.id }, `job failed in ${queue}; it will be retried`);
    return {
      id: job.id,
      status: 'failed',
      output: { message: error instanceof Error ? error.message : String(error) },
    } as const satisfies JobResult;
  };

  /** One job through its handler; the outcome pg-boss records (a failure is retried later). */
  async function run(queue: QueueName, handler: (payload: never) => Promise<void>, job: Job<unknown>) {
    try {
      await handler(job.data as never);
      return { id: job.id, status: 'completed' } as const satisfies JobResult;
    } catch (error) {
      return failure(queue, job, error);
    }
  }

  const oneByOne =
    (queue: QueueName, handler: (payload: never) => Promise<void>): BatchRunner =>
    async (jobs) => {
      const results: JobResult[] = [];
      for (const job of jobs) results.push(await run(queue, handler, job));
      return results;
    };

  const together =
    (queue: QueueName, handler: (payloads: never[]) => Promise<void>): BatchRunner =>
    async (jobs) => {
      try {
        await handler(jobs.map((job) => job.data as never));
        return jobs.map((job) => ({ id: job.id, status: 'completed' }) as const satisfies JobResult);
      } catch (error) {
        return jobs.map((job) => failure(queue, job, error));
      }
    };

  async function register(queue: QueueName, runner: BatchRunner) {
    handlers.set(queue, runner);
    if (!poll) return;
    // Up to WORK_BATCH jobs per fetch, fetching again at once while batches come back full, so
    // a backlog (a burst of new tickets, each with its notification job) drains at the speed of
    // the handlers rather than one job per polling interval.
    await boss.work(
      queue,
      { pollingIntervalSeconds, batchSize: WORK_BATCH, burstWhenBatchFull: true, perJobResults: true },
      runner,
    );
  }

  return {
    async enqueue(tx, queue, payload, options = {}) {
      // Inside a batch, with its other jobs at its end (db/deferred.ts).
      const batch = deferredWrites();
      if (batch) {
        batch.jobs.push({ queue, payload, options } as QueuedJob);
        return;
      }
      await boss.send(queue, payload, {
        db: transactionJobsDb(tx),
        ...(options.startAfter && { startAfter: options.startAfter }),
        ...(options.singletonKey && { singletonKey: options.singletonKey }),
      });
    },
    async enqueueMany(tx, jobs) {
      const batch = deferredWrites();
      if (batch) {
        batch.jobs.push(...jobs);
        return;
      }
      const byQueue = new Map<QueueName, JobInsert[]>();
      for (const { queue, payload, options = {} } of jobs) {
        const list = byQueue.get(queue) ?? [];
        list.push({
          data: payload,
          ...(options.startAfter && { startAfter: options.startAfter }),
          ...(options.singletonKey && { singletonKey: options.singletonKey }),
        });
        byQueue.set(queue, list);
      }
      for (const [queue, list] of byQueue)
        await boss.insert(queue, list, { db: transactionJobsDb(tx, true) });
    },
    async work(queue, handler) {
      // Each job succeeds or fails alone.
      await register(queue, oneByOne(queue, handler as (payload: never) => Promise<void>));
    },
    async workBatch(queue, handler) {
      await register(queue, together(queue, handler as (payloads: never[]) => Promise<void>));
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
    async drain() {
      let total = 0;
      for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
        let ran = 0;
        for (const [queue, handler] of handlers) {
          const jobs = await boss.fetch<unknown>(queue, { batchSize: WORK_BATCH });
          if (jobs.length === 0) continue;
          for (const result of await handler(jobs)) {
            if (result.status === 'completed') await boss.complete(queue, result.id);
            else await boss.fail(queue, result.id, result.output);
          }
          ran += jobs.length;
        }
        if (ran === 0) return total;
        total += ran;
      }
      throw new Error(`jobs still queued after ${MAX_DRAIN_ROUNDS} rounds: a job keeps enqueueing another`);
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

/**
 * For writing history rather than making live changes (the demo seed, benchmark data): the follow-up
 * work a live change queues (notifications, SLA timers for tickets long closed) is deliberately not
 * queued. Chosen by name at each such call site; live code paths always get the running queue.
 */
export const HISTORY_ONLY_JOBS: Jobs = {
  async enqueue() {},
  async enqueueMany() {},
  async work() {},
  async workBatch() {},
  policy: (queue) => QUEUES[queue],
  async schedule() {},
  drain: async () => 0,
  errors: () => [],
  async stop() {},
};
