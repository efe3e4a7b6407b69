import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { EngagementTerms } from '../../domain/engagements.ts';
import { ENGAGEMENT_PROPOSAL_STATUSES } from '../../domain/engagements.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, workspaceId, workspaceKey } from './columns.ts';
import { parties } from './workspaces.ts';

/** The engagement with one provider party: its terms live in versions (the current one is `currentVersion`). */
export const engagements = pgTable(
  'engagements',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    providerPartyId: uuid().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    currentVersion: integer().notNull().default(1),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.providerPartyId),
    workspaceKey(t),
    sameWorkspace(t, t.providerPartyId, parties),
  ],
);
export type Engagement = typeof engagements.$inferSelect;

/** Every state of the terms (purpose, owner, cadence, clauses); never changed once written. */
export const engagementVersions = pgTable(
  'engagement_versions',
  {
    id: rowId(),
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
    workspaceKey(t),
    sameWorkspace(t, t.engagementId, engagements),
  ],
);
export type EngagementVersion = typeof engagementVersions.$inferSelect;

/** A provider's edit of the terms, waiting for the internal lead. */
export const engagementProposals = pgTable(
  'engagement_proposals',
  {
    id: rowId(),
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
    workspaceKey(t),
    sameWorkspace(t, t.engagementId, engagements),
  ],
);
export type EngagementProposal = typeof engagementProposals.$inferSelect;
