import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { readAhead } from './read-ahead.ts';
import { rowsOf } from './sql.ts';

/**
 * Reads a query in batches through a server-side cursor inside the export's transaction, so
 * memory holds two batches however large the workspace is. The next batch is fetched while
 * onRow handles this one (the database works while rows are written); onRow therefore must not
 * query `tx` itself.
 */
export async function forEachRow<T>(
  tx: Tx,
  query: SQL,
  onRow: (row: T) => Promise<void> | void,
  batchSize = 1000,
): Promise<number> {
  const name = `exit_${randomBytes(6).toString('hex')}`;
  await tx.execute(sql`declare ${sql.raw(name)} no scroll cursor for ${query}`);
  let count = 0;
  let last = batchSize;
  const fetches: Iterator<() => Promise<T[]>> = {
    next: () =>
      last < batchSize
        ? { done: true, value: undefined }
        : {
            done: false,
            value: async () => {
              const rows = await rowsOf<T>(tx, sql.raw(`fetch ${batchSize} from ${name}`));
              last = rows.length;
              return rows;
            },
          },
  };
  try {
    for await (const rows of readAhead(fetches)) {
      for (const row of rows) await onRow(row);
      count += rows.length;
    }
  } finally {
    await tx.execute(sql.raw(`close ${name}`));
  }
  return count;
}

/** A uuid as an SQL literal: checked, because cursor declarations are sent without parameters. */
export function uuidText(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new Error(`not a uuid: ${id}`);
  }
  return `'${id}'::uuid`;
}

export const uuidLiteral = (id: string): SQL => sql.raw(uuidText(id));
