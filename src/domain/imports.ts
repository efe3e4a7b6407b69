import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { CRITICALITIES, SYSTEM_KINDS } from './systems.ts';
import { PRIORITIES } from './tickets.ts';

/** One problem with one row of the file (row 1 is the first line after the header). */
export type RowError = { row: number; field: string | null; message: string };

export const MAX_IMPORT_ROWS = 10_000;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'must not be empty');
const optional = (max: number) =>
  text(max)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v));

/**
 * What each kind of record needs from a row, by target field. `externalId` is the record's id in
 * the desk it comes from: the same id again is the same record (a re-run imports nothing twice).
 */
export const IMPORT_FIELDS = {
  tickets: z.object({
    externalId: required(200),
    subject: required(200),
    description: optional(20_000),
    /** The service's name on the responsibility map. */
    service: required(200),
    /** The requester's e-mail (a member of the workspace); empty: the person importing. */
    requester: optional(320),
    priority: optional(2).pipe(z.enum(PRIORITIES, { error: 'must be P1, P2, P3 or P4' }).optional()),
    /** One comment per row: rows with the same externalId add their comments to one ticket, in order. */
    comment: optional(20_000),
  }),
  systems: z.object({
    externalId: required(200),
    name: required(200),
    kind: required(40).pipe(z.enum(SYSTEM_KINDS, { error: `must be one of ${SYSTEM_KINDS.join(', ')}` })),
    criticality: required(20).pipe(
      z.enum(CRITICALITIES, { error: `must be one of ${CRITICALITIES.join(', ')}` }),
    ),
    service: optional(200),
    description: optional(5000),
  }),
} as const;
export type ImportTarget = keyof typeof IMPORT_FIELDS;
export type ImportRow<K extends ImportTarget> = z.output<(typeof IMPORT_FIELDS)[K]> & { row: number };

/**
 * Reads the CSV (a header line, then records) and maps its columns to the target fields:
 * `mapping[field]` names the column (default: the field's own name). Each row is checked on its
 * own; every problem is listed, none stops the others.
 */
export function readImportFile<K extends ImportTarget>(
  kind: K,
  csv: string,
  mapping: Partial<Record<string, string>> = {},
): { rows: ImportRow<K>[]; errors: RowError[]; count: number } {
  const schema = IMPORT_FIELDS[kind];
  const fields = Object.keys(schema.shape);
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });
  } catch (error) {
    return {
      rows: [],
      errors: [{ row: 0, field: null, message: `Not a readable CSV file: ${(error as Error).message}` }],
      count: 0,
    };
  }
  const [header, ...body] = records;
  if (!header)
    return { rows: [], errors: [{ row: 0, field: null, message: 'The file is empty.' }], count: 0 };
  const errors: RowError[] = [];
  const unknownMapping = Object.keys(mapping).filter((f) => !fields.includes(f));
  for (const field of unknownMapping)
    errors.push({ row: 0, field, message: `is not a field of ${kind} (fields: ${fields.join(', ')})` });
  const columnOf = new Map<string, number>();
  for (const field of fields) {
    const column = mapping[field] ?? field;
    const index = header.findIndex((h) => h.trim().toLowerCase() === column.trim().toLowerCase());
    if (index >= 0) columnOf.set(field, index);
    else if (mapping[field] !== undefined)
      errors.push({
        row: 0,
        field,
        message: `is mapped to the column "${column}", which the file does not have`,
      });
    else if (!(schema.shape as Record<string, z.ZodType>)[field]!.safeParse(undefined).success)
      errors.push({ row: 0, field, message: `has no column "${column}" in the file (map it to one)` });
  }
  if (body.length > MAX_IMPORT_ROWS)
    errors.push({
      row: 0,
      field: null,
      message: `The file has ${body.length} rows; at most ${MAX_IMPORT_ROWS} at a time.`,
    });
  if (errors.length > 0) return { rows: [], errors, count: body.length };
  const rows: ImportRow<K>[] = [];
  body.forEach((record, i) => {
    const row = i + 1;
    const raw = Object.fromEntries([...columnOf].map(([field, index]) => [field, record[index] ?? '']));
    const parsed = schema.safeParse(raw);
    if (parsed.success) rows.push({ ...(parsed.data as z.output<(typeof IMPORT_FIELDS)[K]>), row });
    else
      for (const issue of parsed.error.issues)
        errors.push({ row, field: issue.path.map(String).join('.') || null, message: issue.message });
  });
  return { rows, errors, count: body.length };
}
