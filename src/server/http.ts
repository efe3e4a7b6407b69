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

/** A workspace record addressed by its id (`/w/:workspace/…/:id`). */
export const IdParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });

/** A human key with an optional prefix (`ACME-42` or `42`, `PRB-4`) read as its number. */
export const keyNumber = (pattern: RegExp, message: string) =>
  z
    .string()
    .regex(pattern, message)
    .transform((k) => Number(k.split('-').pop()));

/** A ticket key such as ACME-42, or just 42 (the prefix is the workspace's own). */
export const TicketKeySchema = keyNumber(
  /^(?:[A-Za-z0-9]+-)?\d{1,9}$/,
  'is not a ticket key such as ACME-42',
);
export const TicketParamsSchema = WorkspaceParamsSchema.extend({ key: TicketKeySchema });

/** The response of a route that answers 204 (no body). */
export const NoContent = z.null();

/** `{ items: [...] }`, the shape of every plain list response. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** An id and a display name, as presenters attach them to references. */
export const NamedRef = z.object({ id: z.string(), name: z.string().nullable() });

/**
 * The `config` of a workspace route: the access rule and its policy action, typed from the area's
 * action union (`'<area>.<action>'`).
 */
export const workspaceRoute =
  <Area extends string, Action extends string>(area: Area) =>
  (action: Action, extra: { idempotent?: true } = {}) => ({
    access: 'workspace' as const,
    action: `${area}.${action}` as `${Area}.${Action}`,
    ...extra,
  });

/** A download's response: the file's own bytes and Content-Type, never serialized as JSON. */
export const FileDownload = z.unknown().describe('The file itself, with its own Content-Type.');
