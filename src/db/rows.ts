import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

/** The rows of a `tx.execute(sql`…`)` result: both drivers answer `{ rows }`. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A json or json_agg column: a driver may hand it over as text or already parsed. */
export const jsonOf = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Ids as one uuid[] parameter for `= any(...)` (drizzle would spread a JS array into a list of
 * parameters): the distinct non-null ones, as PostgreSQL's array text.
 */
export const uuidArray = (values: Iterable<string | null>) => sql`${uuidArrayLiteral(values)}::uuid[]`;

/** The same ids as the array's literal text (`{a,b}`), for a prebuilt statement's value (prebuilt.ts). */
export const uuidArrayLiteral = (values: Iterable<string | null>) =>
  `{${[...new Set([...values].filter((v): v is string => v !== null))].join(',')}}`;

/** A read that answers one row: its select, and how its columns become a value. */
export type OneRowRead<T> = { select: SQL; read(row: Record<string, unknown>): T };

/**
 * Several one-row reads as one statement (their selects cross-joined: one row of all their
 * columns, whose names must differ), when a use case needs them together: one round trip.
 */
export async function readTogether<T extends unknown[]>(
  tx: Tx,
  reads: { [K in keyof T]: OneRowRead<T[K]> },
): Promise<T> {
  const parts = reads.map((r, i) => sql`(${r.select}) ${sql.raw(`r${i}`)}`);
  const [row] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select * from ${sql.join(parts, sql` cross join `)}`),
  );
  return reads.map((r) => r.read(row ?? {})) as T;
}
