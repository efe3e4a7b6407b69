import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { OFFBOARDING_STATUSES, OFFBOARDING_TASK_STATUSES } from '../../domain/offboarding.ts';
import { createdAt, rowId, sameWorkspace, version, workspaceId, workspaceKey } from './columns.ts';

/** What offboarding did at once (counted) and the tasks left for people; completes when every task is done. */
export type OffboardingOutcome = {
  ticketsReturned: Array<{ key: string; subject: string }>;
  shiftsReleased: number;
  articlesReassigned: Array<{ id: string; title: string }>;
  tokensRevoked: number;
  sessionsRevoked: number;
  passedTo: { membershipId: string; name: string } | null;
};

export const offboardings = pgTable(
  'offboardings',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    membershipId: uuid().notNull(),
    personName: text().notNull(),
    partyId: uuid().notNull(),
    status: text({ enum: OFFBOARDING_STATUSES }).notNull().default('in_progress'),
    outcome: jsonb().$type<OffboardingOutcome>().notNull(),
    startedByMembershipId: uuid().notNull(),
    startedAt: createdAt(),
    completedAt: timestamp({ withTimezone: true }),
    version: version(),
  },
  (t) => [index().on(t.workspaceId, t.status), index().on(t.workspaceId, t.membershipId), workspaceKey(t)],
);
export type Offboarding = typeof offboardings.$inferSelect;

/**
 * A task offboarding leaves for a person, generic so other areas add their kinds: `revoke_account`
 * (a privileged account, target = its id in the access register) is the first.
 */
export const offboardingTasks = pgTable(
  'offboarding_tasks',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    offboardingId: uuid().notNull(),
    kind: text().notNull(),
    targetId: uuid(),
    label: text().notNull(),
    status: text({ enum: OFFBOARDING_TASK_STATUSES }).notNull().default('open'),
    evidence: text(),
    doneByMembershipId: uuid(),
    doneAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.workspaceId, t.offboardingId),
    workspaceKey(t),
    sameWorkspace(t, t.offboardingId, offboardings),
  ],
);
export type OffboardingTask = typeof offboardingTasks.$inferSelect;
