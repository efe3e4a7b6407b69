import { Invalid } from './errors.ts';
import { textProblem } from './text-guard.ts';

/** Opaque keyset cursors: the sort key of the last row seen, base64url-encoded JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What each position of a cursor holds; a decoded value is checked against it before it reaches SQL. */
export type CursorPart = 'timestamp' | 'uuid' | 'integer' | 'text';
type PartValue<P extends CursorPart> = P extends 'integer' ? number : string;
export type CursorValues<P extends readonly CursorPart[]> = { [K in keyof P]: PartValue<P[K]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const fits: Record<CursorPart, (value: unknown) => boolean> = {
  // Issued by toISOString(), so a genuine one survives the round trip (2026-02-31 does not).
  timestamp: (v) =>
    typeof v === 'string' &&
    ISO_INSTANT.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    new Date(v).toISOString() === v,
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0,
  text: (v) => typeof v === 'string' && v.length <= 300 && textProblem(v) === null,
};

/**
 * The values of a cursor this server issued, one per part; anything else (edited, truncated,
 * wrong types) is refused with 400 naming the cursor, never passed on to the database.
 */
export function decodeCursor<const P extends readonly CursorPart[]>(
  cursor: string | undefined,
  parts: P,
): CursorValues<P> | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === parts.length && parts.every((p, i) => fits[p](values[i])))
      return values as CursorValues<P>;
  } catch {
    // fall through to the refusal below
  }
  throw new Invalid('cursor is not one this server issued; start again without it.', 'querystring.cursor');
}

export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
