import type { Database, Tx } from '../db/client.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { Jobs } from '../jobs/queue.ts';

export type RequestMeta = {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  /** Set on create routes called with an Idempotency-Key header. */
  idempotency?: { key: string; requestHash: string; claimed: boolean } | undefined;
};

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
  /** The durable job queue, to enqueue follow-up work inside the change's transaction (absent in some tests). */
  jobs?: Jobs | undefined;
};

export const systemMeta = (source: string): RequestMeta => ({ ip: null, requestId: source, userAgent: null });
