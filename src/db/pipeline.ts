import { pgConnectionOf } from './connection-of.ts';

/**
 * Writes a transaction sends without waiting for their answer (its audit event). On a connection
 * that pipelines (client.ts, inPooledTransaction) the next statement, or the COMMIT, follows at
 * once; the answers are checked before the transaction is reported committed, and a failed one
 * fails the transaction (PostgreSQL answers the COMMIT of an aborted transaction with ROLLBACK).
 */
type ConnectionState = { calls: number; pending: Promise<unknown>[] | undefined };

const states = new WeakMap<object, ConnectionState>();

/** Counts the statements a node-postgres connection is given: a write is known to be sent when the count moved. */
export function countStatementsSent(connection: { query: (...args: never[]) => unknown }) {
  const state: ConnectionState = { calls: 0, pending: undefined };
  states.set(connection, state);
  const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    state.calls += 1;
    return query(...args);
  };
}

/** From here until the transaction ends, writes may be sent without waiting (the connection pipelines). */
export function startPipelinedWrites(connection: object) {
  const state = states.get(connection);
  if (state) state.pending = [];
}

/** Ends the transaction's pipelined writes; resolves to the first one's failure, if any failed. */
export async function settlePipelinedWrites(connection: object): Promise<Error | undefined> {
  const state = states.get(connection);
  const pending = state?.pending ?? [];
  if (state) state.pending = undefined;
  for (const answer of pending) {
    const failure = await answer.then(
      () => undefined,
      (error: Error) => error,
    );
    if (failure) return failure;
  }
  return undefined;
}

/**
 * Runs a one-statement write. In a pipelining transaction (not a savepoint: a savepoint's caller may
 * handle the write's failure) it is sent and not awaited, as long as it was sent synchronously;
 * otherwise it is awaited as usual.
 */
export async function writeWithoutWaiting(tx: object, write: () => Promise<unknown>): Promise<void> {
  const connection = pgConnectionOf(tx);
  const state = connection ? states.get(connection) : undefined;
  if (!state?.pending || ((tx as { nestedIndex?: number }).nestedIndex ?? 0) > 0) {
    await write();
    return;
  }
  const before = state.calls;
  const answer = write();
  if (state.calls === before) {
    await answer;
    return;
  }
  // Checked when the transaction commits (settlePipelinedWrites); until then not an unhandled rejection.
  answer.catch(() => {});
  state.pending.push(answer);
}
