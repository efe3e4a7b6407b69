import { index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { parties } from './workspaces.ts';

export const BACKLOG_STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'dropped'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];
export const BACKLOG_PRIORITIES = ['high', 'medium', 'low'] as const;
export type BacklogPriority = (typeof BACKLOG_PRIORITIES)[number];
export const BACKLOG_SOURCES = [
  'post_incident_review',
  'problem',
  'service_review',
  'proposal',
  'risk',
  'post_change_review',
] as const;
export type BacklogSource = (typeof BACKLOG_SOURCES)[number];

/** The joint improvement backlog, separate from tickets. */
export const backlogItems = pgTable(
  'backlog_items',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    why: text().notNull().default(''),
    ownerPartyId: uuid().notNull(),
    priority: text({ enum: BACKLOG_PRIORITIES }).notNull().default('medium'),
    status: text({ enum: BACKLOG_STATUSES }).notNull().default('proposed'),
    /** e.g. 2027-Q1 */
    targetQuarter: text(),
    source: text({ enum: BACKLOG_SOURCES }).notNull().default('proposal'),
    /** The incident (post-incident review), problem or service review the item came from. */
    sourceId: uuid(),
    sourceLabel: text(),
    /** Order inside its status column (lower first). */
    rank: integer().notNull().default(0),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status, t.rank),
    index().on(t.workspaceId, t.source, t.sourceId),
    workspaceKey(t),
    sameWorkspace(t, t.ownerPartyId, parties),
  ],
);

export type BacklogItem = typeof backlogItems.$inferSelect;
