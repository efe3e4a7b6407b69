import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId, sameWorkspace, version, workspaceId, workspaceKey } from './columns.ts';

export const DECIDERS = ['internal_lead', 'internal_delegate', 'provider_lead'] as const;
export type Decider = (typeof DECIDERS)[number];

/** Who may propose, who is consulted and who decides one kind of decision in this workspace. */
export const decisionTypes = pgTable(
  'decision_types',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    key: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    proposerKinds: text().array().notNull(),
    consultedKinds: text().array().notNull(),
    urgency: text().notNull().default('routine'),
    recordWithDecision: text().array().notNull(),
    whyInternalDecides: text().notNull().default(''),
    decider: text({ enum: DECIDERS }).notNull().default('internal_lead'),
    delegateMembershipId: uuid(),
    delegatePartyId: uuid(),
    status: text({ enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [unique().on(t.workspaceId, t.key), workspaceKey(t)],
);

export const DECISION_STATUSES = ['proposed', 'approved', 'rejected', 'withdrawn'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** A decision request, kept forever in the decision log; immutable once decided. */
export const decisions = pgTable(
  'decisions',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    typeId: uuid().notNull(),
    title: text().notNull(),
    context: text().notNull().default(''),
    options: jsonb().$type<Array<{ label: string; description: string }>>().notNull().default([]),
    recommendation: text().notNull().default(''),
    links: jsonb().$type<Array<{ label: string; url: string }>>().notNull().default([]),
    serviceId: uuid(),
    status: text({ enum: DECISION_STATUSES }).notNull().default('proposed'),
    proposedByMembershipId: uuid().notNull(),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    rationale: text(),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status, t.createdAt),
    workspaceKey(t),
    sameWorkspace(t, t.typeId, decisionTypes),
  ],
);

export const decisionComments = pgTable(
  'decision_comments',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    decisionId: uuid().notNull(),
    authorMembershipId: uuid().notNull(),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.decisionId), workspaceKey(t), sameWorkspace(t, t.decisionId, decisions)],
);

export type DecisionType = typeof decisionTypes.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
