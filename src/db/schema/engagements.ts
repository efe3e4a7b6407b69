import { sql } from 'drizzle-orm';
import {
  date,
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
import type { EngagementTerms } from '../../domain/engagements.ts';
import { ENGAGEMENT_PROPOSAL_STATUSES } from '../../domain/engagements.ts';
import { createdAt, workspaceId } from './columns.ts';
import { parties } from './workspaces.ts';

/** The engagement with one provider party: its terms live in versions (the current one is `currentVersion`). */
export const engagements = pgTable(
  'engagements',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    providerPartyId: uuid().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    currentVersion: integer().notNull().default(1),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.workspaceId, t.providerPartyId),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.providerPartyId],
      foreignColumns: [parties.workspaceId, parties.id],
    }),
  ],
);
export type Engagement = typeof engagements.$inferSelect;

/** Every state of the terms (purpose, owner, cadence, clauses); never changed once written. */
export const engagementVersions = pgTable(
  'engagement_versions',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    engagementId: uuid().notNull(),
    number: integer().notNull(),
    terms: jsonb().$type<EngagementTerms>().notNull(),
    summary: text().notNull().default(''),
    /** The approved proposal this version came from (null: the internal lead's direct edit). */
    proposalId: uuid(),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.engagementId, t.number),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.engagementId],
      foreignColumns: [engagements.workspaceId, engagements.id],
    }),
  ],
);
export type EngagementVersion = typeof engagementVersions.$inferSelect;

/** A provider's edit of the terms, waiting for the internal lead. */
export const engagementProposals = pgTable(
  'engagement_proposals',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    engagementId: uuid().notNull(),
    baseVersion: integer().notNull(),
    terms: jsonb().$type<EngagementTerms>().notNull(),
    summary: text().notNull().default(''),
    status: text({ enum: ENGAGEMENT_PROPOSAL_STATUSES }).notNull().default('open'),
    proposedByMembershipId: uuid().notNull(),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    /** The version its approval created. */
    resultVersion: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.workspaceId, t.engagementId, t.status),
    index('engagement_proposals_open').on(t.engagementId).where(sql`status = 'open'`),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.engagementId],
      foreignColumns: [engagements.workspaceId, engagements.id],
    }),
  ],
);
export type EngagementProposal = typeof engagementProposals.$inferSelect;
