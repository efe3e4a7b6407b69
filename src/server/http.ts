import { z } from 'zod';

/** Shared HTTP pieces every area's contract uses; no area imports another area's routes. */

export const WorkspaceParamsSchema = z.strictObject({ workspace: z.string().min(1).max(100) });

/** `/w/:workspace/<things>/:id` where the id is a uuid. */
export const WorkspaceIdParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });

/** A comma-separated query list of known values (`?status=new,triaged`). */
export const csvEnumList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

/** Keyset paging in a query string: `?limit=50&cursor=…` (the cursor is opaque, from `nextCursor`). */
export const cursorQuery = (defaultLimit = 50, maxLimit = 200) => ({
  limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  cursor: z.string().max(500).optional(),
});

/** Response timestamps: presenters return Dates; the serializer writes ISO 8601 strings. */
export const Timestamp = z.date().meta({ example: '2026-03-02T09:30:00.000Z' });

/** One page of a keyset-paged list. */
export const PageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A whole (short) list. */
export const ItemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** 204: the body is empty. */
export const NoContent = z.undefined().describe('No content');

/** Every 4xx and 5xx answer (error-handler.ts); `details` lists each bad field for a 400. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string().meta({ example: 'VALIDATION_FAILED' }),
    message: z.string().meta({ example: 'body.title: must not be empty' }),
    details: z.unknown().optional(),
  }),
});

/** What each area's `abilities` look like on the wire: the action names of its policy, each true or false. */
export type AbilitiesOf<A extends string> = Record<A, boolean>;

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
