import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, DatabaseHandle, Tx } from '../db/client.ts';
import type { Lookups } from '../db/lookups.ts';
import type { RequestMeta, WorkspaceActor } from '../domain/actor.ts';
import type { Jobs } from '../jobs/queue.ts';
import type { SecretKeySource } from './secret-key.ts';

// Declared in domain/actor.ts (db/tenant.ts needs it too, and db sits below server).
export type { RequestMeta };

/** What a service needs to act for someone outside a workspace (account-level work). */
export type AccountContext = { db: Database; accountId: string; isAdmin: boolean; meta: RequestMeta };

/** Queues an e-mail inside the caller's transaction; absent when no mail server is configured. */
export type Mailer = { send(tx: Tx, message: { to: string; subject: string; text: string }): Promise<void> };

/** What a service needs to act inside one workspace. */
export type WorkspaceContext = {
  db: Database;
  actor: WorkspaceActor;
  meta: RequestMeta;
  mailer?: Mailer | undefined;
  /** The durable job queue, to enqueue follow-up work inside the change's transaction. */
  jobs: Jobs;
  /**
   * The time a service writes into the records it creates and changes; absent, the real clock.
   * The simulation (src/simulation) runs the same services on simulated days through it.
   */
  clock?: (() => Date) | undefined;
  /** A batch transaction's reference data, read once for all its items (db/lookups.ts). */
  lookups?: Lookups | undefined;
};

/** The context's time (simulated when it carries a clock). */
export const nowOf = (ctx: { clock?: (() => Date) | undefined }): Date => ctx.clock?.() ?? new Date();

/**
 * The same context working inside an open transaction: a service given it joins that transaction
 * (its own withScopedTx becomes a savepoint), so a caller's several steps commit or roll back together.
 */
export const inTransaction = <C extends { db: Database }>(ctx: C, tx: Tx): C => ({
  ...ctx,
  db: tx as unknown as Database,
});

export const systemMeta = (source: string): RequestMeta => ({ ip: null, requestId: source, userAgent: null });

/** What the app is built from (cli/serve.ts and the test app pass it to buildApp). */
export type AppDeps = {
  config: Config;
  database: DatabaseHandle;
  secretKey: Buffer;
  /** Where the key came from, for the refusal message (default: TANDEM_SECRET_KEY). */
  secretKeySource?: SecretKeySource | undefined;
  logger?: Logger | undefined;
  /** The durable job queue (always running; tests start it without polling and drain it). */
  jobs: Jobs;
};
