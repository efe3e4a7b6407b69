import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { PROBLEM_STATUSES, WORKAROUND_KINDS } from '../../domain/problems.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { services } from './responsibility.ts';
import { tickets } from './tickets.ts';
import { parties } from './workspaces.ts';

/** The cause behind recurring tickets (PRB-7). */
export const problems = pgTable(
  'problems',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    status: text({ enum: PROBLEM_STATUSES }).notNull().default('open'),
    serviceId: uuid(),
    ownerPartyId: uuid().notNull(),
    rootCause: text().notNull().default(''),
    workaround: text().notNull().default(''),
    workaroundKind: text({ enum: WORKAROUND_KINDS }).notNull().default('none'),
    /** Only for a temporary workaround. */
    workaroundExpiresOn: date({ mode: 'string' }),
    knownError: boolean().notNull().default(false),
    resolution: text().notNull().default(''),
    resolvedAt: timestamp({ withTimezone: true }),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    workspaceKey(t),
    sameWorkspace(t, t.serviceId, services),
    sameWorkspace(t, t.ownerPartyId, parties),
  ],
);

export const problemTickets = pgTable(
  'problem_tickets',
  {
    workspaceId: workspaceId(),
    problemId: uuid().notNull(),
    ticketId: uuid().notNull(),
    linkedByMembershipId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.problemId, t.ticketId] }),
    index().on(t.ticketId),
    sameWorkspace(t, t.problemId, problems),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

export type RecurrenceEvidence = {
  pairs: Array<{ a: string; b: string; similarity: number }>;
};

/** A group of similar recent tickets the recurrence job found; staff accept or dismiss it. */
export const recurrenceProposals = pgTable(
  'recurrence_proposals',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    /** Same service or same asset: what the tickets have in common. */
    scopeKind: text({ enum: ['service', 'asset'] }).notNull(),
    scopeId: uuid().notNull(),
    /** Sorted ticket ids joined: the same group is never proposed twice. */
    signature: text().notNull(),
    ticketIds: uuid().array().notNull(),
    title: text().notNull(),
    averageSimilarity: real().notNull(),
    evidence: jsonb().$type<RecurrenceEvidence>().notNull(),
    status: text({ enum: ['proposed', 'accepted', 'dismissed'] })
      .notNull()
      .default('proposed'),
    problemId: uuid(),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    dismissReason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.signature),
    index().on(t.workspaceId, t.status),
    index('recurrence_proposals_tickets').using('gin', t.ticketIds),
    workspaceKey(t),
    sameWorkspace(t, t.problemId, problems),
  ],
);

/** One pass of the recurrence job over a workspace (shown to staff; the bench reads it). */
export const recurrenceRuns = pgTable(
  'recurrence_runs',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    windowDays: integer().notNull(),
    ticketsScanned: integer().notNull().default(0),
    groupsFound: integer().notNull().default(0),
    proposalsCreated: integer().notNull().default(0),
    durationMs: integer(),
  },
  (t) => [index().on(t.workspaceId, t.startedAt), workspaceKey(t)],
);

/**
 * What the next recurrence run needs of each recent ticket in a scope: its compared text and its
 * nearest neighbours in the scope (up to 8, by subject trigram distance, each within the candidate
 * distance). Runs only look up neighbours for tickets that are new, edited or lost a neighbour.
 */
export const recurrenceTickets = pgTable(
  'recurrence_tickets',
  {
    workspaceId: workspaceId(),
    scopeKind: text({ enum: ['service', 'asset'] }).notNull(),
    scopeId: uuid().notNull(),
    ticketId: uuid().notNull(),
    /** Lower-cased subject (200) and description (300), as compared. */
    subj: text().notNull(),
    descr: text().notNull(),
    /** [ticketId, subject distance, combined similarity], nearest first. */
    neighbours: jsonb().$type<Array<[string, number, number]>>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.scopeKind, t.scopeId, t.ticketId] }),
    sameWorkspace(t, t.ticketId, tickets).onDelete('cascade'),
  ],
);

export type Problem = typeof problems.$inferSelect;
export type RecurrenceProposal = typeof recurrenceProposals.$inferSelect;
