import { z } from 'zod';

/** Shared HTTP pieces every area's routes use; no area imports another area's routes. */

export const WorkspaceParamsSchema = z.strictObject({ workspace: z.string().min(1).max(100) });

/** A comma-separated query list of known values (`?status=new,triaged`). */
export const csvEnumList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

/** Response timestamps: presenters return Dates; the serializer writes ISO 8601 strings. */
export const Timestamp = z.date();

/**
 * What a response schema's value looks like after JSON: the web app's view of a contract type
 * (`Wire<z.output<typeof XSchema>>`), so Dates arrive as strings.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

const DATE_FORMAT = 'a date such as 2026-03-31 or an instant such as 2026-03-31T09:00:00Z';
const ISO_DATE_OR_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A date in a query string (ISO 8601 day or instant); a missing or malformed one is refused
 * naming the format (z.coerce.date() said "expected date, received Date").
 */
export const QueryDate = z
  .string({
    error: (issue) => (issue.input === undefined ? `is required: ${DATE_FORMAT}` : `must be ${DATE_FORMAT}`),
  })
  .regex(ISO_DATE_OR_INSTANT, `must be ${DATE_FORMAT}`)
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), `is not a real date; give ${DATE_FORMAT}`);
