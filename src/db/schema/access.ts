import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ACCESS_REVIEW_STATUSES,
  DEFAULT_MAX_GRANT_MINUTES,
  GRANT_STATUSES,
  MFA_STATES,
  PRIVILEGE_TIERS,
  REVIEW_OUTCOMES,
  REVOCATION_SOURCES,
  type RevocationSource,
} from '../../domain/access.ts';

export type { RevocationSource };

import {
  bytea,
  createdAt,
  rowId,
  sameWorkspace,
  updatedAt,
  version,
  workspaceId,
  workspaceKey,
} from './columns.ts';
import { decisions } from './decisions.ts';
import { obligationOccurrences } from './obligations.ts';
import { systems } from './systems.ts';
import { memberships, parties, workspaces } from './workspaces.ts';

/** One row per workspace: the access rules it chose. */
export const accessSettings = pgTable('access_settings', {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id),
  maxGrantMinutes: integer().notNull().default(DEFAULT_MAX_GRANT_MINUTES),
  updatedAt: updatedAt(),
  version: version(),
});

/** An account someone of either party holds in one of the client's systems. */
export const privilegedAccounts = pgTable(
  'privileged_accounts',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    systemId: uuid().notNull(),
    accountName: text().notNull(),
    /** The person behind it; null = nobody named (a finding). */
    membershipId: uuid(),
    tier: text({ enum: PRIVILEGE_TIERS }).notNull(),
    mfa: text({ enum: MFA_STATES }).notNull().default('unknown'),
    /** How it was granted: the decision that approved it. */
    decisionId: uuid(),
    grantId: uuid(),
    expiresAt: timestamp({ withTimezone: true }),
    breakGlassLastUsedAt: timestamp({ withTimezone: true }),
    notes: text().notNull().default(''),
    status: text({ enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.status),
    index().on(t.systemId),
    index().on(t.membershipId),
    uniqueIndex('privileged_accounts_name_per_system')
      .on(t.workspaceId, t.systemId, sql`lower(${t.accountName})`)
      .where(sql`status = 'active'`),
    workspaceKey(t),
    sameWorkspace(t, t.systemId, systems),
    sameWorkspace(t, t.membershipId, memberships),
    sameWorkspace(t, t.decisionId, decisions),
  ],
);

/** A time-bound request for privileged access, approved through the decision log. */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    systemId: uuid().notNull(),
    tier: text({ enum: PRIVILEGE_TIERS }).notNull(),
    reason: text().notNull(),
    durationMinutes: integer().notNull(),
    requestedByMembershipId: uuid().notNull(),
    decisionId: uuid().notNull(),
    status: text({ enum: GRANT_STATUSES }).notNull().default('requested'),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    expiredAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    index().on(t.decisionId),
    workspaceKey(t),
    sameWorkspace(t, t.systemId, systems),
    sameWorkspace(t, t.requestedByMembershipId, memberships),
    sameWorkspace(t, t.decisionId, decisions),
  ],
);

/** Work for a person: take this access away, then confirm it with evidence. */
export const revocationTasks = pgTable(
  'access_revocation_tasks',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    source: text({ enum: REVOCATION_SOURCES }).notNull(),
    title: text().notNull(),
    grantId: uuid(),
    privilegedAccountId: uuid(),
    reviewLineId: uuid(),
    /** The party that does the revoking (the one responsible for the system). */
    responsiblePartyId: uuid().notNull(),
    status: text({ enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    evidence: text(),
    evidenceFilename: text(),
    evidenceContentType: text(),
    evidenceSha256: text(),
    evidenceContent: bytea(),
    confirmedByMembershipId: uuid(),
    confirmedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.status),
    // One task per cause, so a repeated timer or a retried decision adds nothing.
    uniqueIndex('access_revocation_tasks_grant')
      .on(t.workspaceId, t.grantId)
      .where(sql`grant_id is not null`),
    uniqueIndex('access_revocation_tasks_line')
      .on(t.workspaceId, t.reviewLineId)
      .where(sql`review_line_id is not null`),
    workspaceKey(t),
    sameWorkspace(t, t.grantId, accessGrants),
    sameWorkspace(t, t.privilegedAccountId, privilegedAccounts),
    sameWorkspace(t, t.responsiblePartyId, parties),
  ],
);

export type ReviewScope = { systemIds: string[]; partyIds: string[] };

/** An access-review campaign: every account in scope gets a line with a reviewer. */
export const accessReviews = pgTable(
  'access_reviews',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    /** Set when started from a recurring obligation's occurrence (src/obligations); checked on start. */
    obligationOccurrenceId: uuid(),
    scope: jsonb().$type<ReviewScope>().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: ACCESS_REVIEW_STATUSES }).notNull().default('open'),
    startedByMembershipId: uuid().notNull(),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    index().on(t.obligationOccurrenceId),
    workspaceKey(t),
    sameWorkspace(t, t.obligationOccurrenceId, obligationOccurrences),
  ],
);

/** One account under review, as it was when the campaign started, and its decision. */
export const accessReviewLines = pgTable(
  'access_review_lines',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    reviewId: uuid().notNull(),
    privilegedAccountId: uuid().notNull(),
    snapshot: jsonb()
      .$type<{
        system: string;
        accountName: string;
        person: string | null;
        party: string | null;
        tier: string;
        mfa: string;
      }>()
      .notNull(),
    reviewerMembershipId: uuid().notNull(),
    outcome: text({ enum: REVIEW_OUTCOMES }),
    comment: text(),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    escalatedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.reviewId),
    index().on(t.workspaceId, t.reviewerMembershipId),
    workspaceKey(t),
    sameWorkspace(t, t.reviewId, accessReviews),
    sameWorkspace(t, t.privilegedAccountId, privilegedAccounts),
  ],
);

export type PrivilegedAccount = typeof privilegedAccounts.$inferSelect;
export type AccessGrant = typeof accessGrants.$inferSelect;
export type RevocationTask = typeof revocationTasks.$inferSelect;
export type AccessReview = typeof accessReviews.$inferSelect;
export type AccessReviewLine = typeof accessReviewLines.$inferSelect;
