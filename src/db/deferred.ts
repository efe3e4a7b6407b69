import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Writes a batch transaction collects and makes at its end, one statement per kind instead of one
 * per item: audit events (audit/record.ts) and queued jobs (jobs/queue.ts). The writers check for an
 * open batch themselves, so the services a batch calls (createTicket, notify, SLA clocks) stay as
 * they are. Everything is still written inside the batch's own transaction, before it commits.
 */
export type DeferredWrites = { audits: unknown[]; jobs: unknown[] };

const open = new AsyncLocalStorage<DeferredWrites>();

/** The batch collecting this call's writes, if any. */
export const deferredWrites = (): DeferredWrites | undefined => open.getStore();

/**
 * Runs fn collecting its audit events and jobs, then hands them to flush (which must write them in
 * the same transaction). Nothing is kept when fn fails: the transaction rolls back anyway.
 */
export async function withDeferredWrites<T>(
  fn: () => Promise<T>,
  flush: (writes: DeferredWrites) => Promise<void>,
): Promise<T> {
  const writes: DeferredWrites = { audits: [], jobs: [] };
  const result = await open.run(writes, fn);
  // Outside the batch's storage: the flush's own writes go to the database.
  await open.exit(() => flush(writes));
  return result;
}

/**
 * For a savepoint (a nested transaction): when fn fails, the writes it collected are dropped with
 * the rows its savepoint rolls back, and the batch goes on without them.
 */
export async function dropDeferredOnFailure<T>(fn: () => Promise<T>): Promise<T> {
  const writes = open.getStore();
  if (!writes) return fn();
  const marks = { audits: writes.audits.length, jobs: writes.jobs.length };
  try {
    return await fn();
  } catch (error) {
    writes.audits.length = marks.audits;
    writes.jobs.length = marks.jobs;
    throw error;
  }
}
