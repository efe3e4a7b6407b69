import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';

/** Rows of one statement on either engine (node-postgres and PGlite both answer `{ rows }`). */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A quoted SQL identifier (table and column names come from the catalog, never from input). */
export const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);
