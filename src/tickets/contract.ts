import { z } from 'zod';
import { COMMENT_VISIBILITIES } from '../db/schema/tickets.ts';
import { LEVELS, PRIORITIES, TICKET_STATUSES } from '../domain/tickets.ts';
import {
  csvEnumList,
  cursorQuery,
  ItemsSchema,
  PageSchema,
  PartyKindSchema,
  QueryDate,
  TicketKeySchema,
  Timestamp,
  WorkspaceIdParamsSchema,
  WorkspaceParamsSchema,
} from '../server/http.ts';

export const QUEUES = ['mine', 'lane', 'joint', 'all', 'requested'] as const;
export const SORTS = ['updated', 'created', 'priority', 'sla_due'] as const;
export const LINK_KINDS = ['relates_to', 'duplicates', 'caused_by'] as const;

export const TicketParamsSchema = WorkspaceParamsSchema.extend({ key: TicketKeySchema });
export const TicketLinkParamsSchema = TicketParamsSchema.extend({ other: TicketKeySchema });
export const TicketWatcherParamsSchema = TicketParamsSchema.extend({ partyId: z.uuid() });
export const AttachmentParamsSchema = TicketParamsSchema.extend({ id: z.uuid() });
export const ViewParamsSchema = WorkspaceIdParamsSchema;

export const TicketListQuerySchema = z.strictObject({
  queue: z.enum(QUEUES).default('all'),
  status: csvEnumList(TICKET_STATUSES).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  priority: csvEnumList(PRIORITIES).optional(),
  serviceId: z.uuid().optional(),
  lane: z.union([z.uuid(), z.literal('joint')]).optional(),
  assignee: z.union([z.uuid(), z.literal('none')]).optional(),
  createdAfter: QueryDate.optional(),
  createdBefore: QueryDate.optional(),
  sort: z.enum(SORTS).default('updated'),
  ...cursorQuery(50, 200),
});
export const CreateTicketBodySchema = z.strictObject({
  catalogueItemId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  subject: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(100_000, 'must be at most 100,000 characters').default(''),
  impact: z.enum(LEVELS).optional(),
  urgency: z.enum(LEVELS).optional(),
  fieldValues: z.record(z.string().max(100), z.unknown()).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  requesterMembershipId: z.uuid().optional(),
});
export const UpdateTicketBodySchema = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(TICKET_STATUSES).optional(),
  impact: z.enum(LEVELS).optional(),
  urgency: z.enum(LEVELS).optional(),
  assigneeMembershipId: z.uuid().nullable().optional(),
  category: z.string().trim().min(1).max(100).nullable().optional(),
});
export const HandoffBodySchema = z.strictObject({
  version: z.number().int().positive(),
  toPartyId: z.uuid().nullable(),
  reason: z.string().trim().min(1, 'say why the ticket moves').max(2000),
});
export const CommentBodySchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(100_000, 'must be at most 100,000 characters'),
  visibility: z.enum(COMMENT_VISIBILITIES).optional(),
});
export const RateBodySchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
export const TimeBodySchema = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  note: z.string().trim().max(2000).optional(),
  spentOn: z.coerce.date().optional(),
});
export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const TimeQuerySchema = z.strictObject({ from: QueryDate, to: QueryDate });
export const BulkBodySchema = z
  .strictObject({
    keys: z.array(TicketKeySchema).min(1).max(100),
    status: z.enum(TICKET_STATUSES).optional(),
    assigneeMembershipId: z.uuid().nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.assigneeMembershipId !== undefined, {
    message: 'send a status, an assigneeMembershipId, or both',
    path: ['status'],
  });
export const ViewBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  filters: z
    .record(z.string().max(50), z.union([z.string().max(300), z.number(), z.boolean()]))
    .refine((f) => Object.keys(f).length <= 20, 'at most 20 filters'),
});
export const LinkBodySchema = z.strictObject({
  ticket: TicketKeySchema,
  kind: z.enum(LINK_KINDS).default('relates_to'),
});
export const WatcherBodySchema = z.strictObject({ partyId: z.uuid() });
export const QueueQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const UploadQuerySchema = z.strictObject({
  filename: z.string().min(1).max(300),
  commentId: z.uuid().optional(),
});

