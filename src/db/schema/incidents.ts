import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, workspaceId } from './columns.ts';
import { tickets } from './tickets.ts';

export const INCIDENT_STATUSES = ['open', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** A major incident, declared by the holder of the "declare a major incident" decision right. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    impact: text().notNull().default(''),
    status: text({ enum: INCIDENT_STATUSES }).notNull().default('open'),
    /** The decision log entry that records the declaration. */
    decisionId: uuid(),
    declaredByMembershipId: uuid().notNull(),
    declaredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    commanderMembershipId: uuid(),
    communicationsLeadMembershipId: uuid(),
    updateCadenceMinutes: integer().notNull().default(30),
    /** When the next stakeholder update is due; null once resolved. */
    nextUpdateDueAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedByMembershipId: uuid(),
    resolution: text(),
    createdAt: createdAt(),
    version: integer().notNull().default(1),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    primaryKey({ columns: [t.workspaceId, t.id] }),
  ],
);

export const incidentTickets = pgTable(
  'incident_tickets',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    ticketId: uuid().notNull(),
    linkedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.incidentId, t.ticketId),
    index().on(t.ticketId),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.incidentId],
      foreignColumns: [incidents.workspaceId, incidents.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }),
  ],
);

export const UPDATE_VISIBILITIES = ['public', 'staff'] as const;
export type UpdateVisibility = (typeof UPDATE_VISIBILITIES)[number];

/** A stakeholder update; public ones show in the requester portal's banner. */
export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    body: text().notNull(),
    visibility: text({ enum: UPDATE_VISIBILITIES }).notNull().default('public'),
    authorMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.incidentId, t.createdAt),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.incidentId],
      foreignColumns: [incidents.workspaceId, incidents.id],
    }),
  ],
);

export const incidentSubscribers = pgTable(
  'incident_subscribers',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    membershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.incidentId, t.membershipId),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.incidentId],
      foreignColumns: [incidents.workspaceId, incidents.id],
    }),
  ],
);

export const INCIDENT_EVENT_KINDS = [
  'declared',
  'ticket_linked',
  'update_posted',
  'update_due',
  'role_changed',
  'subscribed',
  'unsubscribed',
  'resolved',
  'review_completed',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** What happened, in order: the incident's timeline is read from here. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    kind: text({ enum: INCIDENT_EVENT_KINDS }).notNull(),
    /** null for the system (a due-update reminder). */
    actorMembershipId: uuid(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.incidentId, t.at),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.incidentId],
      foreignColumns: [incidents.workspaceId, incidents.id],
    }),
  ],
);

export const REVIEW_STATUSES = ['draft', 'completed'] as const;

/** The post-incident review; its actions are backlog items whose source is this incident. */
export const incidentReviews = pgTable(
  'incident_reviews',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    whatHappened: text().notNull().default(''),
    impact: text().notNull().default(''),
    timeline: text().notNull().default(''),
    causes: text().notNull().default(''),
    wentWell: text().notNull().default(''),
    status: text({ enum: REVIEW_STATUSES }).notNull().default('draft'),
    completedAt: timestamp({ withTimezone: true }),
    completedByMembershipId: uuid(),
    updatedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique().on(t.workspaceId, t.incidentId),
    foreignKey({
      columns: [t.workspaceId, t.incidentId],
      foreignColumns: [incidents.workspaceId, incidents.id],
    }),
  ],
);

export type Incident = typeof incidents.$inferSelect;
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type IncidentReview = typeof incidentReviews.$inferSelect;
