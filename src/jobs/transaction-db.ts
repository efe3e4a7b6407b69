import { sql } from 'drizzle-orm';
import { type Db, fromDrizzle } from 'pg-boss';
import type { Tx } from '../db/client.ts';
import { pgConnectionOf } from '../db/connection-of.ts';
import { writeWithoutWaiting } from '../db/pipeline.ts';

/**
 * pg-boss's statements in the caller's transaction. On PostgreSQL they go straight to the
 * transaction's node-postgres connection: pg-boss's SQL is already numbered `$1…`, and drizzle's
 * rebuilding of it (pg-boss's `fromDrizzle`) cost more server time than the insert itself. With
 * `unanswered`, the statement is one whose answer nobody reads (an insert without `returnId`), so in
 * a pipelining transaction it is sent without waiting and checked at COMMIT (db/pipeline.ts). PGlite
 * has no connection of its own: drizzle runs the statement there.
 */
export function transactionJobsDb(tx: Tx, unanswered = false): Db {
  const connection = pgConnectionOf(tx);
  if (!connection) return fromDrizzle(tx as never, sql as never);
  return {
    async executeSql(text: string, values?: unknown[]) {
      // As a config object, so that the connection prepares it once (client.ts, prepareByText).
      const send = () => connection.query({ text }, values);
      if (!unanswered) return { rows: (await send()).rows };
      await writeWithoutWaiting(tx, send);
      return { rows: [] };
    },
  };
}