// ---------- responses ----------

export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export const PrioritySchema = z.enum(PRIORITIES);
export const LevelSchema = z.enum(LEVELS);
export const CommentVisibilitySchema = z.enum(COMMENT_VISIBILITIES);

export const LaneSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('party'), partyId: z.string(), name: z.string().nullable() }),
  z.object({ kind: z.literal('joint') }),
]);

export const TicketSummarySchema = z.object({
  id: z.string(),
  key: z.string().meta({ example: 'ACME-1042' }),
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  service: z.object({ id: z.string(), name: z.string().nullable() }),
  lane: LaneSchema,
  assignee: z.object({ membershipId: z.string(), name: z.string().nullable() }).nullable(),
  handoffCount: z.number().int(),
  bouncing: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type TicketSummary = z.output<typeof TicketSummarySchema>;

export const TicketAbilitiesSchema = z.object({
  comment: z.boolean(),
  commentInternal: z.boolean(),
  update: z.boolean(),
  assign: z.boolean(),
  handOff: z.boolean(),
  logTime: z.boolean(),
  watch: z.boolean(),
  rate: z.boolean(),
  reopen: z.boolean(),
  nextStatuses: z.array(TicketStatusSchema),
});
export type TicketAbilities = z.output<typeof TicketAbilitiesSchema>;

export const TicketSchema = TicketSummarySchema.extend({
  description: z.string(),
  fieldValues: z.record(z.string(), z.unknown()),
  catalogueItemId: z.string().nullable(),
  category: z.string().nullable(),
  impact: LevelSchema,
  urgency: LevelSchema,
  requester: z.object({ membershipId: z.string(), name: z.string().nullable() }),
  /** Staff only; null for requesters. */
  routingReason: z.string().nullable(),
  minutesSpent: z.number().int().nullable(),
  firstResponseAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  abilities: TicketAbilitiesSchema,
});
export type Ticket = z.output<typeof TicketSchema>;

const PersonInPartySchema = z.object({
  membershipId: z.string(),
  name: z.string().nullable(),
  partyId: z.string().nullable(),
  partyName: z.string().nullable(),
});

export const TicketCommentSchema = z.object({
  id: z.string(),
  body: z.string(),
  visibility: CommentVisibilitySchema,
  /** The party a party-only note belongs to. */
  partyId: z.string().nullable(),
  /** A requester's reply has no party. */
  author: PersonInPartySchema,
  createdAt: Timestamp,
});
export type TicketComment = z.output<typeof TicketCommentSchema>;

export const TicketHandoffSchema = z.object({
  id: z.string(),
  fromPartyId: z.string().nullable(),
  toPartyId: z.string().nullable(),
  reason: z.string(),
  /** Who made the handoff, and the party they were in when the page loaded. */
  by: PersonInPartySchema,
  createdAt: Timestamp,
});
export type TicketHandoff = z.output<typeof TicketHandoffSchema>;

export const TicketWatcherSchema = z.object({
  partyId: z.string(),
  name: z.string(),
  kind: PartyKindSchema,
  /** Added by routing (Informed) or by a handoff, rather than by a person. */
  automatic: z.boolean(),
});
export type TicketWatcher = z.output<typeof TicketWatcherSchema>;

export const TicketDetailSchema = z.object({
  ticket: TicketSchema,
  comments: z.array(TicketCommentSchema),
  handoffs: z.array(TicketHandoffSchema),
  watcherPartyIds: z.array(z.string()),
  watchers: z.array(TicketWatcherSchema),
  /** The major incidents the ticket is linked to (for its requester: the open ones only). */
  incidents: z.array(z.object({ key: z.string(), title: z.string(), status: z.string() })),
  timeByParty: z.array(z.object({ partyId: z.string(), minutes: z.number().int() })),
});
export type TicketDetail = z.output<typeof TicketDetailSchema>;

export const SearchHitSchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  rank: z.number(),
  snippet: z.array(z.object({ text: z.string(), highlight: z.boolean() })),
});
export type SearchHit = z.output<typeof SearchHitSchema>;

