import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { tickets } from './tickets.ts';

export const INCIDENT_STATUSES = ['open', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** A major incident, declared by the holder of the "declare a major incident" decision right. */
export const incidents = pgTable(
  'incidents',
  {
    id: rowId(),
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
    version: version(),
  },
  (t) => [unique().on(t.workspaceId, t.number), index().on(t.workspaceId, t.status), workspaceKey(t)],
);

export const incidentTickets = pgTable(
  'incident_tickets',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    ticketId: uuid().notNull(),
    linkedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.incidentId, t.ticketId),
    index().on(t.ticketId),
    workspaceKey(t),
    sameWorkspace(t, t.incidentId, incidents),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

export const UPDATE_VISIBILITIES = ['public', 'staff'] as const;
export type UpdateVisibility = (typeof UPDATE_VISIBILITIES)[number];

/** A stakeholder update; public ones show in the requester portal's banner. */
export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    body: text().notNull(),
    visibility: text({ enum: UPDATE_VISIBILITIES }).notNull().default('public'),
    authorMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.incidentId, t.createdAt), workspaceKey(t), sameWorkspace(t, t.incidentId, incidents)],
);

export const incidentSubscribers = pgTable(
  'incident_subscribers',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    membershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.incidentId, t.membershipId),
    workspaceKey(t),
    sameWorkspace(t, t.incidentId, incidents),
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
    id: rowId(),
    workspaceId: workspaceId(),
    incidentId: uuid().notNull(),
    kind: text({ enum: INCIDENT_EVENT_KINDS }).notNull(),
    /** null for the system (a due-update reminder). */
    actorMembershipId: uuid(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.incidentId, t.at), workspaceKey(t), sameWorkspace(t, t.incidentId, incidents)],
);

export const REVIEW_STATUSES = ['draft', 'completed'] as const;

/** The post-incident review; its actions are backlog items whose source is this incident. */
export const incidentReviews = pgTable(
  'incident_reviews',
  {
    id: rowId(),
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
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    workspaceKey(t),
    unique().on(t.workspaceId, t.incidentId),
    sameWorkspace(t, t.incidentId, incidents),
  ],
);

export type Incident = typeof incidents.$inferSelect;
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type IncidentReview = typeof incidentReviews.$inferSelect;
