import { z } from 'zod';
import { PARTY_KINDS } from '../domain/actor.ts';
import { NotFound } from './errors.ts';

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

/** The body of an action that takes no input: nothing, or `{}`; any field is refused by name. */
export const EmptyBodySchema = z.strictObject({}).optional();
/** A redirect (302): the Location header says where; there is no body. */
export const Redirect = z.undefined().describe('A redirect: the Location header says where.');

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

const TICKET_KEY = /^(?:([A-Za-z0-9]+)-)?(\d{1,9})$/;

/** A ticket key as written (`ACME-42`, or just `42`): its prefix is checked where the ticket is looked up. */
export type TicketKey = { text: string; prefix: string | null; number: number };

export function parseTicketKey(text: string): TicketKey | null {
  const match = TICKET_KEY.exec(text);
  return match ? { text, prefix: match[1]?.toUpperCase() ?? null, number: Number(match[2]) } : null;
}

/** The one ticket key schema for params, queries and bodies (every area's routes use it). */
export const TicketKeySchema = z
  .string()
  .regex(TICKET_KEY, 'is not a ticket key such as ACME-42')
  .transform((text) => parseTicketKey(text)!);

/** The key's number in a workspace with this prefix, or null when the key is another workspace's. */
export function ticketNumberIn(key: TicketKey, ticketPrefix: string): number | null {
  return key.prefix === null || key.prefix === ticketPrefix.toUpperCase() ? key.number : null;
}

/**
 * The ticket number a key names in the actor's workspace. Security: a key with another
 * workspace's prefix (`BRAMBL-3` in Acme) names no ticket here and answers 404, exactly like a
 * number that does not exist, instead of reaching `ACME-3`.
 */
export function ticketNumberOf(actor: { ticketPrefix: string } | null, key: TicketKey): number {
  if (!actor) throw new Error('ticket key read outside a workspace route');
  const number = ticketNumberIn(key, actor.ticketPrefix);
  if (number === null) throw new NotFound(`No ticket ${key.text} in this workspace.`);
  return number;
}

/** A workspace record addressed by its id (`/w/:workspace/…/:id`). */
export const IdParamsSchema = WorkspaceIdParamsSchema;

/** A human key with an optional prefix (`ACME-42` or `42`, `PRB-4`) read as its number. */
export const keyNumber = (pattern: RegExp, message: string) =>
  z
    .string()
    .regex(pattern, message)
    .transform((k) => Number(k.split('-').pop()));

export const TicketParamsSchema = WorkspaceParamsSchema.extend({ key: TicketKeySchema });

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

/** A party's kind in responses (internal or provider), shared by every area's contract. */
export const PartyKindSchema = z.enum(PARTY_KINDS);
