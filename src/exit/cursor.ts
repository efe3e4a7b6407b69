import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from './sql.ts';

/**
 * Reads a query in batches through a server-side cursor inside the export's transaction, so
 * memory holds one batch however large the workspace is.
 */
export async function forEachRow<T>(
  tx: Tx,
  query: SQL,
  onRow: (row: T) => Promise<void>,
  batchSize = 500,
): Promise<number> {
  const name = `exit_${randomBytes(6).toString('hex')}`;
  await tx.execute(sql`declare ${sql.raw(name)} no scroll cursor for ${query}`);
  let count = 0;
  try {
    for (;;) {
      const rows = await rowsOf<T>(tx, sql.raw(`fetch ${batchSize} from ${name}`));
      for (const row of rows) await onRow(row);
      count += rows.length;
      if (rows.length < batchSize) break;
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
