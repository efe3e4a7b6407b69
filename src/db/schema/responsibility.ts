import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { RACI_ROLES } from '../../domain/raci.ts';
import { createdAt, rowId, sameWorkspace, version, workspaceId, workspaceKey } from './columns.ts';

/** Something IT runs. Never deleted once referenced: retired instead. */
export const services = pgTable(
  'services',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    key: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    carriesBusinessDecisions: boolean().notNull().default(false),
    /** The business's priority, 1 critical … 4 low; set only by the internal lead (a provider proposes). */
    businessPriority: smallint(),
    decisionTypeKeys: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    retiredAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.key),
    uniqueIndex('services_name_per_workspace').on(t.workspaceId, sql`lower(${t.name})`),
    check('services_business_priority_1_to_4', sql`${t.businessPriority} between 1 and 4`),
    workspaceKey(t),
  ],
);

/** An approved state of the whole map; the highest number is current. */
export const mapVersions = pgTable(
  'map_versions',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    proposalId: uuid(),
    approvedByMembershipId: uuid(),
    summary: text().notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.workspaceId, t.number), workspaceKey(t)],
);

export const mapAssignments = pgTable(
  'map_assignments',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    versionId: uuid().notNull(),
    serviceId: uuid().notNull(),
    partyId: uuid().notNull(),
    membershipId: uuid(),
    role: text({ enum: RACI_ROLES }).notNull(),
  },
  (t) => [
    index().on(t.versionId),
    unique('map_assignments_unique')
      .on(t.workspaceId, t.versionId, t.serviceId, t.partyId, t.membershipId, t.role)
      .nullsNotDistinct(),
    workspaceKey(t),
    sameWorkspace(t, t.versionId, mapVersions),
    sameWorkspace(t, t.serviceId, services),
  ],
);

export const mapProposals = pgTable(
  'map_proposals',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    rationale: text().notNull().default(''),
    baseVersionId: uuid().notNull(),
    status: text({ enum: ['proposed', 'approved', 'rejected', 'withdrawn'] })
      .notNull()
      .default('proposed'),
    proposedByMembershipId: uuid().notNull(),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    resultingVersionId: uuid(),
    /** Service priorities the proposal would set (a provider proposes, the internal lead accepts). */
    priorityChanges: jsonb()
      .$type<{ serviceId: string; businessPriority: number | null }[]>()
      .notNull()
      .default([]),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    workspaceKey(t),
    sameWorkspace(t, t.baseVersionId, mapVersions),
  ],
);

export const mapProposalChanges = pgTable(
  'map_proposal_changes',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    proposalId: uuid().notNull(),
    op: text({ enum: ['add', 'remove'] }).notNull(),
    serviceId: uuid().notNull(),
    partyId: uuid().notNull(),
    membershipId: uuid(),
    role: text({ enum: RACI_ROLES }).notNull(),
  },
  (t) => [index().on(t.proposalId), workspaceKey(t), sameWorkspace(t, t.proposalId, mapProposals)],
);

/** Per-workspace counters for human numbers (proposal #3, DEC-12, later ACME-1042). */
export const workspaceCounters = pgTable(
  'workspace_counters',
  {
    workspaceId: workspaceId(),
    name: text().notNull(),
    value: integer().notNull().default(0),
  },
  (t) => [unique().on(t.workspaceId, t.name)],
);

export type Service = typeof services.$inferSelect;
export type MapVersion = typeof mapVersions.$inferSelect;
export type MapProposal = typeof mapProposals.$inferSelect;
