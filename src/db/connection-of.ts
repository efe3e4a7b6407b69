import pg from 'pg';

/**
 * The node-postgres connection under a drizzle transaction, or undefined on PGlite. Drizzle keeps it
 * on the transaction's session; reached only for what drizzle cannot do (a binary COPY, exit/bytes.ts)
 * or must not hide (whether a write was sent, db/pipeline.ts).
 */
export function pgConnectionOf(tx: object): pg.ClientBase | undefined {
  const client = (tx as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : undefined;
}

/** Whether the connection writes a statement without waiting for the answers before it (pg's Client reads this per call). */
export function setPipelining(connection: pg.ClientBase, on: boolean) {
  (connection as unknown as { pipeline: boolean }).pipeline = on;
}
