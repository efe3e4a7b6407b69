import {
  boolean,
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
import { CHANGE_LINK_KINDS, CHANGE_OUTCOMES, CHANGE_STATUSES, CHANGE_TYPES } from '../../domain/changes.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { parties } from './workspaces.ts';

const at = () => timestamp({ withTimezone: true });

export const TEMPLATE_STATUSES = ['proposed', 'approved', 'rejected', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** A standard change model, approved once as a decision; its changes then skip approval. */
export const changeTemplates = pgTable(
  'change_templates',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    implementationPlan: text().notNull().default(''),
    testPlan: text().notNull().default(''),
    backoutPlan: text().notNull().default(''),
    likelihood: integer().notNull(),
    impact: integer().notNull(),
    status: text({ enum: TEMPLATE_STATUSES }).notNull().default('proposed'),
    /** The decision that approves (or rejected) the template. */
    decisionId: uuid(),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [unique().on(t.workspaceId, t.number), index().on(t.decisionId), workspaceKey(t)],
);

/** A change record (CHG-n). */
export const changes = pgTable(
  'changes',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    type: text({ enum: CHANGE_TYPES }).notNull(),
    status: text({ enum: CHANGE_STATUSES }).notNull().default('draft'),
    title: text().notNull(),
    description: text().notNull().default(''),
    templateId: uuid(),
    /** Who carries the change out: the map's Responsible party for the first service unless overridden. */
    implementingPartyId: uuid(),
    implementingPartyOverridden: boolean().notNull().default(false),
    likelihood: integer().notNull().default(1),
    impact: integer().notNull().default(1),
    implementationPlan: text().notNull().default(''),
    testPlan: text().notNull().default(''),
    backoutPlan: text().notNull().default(''),
    plannedStart: at(),
    plannedEnd: at(),
    /** IANA time zone the window was planned in (shown to people; stored instants are UTC). */
    timezone: text().notNull().default('UTC'),
    userImpact: text().notNull().default(''),
    downtimeMinutes: integer().notNull().default(0),
    /** Why an emergency change cannot wait; also what lets it run inside a freeze. */
    emergencyReason: text(),
    decisionId: uuid(),
    createdByMembershipId: uuid().notNull(),
    submittedByMembershipId: uuid(),
    submittedAt: at(),
    rejectionReason: text(),
    approvedAt: at(),
    startedAt: at(),
    outcome: text({ enum: CHANGE_OUTCOMES }),
    completedAt: at(),
    completionNote: text(),
    reviewSummary: text().notNull().default(''),
    reviewLessons: text().notNull().default(''),
    closedAt: at(),
    closedByMembershipId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.plannedStart),
    index().on(t.workspaceId, t.status),
    index().on(t.workspaceId, t.completedAt),
    index().on(t.decisionId),
    workspaceKey(t),
    sameWorkspace(t, t.templateId, changeTemplates),
    sameWorkspace(t, t.implementingPartyId, parties),
  ],
);

/** What a change touches: services, systems, tickets, problems and major incidents. */
export const changeLinks = pgTable(
  'change_links',
  {
    workspaceId: workspaceId(),
    changeId: uuid().notNull(),
    kind: text({ enum: CHANGE_LINK_KINDS }).notNull(),
    targetId: uuid().notNull(),
    /** Order given by the author (the first service decides the implementing party). */
    position: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.changeId, t.kind, t.targetId] }),
    index().on(t.workspaceId, t.kind, t.targetId),
    sameWorkspace(t, t.changeId, changes),
  ],
);

export const changeWatchers = pgTable(
  'change_watchers',
  {
    workspaceId: workspaceId(),
    changeId: uuid().notNull(),
    membershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.changeId, t.membershipId] }),
    sameWorkspace(t, t.changeId, changes),
  ],
);

/** The change's history, append-only (submitted, approved, started, …). */
export const changeEvents = pgTable(
  'change_events',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    changeId: uuid().notNull(),
    kind: text().notNull(),
    actorMembershipId: uuid(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [index().on(t.changeId, t.at), workspaceKey(t), sameWorkspace(t, t.changeId, changes)],
);

/** A period in which changes are not scheduled (e.g. month-end close). */
export const changeFreezes = pgTable(
  'change_freezes',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    title: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    reason: text().notNull().default(''),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.workspaceId, t.startsAt), workspaceKey(t)],
);

/**
 * A secret calendar-feed URL: the workspace's (membershipId null) or one person's. Only the
 * token's SHA-256 is stored; a revoked token answers 404.
 */
export const changeFeedTokens = pgTable(
  'change_feed_tokens',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    membershipId: uuid(),
    tokenHash: text().notNull(),
    label: text().notNull().default(''),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    revokedAt: at(),
  },
  (t) => [
    index().on(t.workspaceId),
    workspaceKey(t),
    unique().on(t.workspaceId, t.tokenHash),
    // A token is looked up by its digest before its workspace is known (256 random bits: unique in practice).
    index().on(t.tokenHash),
  ],
);

export type Change = typeof changes.$inferSelect;
export type ChangeTemplate = typeof changeTemplates.$inferSelect;
export type ChangeFreeze = typeof changeFreezes.$inferSelect;
export type ChangeFeedToken = typeof changeFeedTokens.$inferSelect;