export const TicketLinkSchema = z.object({
  kind: z.enum(LINK_KINDS),
  direction: z.enum(['outgoing', 'incoming']),
  number: z.number().int(),
  key: z.string(),
  subject: z.string(),
  status: TicketStatusSchema,
});
export type TicketLink = z.output<typeof TicketLinkSchema>;

export const QueueTicketSchema = TicketSummarySchema.extend({
  workspace: z.object({ slug: z.string(), name: z.string() }),
});
export type QueueTicket = z.output<typeof QueueTicketSchema>;

export const SavedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: Timestamp,
});
export type SavedView = z.output<typeof SavedViewSchema>;

export const PartyTimeSchema = z.object({
  partyId: z.string(),
  partyName: z.string(),
  minutes: z.number().int(),
});

export const TimeEntrySchema = z.object({
  id: z.string(),
  membershipId: z.string(),
  name: z.string().nullable(),
  partyId: z.string(),
  partyName: z.string().nullable(),
  minutes: z.number().int(),
  note: z.string(),
  spentOn: Timestamp,
  createdAt: Timestamp,
});
export type TimeEntry = z.output<typeof TimeEntrySchema>;

export const AttachmentSchema = z.object({
  id: z.string(),
  commentId: z.string().nullable(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: Timestamp,
});
export type Attachment = z.output<typeof AttachmentSchema>;

/**
 * The nearest SLA clock of a queue row: the running clock due soonest, else a paused one.
 * Time left is dueAt minus the server's now (serverTime of the page), to the second.
 */
export const QueueSlaSchema = z.object({
  kind: z.enum(['first_response', 'resolution']),
  state: z.enum(['running', 'paused']),
  dueAt: Timestamp.nullable(),
  breached: z.boolean(),
});
export type QueueSla = z.output<typeof QueueSlaSchema>;
export const TicketRowSchema = TicketSummarySchema.extend({
  requester: z.object({ membershipId: z.string(), name: z.string().nullable() }),
  sla: QueueSlaSchema.nullable(),
});
export type TicketRow = z.output<typeof TicketRowSchema>;
/** serverTime lets the browser count SLA time down from the server's clock, not its own. */
export const TicketPageSchema = PageSchema(TicketRowSchema).extend({ serverTime: Timestamp });
export type TicketPage = z.output<typeof TicketPageSchema>;
export const SearchHitsSchema = ItemsSchema(SearchHitSchema);
export const TicketLinksSchema = ItemsSchema(TicketLinkSchema);
export const QueueSchema = ItemsSchema(QueueTicketSchema);
export const TicketSummariesSchema = ItemsSchema(TicketSummarySchema);
export const SavedViewsSchema = ItemsSchema(SavedViewSchema);
export const SavedViewAnswerSchema = z.object({ view: SavedViewSchema });
export const PartyTimesSchema = ItemsSchema(PartyTimeSchema);
export const TicketCreatedSchema = z.object({ ticket: TicketSummarySchema, routingReason: z.string() });
export const TicketAnswerSchema = z.object({ ticket: TicketSummarySchema });
export const CommentCreatedSchema = z.object({
  comment: z.object({
    id: z.string(),
    body: z.string(),
    visibility: CommentVisibilitySchema,
    createdAt: Timestamp,
  }),
});
export const RatingSchema = z.object({ rating: z.number().int().nullable(), comment: z.string().nullable() });
export const TimeEntriesSchema = ItemsSchema(TimeEntrySchema);
export const WatchersSchema = z.object({ watchers: z.array(TicketWatcherSchema) });
export const TimeEntryCreatedSchema = z.object({
  entry: z.object({ id: z.string(), minutes: z.number().int(), note: z.string(), spentOn: Timestamp }),
});
export const AttachmentAnswerSchema = z.object({ attachment: AttachmentSchema });
export const AttachmentsSchema = ItemsSchema(AttachmentSchema);
export const AttachmentDownloadSchema = {
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
};
