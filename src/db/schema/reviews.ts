import { sql } from 'drizzle-orm';
import {
  date,
  doublePrecision,
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
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { parties, workspaces } from './workspaces.ts';

/** One figure of one measure on one day: '' is the workspace total, otherwise a lane, priority, party or level. */
export const measureSnapshots = pgTable(
  'measure_snapshots',
  {
    workspaceId: workspaceId(),
    day: date({ mode: 'string' }).notNull(),
    measure: text().notNull(),
    dimension: text().notNull().default(''),
    value: doublePrecision().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.day, t.measure, t.dimension] }),
    index().on(t.workspaceId, t.measure, t.day),
  ],
);
export type MeasureSnapshot = typeof measureSnapshots.$inferSelect;

/** The claim that a workspace's day was snapshotted: inserted once, so the work runs once per day. */
export const measureSnapshotRuns = pgTable(
  'measure_snapshot_runs',
  {
    workspaceId: workspaceId(),
    day: date({ mode: 'string' }).notNull(),
    /** Days written (1, or the backfill's length at a workspace's first snapshot). */
    days: integer().notNull(),
    durationMs: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day] })],
);

export const SERVICE_REVIEW_STATUSES = ['draft', 'held'] as const;
export type ServiceReviewStatus = (typeof SERVICE_REVIEW_STATUSES)[number];

/** A service review of one period; held reviews keep their figures (frozenPack) for ever. */
export const serviceReviews = pgTable(
  'service_reviews',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    periodStart: date({ mode: 'string' }).notNull(),
    /** The first day after the period. */
    periodEnd: date({ mode: 'string' }).notNull(),
    cadence: text().notNull(),
    status: text({ enum: SERVICE_REVIEW_STATUSES }).notNull().default('draft'),
    heldOn: date({ mode: 'string' }),
    heldAt: timestamp({ withTimezone: true }),
    heldByMembershipId: uuid(),
    attendees: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The pack as it was when the review was held: never recomputed. */
    frozenPack: jsonb().$type<Record<string, unknown>>(),
    /** When the pack was e-mailed to the recipients (once per review). */
    mailedAt: timestamp({ withTimezone: true }),
    createdByMembershipId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    unique().on(t.workspaceId, t.periodStart, t.periodEnd),
    unique('service_reviews_workspace_id_id_unique').on(t.workspaceId, t.id),
    workspaceKey(t),
  ],
);
export type ServiceReview = typeof serviceReviews.$inferSelect;

/** Commentary on one section of a review, one per party (the internal lead's and the provider lead's). */
export const reviewCommentary = pgTable(
  'review_commentary',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    reviewId: uuid().notNull(),
    section: text().notNull(),
    partyId: uuid().notNull(),
    authorMembershipId: uuid().notNull(),
    body: text().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.reviewId, t.section, t.partyId),
    sameWorkspace(t, t.reviewId, serviceReviews),
    sameWorkspace(t, t.partyId, parties),
    workspaceKey(t),
  ],
);
export type ReviewCommentary = typeof reviewCommentary.$inferSelect;

/** Who receives each review's pack by e-mail after its period (members of the workspace). */
export const reviewSettings = pgTable('review_settings', {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id),
  recipientMembershipIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  updatedAt: updatedAt(),
  version: version(),
});
