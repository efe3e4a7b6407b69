import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId, sameWorkspace, version, workspaceId, workspaceKey } from './columns.ts';
import { memberships, parties } from './workspaces.ts';

/** A knowledge-transfer session: the provider (or internal staff) walks the internal team through something. */
export const handoverSessions = pgTable(
  'handover_sessions',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    topic: text().notNull(),
    heldAt: timestamp({ withTimezone: true }).notNull(),
    presenterPartyId: uuid().notNull(),
    serviceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    systemIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** Knowledge articles produced by the session. */
    articleIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    notes: text().notNull().default(''),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.heldAt),
    workspaceKey(t),
    sameWorkspace(t, t.presenterPartyId, parties),
  ],
);

/** An internal staff member invited to a session, and whether they attended. */
export const handoverAttendees = pgTable(
  'handover_attendees',
  {
    workspaceId: workspaceId(),
    sessionId: uuid().notNull(),
    membershipId: uuid().notNull(),
    attended: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.sessionId, t.membershipId] }),
    index().on(t.membershipId),
    sameWorkspace(t, t.sessionId, handoverSessions),
    sameWorkspace(t, t.membershipId, memberships),
  ],
);

export type HandoverSession = typeof handoverSessions.$inferSelect;
