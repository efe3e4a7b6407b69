import { z } from 'zod';
import { IMPORT_KINDS } from '../db/schema/imports.ts';
import type { IMPORT_FIELDS } from '../domain/imports.ts';
import { Timestamp } from '../server/http.ts';

/** About 60 MB of text: 100,000 tickets with their comments fit in one file. */
export const MAX_CSV_CHARS = 60_000_000;

export const ImportBodySchema = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  /** The file's text: a header line, then one record per line (RFC 4180 quoting). */
  csv: z.string().min(1, 'must not be empty').max(MAX_CSV_CHARS, 'must be at most 60,000,000 characters'),
  /** Target field → the file's column name; fields left out are looked up by their own name. */
  mapping: z.record(z.string().min(1).max(40), z.string().min(1).max(200)).default({}),
  /** Check every row and say what would happen; write nothing. */
  dryRun: z.boolean().default(true),
});
export type ImportBody = z.input<typeof ImportBodySchema>;

export const RowErrorSchema = z.object({
  /** 1 is the first line after the header; 0 is the file as a whole. */
  row: z.number().int(),
  field: z.string().nullable(),
  message: z.string(),
});

export const ImportReportSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  /** Rows read (after the header). */
  rows: z.number().int(),
  /** Records created (or, in a dry run, that would be). */
  created: z.number().int(),
  /** Comments added to new tickets (tickets only; 0 for other kinds). */
  comments: z.number().int(),
  /** Records of the file imported before (by their id in the other desk): left as they are. */
  alreadyImported: z.number().int(),
  errors: z.array(RowErrorSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** The fields a file of each kind maps its columns to (domain/imports.ts checks them). */
export type ImportFieldNames = {
  [K in keyof typeof IMPORT_FIELDS]: keyof z.input<(typeof IMPORT_FIELDS)[K]>;
};

/** The workspace's committed imports, newest first (from their audit events). */
export const ImportHistorySchema = z.object({
  items: z.array(
    z.object({
      at: Timestamp,
      kind: z.enum(IMPORT_KINDS),
      rows: z.number().int(),
      created: z.number().int(),
      comments: z.number().int(),
      alreadyImported: z.number().int(),
      /** Who committed it (their name), null when no longer known. */
      by: z.string().nullable(),
    }),
  ),
});
export type ImportHistory = z.infer<typeof ImportHistorySchema>;
