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
