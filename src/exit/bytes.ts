import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Tx } from '../db/client.ts';
import { pgConnectionOf } from '../db/connection-of.ts';
import { ident, rowsOf } from './sql.ts';

/** Where one stored file lives in the export's snapshot: its row (by ctid) and column. */
export type ByteSource = { table: string; column: string; ctid: string };

/** Binary COPY's file header: signature, flags, header extension length (then the extension). */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The one bytea field of a binary COPY of one row: after the header, a tuple is a 16-bit field
 * count and, per field, a 32-bit length and the bytes (PostgreSQL's COPY documentation).
 */
export function fieldOfBinaryCopy(copy: Buffer): Buffer {
  if (copy.length < 19 || !copy.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('not a binary COPY');
  let at = 15;
  at += 4 + copy.readUInt32BE(at);
  if (copy.readInt16BE(at) !== 1) throw new Error('expected one row of one field');
  const length = copy.readInt32BE(at + 2);
  if (length < 0) throw new Error('the field is null');
  return copy.subarray(at + 6, at + 6 + length);
}

/**
 * A `COPY … TO STDOUT (FORMAT binary)` run on a node-postgres connection, handed the raw bytes:
 * node-postgres has no binary results (its `binary` option decodes each field as UTF-8 text
 * first, which mangles bytes), and in text bytea arrives as hex, twice the file's size, which
 * made a fifth of the export's CPU (garbage collection). Implements node-postgres' "submittable"
 * interface (what pg-copy-streams uses), which hands it the protocol messages.
 */
class BinaryCopy {
  private readonly chunks: Buffer[] = [];
  private error: Error | undefined;
  callback?: (error: Error | null, result?: Buffer) => void;

  constructor(private readonly text: string) {}

  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }) {
    // A copy: the chunk is a view of the parser's buffer, which it reuses for later messages.
    this.chunks.push(Buffer.from(message.chunk));
  }

  handleError(error: Error) {
    this.error = error;
  }

  handleReadyForQuery() {
    if (this.error) this.callback?.(this.error);
    else this.callback?.(null, this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks));
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyInResponse() {}
}

const copyOut = (client: pg.ClientBase, text: string) =>
  new Promise<Buffer>((resolve, reject) => {
    const copy = new BinaryCopy(text);
    copy.callback = (error, result) => (error ? reject(error) : resolve(result!));
    (client as unknown as { query(submittable: BinaryCopy): void }).query(copy);
  });

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Bytes of one stored file, or of the slice [offset, offset + length) of it (large files are
 * read in slices so memory does not grow with a file's size).
 */
export async function readBytes(
  tx: Tx,
  source: ByteSource,
  slice?: { offset: number; length: number },
): Promise<Buffer> {
  const client = pgConnectionOf(tx);
  if (client) {
    // COPY takes no parameters: the ctid is checked, the names come from the catalog.
    if (!/^\(\d+,\d+\)$/.test(source.ctid)) throw new Error(`not a ctid: ${source.ctid}`);
    const value = slice
      ? `substring(${quoted(source.column)} from ${slice.offset + 1} for ${slice.length})`
      : quoted(source.column);
    const copy = await copyOut(
      client,
      `copy (select ${value} from ${quoted(source.table)} where ctid = '${source.ctid}'::tid) to stdout (format binary)`,
    );
    return fieldOfBinaryCopy(copy);
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
