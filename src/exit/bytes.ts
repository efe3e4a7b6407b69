import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Tx } from '../db/client.ts';
import { ident, rowsOf } from './sql.ts';

/** Where one stored file lives in the export's snapshot: its row (by ctid) and column. */
export type ByteSource = { table: string; column: string; ctid: string };

/**
 * The node-postgres connection under a transaction, or undefined on PGlite. Drizzle keeps it on
 * the transaction's session; it is reached here only to ask for a binary result.
 */
function pgClientOf(tx: Tx): pg.ClientBase | undefined {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : undefined;
}

/**
 * Bytes of one stored file, or of the slice [offset, offset + length) of it. On PostgreSQL the
 * result is asked for in binary: in text, bytea arrives as a hex string twice the file's size
 * (encoded by the server, decoded here, then garbage), which was a fifth of the export's CPU.
 */
export async function readBytes(
  tx: Tx,
  source: ByteSource,
  slice?: { offset: number; length: number },
): Promise<Buffer> {
  const column = `"${source.column.replaceAll('"', '""')}"`;
  const table = `"${source.table.replaceAll('"', '""')}"`;
  const client = pgClientOf(tx);
  if (client) {
    const text = slice
      ? `select substring(${column} from $2 for $3) as content from ${table} where ctid = $1::tid`
      : `select ${column} as content from ${table} where ctid = $1::tid`;
    const values = slice ? [source.ctid, slice.offset + 1, slice.length] : [source.ctid];
    const result = await client.query<{ content: Buffer }>({ text, values, binary: true } as pg.QueryConfig);
    const content = result.rows[0]?.content;
    if (!content) throw new Error(`${source.table}.${source.column} at ${source.ctid} is gone`);
    return content;
  }
  const [found] = await rowsOf<{ content: Uint8Array }>(
    tx,
    slice
      ? sql`select substring(${ident(source.column)} from ${slice.offset + 1} for ${slice.length}) as content
            from ${ident(source.table)} where ctid = ${source.ctid}::tid`
      : sql`select ${ident(source.column)} as content from ${ident(source.table)} where ctid = ${source.ctid}::tid`,
  );
  if (!found?.content) throw new Error(`${source.table}.${source.column} at ${source.ctid} is gone`);
  return Buffer.from(found.content.buffer, found.content.byteOffset, found.content.byteLength);
}
