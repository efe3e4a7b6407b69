import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { LEVELS, PRIORITIES, TICKET_STATUSES } from '../../domain/tickets.ts';
import {
  bytea,
  createdAt,
  rowId,
  sameWorkspace,
  updatedAt,
  version,
  workspaceId,
  workspaceKey,
} from './columns.ts';
import { services } from './responsibility.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** Stands in for "no running SLA clock" in the SLA-due sort key, so those tickets come last. */
export const SLA_DUE_NONE = '9999-12-31T00:00:00.000Z';
const slaDueKey = sql.raw(`'${SLA_DUE_NONE}'::timestamptz`);

export type CatalogueField = {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'checkbox';
  required: boolean;
  options?: string[];
};

/** What a requester can ask for; its service decides the lane through the responsibility map. */
export const catalogueItems = pgTable(
  'catalogue_items',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    serviceId: uuid().notNull(),
    kind: text({ enum: ['request', 'incident'] }).notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    fields: jsonb().$type<CatalogueField[]>().notNull().default([]),
    defaultImpact: text({ enum: LEVELS }).notNull().default('low'),
    defaultUrgency: text({ enum: LEVELS }).notNull().default('medium'),
    status: text({ enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [index().on(t.workspaceId, t.serviceId), workspaceKey(t), sameWorkspace(t, t.serviceId, services)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    requesterMembershipId: uuid().notNull(),
    catalogueItemId: uuid(),
    serviceId: uuid().notNull(),
    subject: text().notNull(),
    description: text().notNull().default(''),
    fieldValues: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    category: text(),
    impact: text({ enum: LEVELS }).notNull(),
    urgency: text({ enum: LEVELS }).notNull(),
    priority: text({ enum: PRIORITIES }).notNull(),
    status: text({ enum: TICKET_STATUSES }).notNull().default('new'),
    /** null = joint triage */
    lanePartyId: uuid(),
    assigneeMembershipId: uuid(),
    routingReason: text().notNull(),
    handoffCount: integer().notNull().default(0),
    minutesSpent: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    firstResponseAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    /**
     * Due time of the nearest running SLA clock (null when none runs), kept by the
     * tickets_sla_due trigger on sla_clocks so the queue can sort by it with keyset paging.
     */
    slaDueAt: timestamp({ withTimezone: true }),
    rating: smallint(),
    ratingComment: text(),
    version: version(),
    search: tsvector().generatedAlwaysAs(
      (): ReturnType<typeof sql> =>
        sql`setweight(to_tsvector('english', coalesce(subject, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
    ),
    /**
     * The words of the ticket's public and staff comments (what staff read), kept by the database
     * (trigger tickets_comment_search, migration 0065) so staff's search by word walks tickets alone:
     * the comments' own walk read ten times the rows. Party notes are searched in their own table.
     */
    commentsSearch: tsvector(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    // Queue pages walk one of these in sort order and stop after a page (see bench/explain-desk.ts).
    index('tickets_queue').on(t.workspaceId, t.status, t.updatedAt, t.id),
    index('tickets_updated').on(t.workspaceId, t.updatedAt, t.id),
    index('tickets_created').on(t.workspaceId, t.createdAt, t.id),
    index('tickets_lane_updated').on(t.workspaceId, t.lanePartyId, t.updatedAt, t.id),
    index('tickets_assignee').on(t.workspaceId, t.assigneeMembershipId, t.status),
    // A requester's own tickets newest first: their portal list and their search walk it and stop early.
    index('tickets_requester').on(t.workspaceId, t.requesterMembershipId, t.updatedAt, t.id),
    // Sort by SLA due: tickets without a running clock last (the same expression as the query).
    index('tickets_sla_due').on(t.workspaceId, sql`coalesce(${t.slaDueAt}, ${slaDueKey})`, t.id),
    // A lane sorted by SLA due (the default for lanes) walks its own slice.
    index('tickets_lane_sla_due').on(
      t.workspaceId,
      t.lanePartyId,
      sql`coalesce(${t.slaDueAt}, ${slaDueKey})`,
      t.id,
    ),
    index('tickets_service_updated').on(t.workspaceId, t.serviceId, t.updatedAt, t.id),
    // btree_gin: one index answers "this workspace AND these words", in the ticket or its comments.
    index('tickets_workspace_search').using('gin', t.workspaceId, t.search, t.commentsSearch),
    workspaceKey(t),
  ],
);

export const COMMENT_VISIBILITIES = ['public', 'staff', 'party'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/** public: the requester sees it; staff: both parties; party: only the author's party. */
export const ticketComments = pgTable(
  'ticket_comments',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    authorMembershipId: uuid().notNull(),
    body: text().notNull(),
    visibility: text({ enum: COMMENT_VISIBILITIES }).notNull(),
    partyId: uuid(),
    createdAt: createdAt(),
    search: tsvector().generatedAlwaysAs(
      (): ReturnType<typeof sql> => sql`to_tsvector('english', coalesce(body, ''))`,
    ),
  },
  (t) => [
    index().on(t.ticketId, t.createdAt),
    index('ticket_comments_workspace_created').on(t.workspaceId, t.createdAt),
    // Public and staff comments are searched through their ticket's vectors; a party's own comments here.
    index('ticket_comments_party_search')
      .using('gin', t.workspaceId, t.partyId, t.search)
      .where(sql`${t.visibility} = 'party'`),
    workspaceKey(t),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

export const ticketHandoffs = pgTable(
  'ticket_handoffs',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    fromPartyId: uuid(),
    toPartyId: uuid(),
    reason: text().notNull(),
    byMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.ticketId, t.createdAt), workspaceKey(t), sameWorkspace(t, t.ticketId, tickets)],
);

export const ticketWatchers = pgTable(
  'ticket_watchers',
  {
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    partyId: uuid().notNull(),
    automatic: boolean().notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ticketId, t.partyId] }),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

export const ticketLinks = pgTable(
  'ticket_links',
  {
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    linkedTicketId: uuid().notNull(),
    kind: text({ enum: ['relates_to', 'duplicates', 'caused_by'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ticketId, t.linkedTicketId] }),
    sameWorkspace(t, t.ticketId, tickets),
    sameWorkspace(t, t.linkedTicketId, tickets),
  ],
);

export const ticketTimeEntries = pgTable(
  'ticket_time_entries',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    membershipId: uuid().notNull(),
    partyId: uuid().notNull(),
    minutes: integer().notNull(),
    note: text().notNull().default(''),
    spentOn: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.ticketId),
    index().on(t.workspaceId, t.partyId, t.spentOn),
    workspaceKey(t),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    commentId: uuid(),
    uploadedByMembershipId: uuid().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    // Kept in the database: backups and exports carry it, and nothing is served from a web root.
    content: bytea().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.ticketId), workspaceKey(t), sameWorkspace(t, t.ticketId, tickets)],
);

export const savedViews = pgTable(
  'saved_views',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    membershipId: uuid().notNull(),
    name: text().notNull(),
    filters: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.membershipId), workspaceKey(t)],
);

export type Ticket = typeof tickets.$inferSelect;
export type CatalogueItem = typeof catalogueItems.$inferSelect;
