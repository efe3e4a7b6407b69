import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MFA_STATES, PRIVILEGE_TIERS } from './access.ts';
import { ROLES } from './actor.ts';
import { CRITICALITIES, SYSTEM_KINDS } from './systems.ts';
import { PRIORITIES, TICKET_STATUSES } from './tickets.ts';

/** One problem with one row of the file (row 1 is the first line after the header). */
export type RowError = { row: number; field: string | null; message: string };

/**
 * Rows a file may hold: tickets go through the bulk path (set-based inserts, bench/import-speed.ts);
 * the other kinds go record by record through their areas' services (mail, versions, checks).
 */
export const MAX_IMPORT_ROWS = { tickets: 200_000, other: 5_000 } as const;
export const maxRowsOf = (kind: string) =>
  kind === 'tickets' ? MAX_IMPORT_ROWS.tickets : MAX_IMPORT_ROWS.other;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'must not be empty');
const optional = (max: number) =>
  text(max)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v));
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
const email = text(320)
  .toLowerCase()
  .pipe(z.email({ error: 'must be an e-mail address' }));
const optionalEmail = optional(320).pipe(z.email({ error: 'must be an e-mail address' }).optional());
/** A calendar day (2027-03-31), or empty; 2027-02-30 is refused. */
const isDay = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
};
const optionalDay = optional(10).pipe(
  z.string().refine(isDay, 'must be a date such as 2027-03-31').optional(),
);

/** 2026-03-31, or 2026-03-31T14:05, 2026-03-31 14:05:09, with Z or ±hh:mm (none: UTC). */
const MOMENT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The instant a date or date-and-time of another desk names, or null when it names none. */
export function parseMoment(value: string): Date | null {
  const m = MOMENT.exec(value.trim());
  if (!m || !isDay(m[1]!)) return null;
  const [, day, hh = '00', mm = '00', ss = '00', zone = 'Z'] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const t = Date.parse(`${day}T${hh}:${mm}:${ss}${offset}`);
  return Number.isNaN(t) ? null : new Date(t);
}

/** Dates of history may not lie ahead (a day's slack for time zones). */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;
const optionalMoment = optional(40).pipe(
  z
    .string()
    .refine(
      (v) => parseMoment(v) !== null,
      'must be a date or date and time such as 2026-03-31 or 2026-03-31T14:05Z',
    )
    .transform((v) => parseMoment(v)!)
    .refine((d) => d.getTime() <= Date.now() + FUTURE_SLACK_MS, 'must not be in the future')
    .optional(),
);
const DONE_STATUSES: readonly string[] = ['resolved', 'closed'];

/**
 * What each kind of record needs from a row, by target field. `externalId` is the record's id in
 * the desk it comes from: the same id again is the same record (a re-run imports nothing twice).
 */
export const IMPORT_FIELDS = {
  tickets: z
    .object({
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
      /** Where the ticket stood in the other desk (default new). */
      status: optional(30).pipe(oneOf(TICKET_STATUSES).optional()),
      /** When it was opened there (default: the import's time). */
      createdAt: optionalMoment,
      /** When it was resolved (resolved or closed tickets only; default their latest known date). */
      resolvedAt: optionalMoment,
      /** When this row's comment was written (default: the import's time, in file order). */
      commentedAt: optionalMoment,
    })
    .superRefine((t, ctx) => {
      if (t.resolvedAt && !DONE_STATUSES.includes(t.status ?? 'new'))
        ctx.addIssue({
          code: 'custom',
          path: ['resolvedAt'],
          message: `is only for a resolved or closed ticket (status is ${t.status ?? 'new'})`,
        });
      if (t.resolvedAt && t.createdAt && t.resolvedAt < t.createdAt)
        ctx.addIssue({ code: 'custom', path: ['resolvedAt'], message: 'must not be before createdAt' });
      if (t.commentedAt && !t.comment)
        ctx.addIssue({
          code: 'custom',
          path: ['commentedAt'],
          message: 'dates a comment, but the row has none',
        });
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
  /** Knowledge articles arrive as drafts, owned by the importer's party unless `owner` names one. */
  articles: z.object({
    externalId: required(200),
    title: required(200),
    /** how_to, runbook, recovery_procedure, … (checked against the knowledge area's list). */
    type: required(40),
    summary: optional(500),
    body: optional(100_000),
    /** public or staff (default staff). */
    visibility: optional(10),
    /** The owning party's name. */
    owner: optional(200),
    reviewDueOn: optionalDay,
  }),
  /** People to invite: the e-mail address is the record's id (the same address twice is one). */
  invitations: z.object({
    email,
    role: required(20).pipe(oneOf(ROLES)),
    /** The party's name; empty for requesters. */
    party: optional(200),
  }),
  /** Privileged accounts for the access register. */
  accounts: z.object({
    externalId: required(200),
    /** The system's name. */
    system: required(200),
    accountName: required(200),
    tier: required(20).pipe(oneOf(PRIVILEGE_TIERS)),
    /** The holder's e-mail (staff of a party); empty for a shared or service account. */
    holder: optionalEmail,
    mfa: optional(10).pipe(oneOf(MFA_STATES).optional()),
    expiresOn: optionalDay,
    notes: optional(2000),
  }),
} as const;
export type ImportTarget = keyof typeof IMPORT_FIELDS;
export type ImportRow<K extends ImportTarget> = z.output<(typeof IMPORT_FIELDS)[K]> & { row: number };

/** The record's id in the desk it comes from (an invitation's is its e-mail address). */
export const externalIdOf = (row: { externalId: string } | { email: string }) =>
  'externalId' in row ? row.externalId : row.email;

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
  const maxRows = maxRowsOf(kind);
  if (body.length > maxRows)
    errors.push({
      row: 0,
      field: null,
      message: `The file has ${body.length.toLocaleString('en')} rows; at most ${maxRows.toLocaleString('en')} rows of ${kind} at a time.`,
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
