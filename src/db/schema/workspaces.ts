import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
// Party kinds and roles are domain vocabulary; the columns take their values from there.
import { PARTY_KINDS, type PartyKind, ROLES, type Role } from '../../domain/actor.ts';
import { accounts } from './accounts.ts';

export { PARTY_KINDS, type PartyKind, ROLES, type Role };

export const workspaces = pgTable('workspaces', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  requireMfa: boolean().notNull().default(false),
  /** Prefix of human ticket keys (ACME-1042). */
  ticketPrefix: text().notNull().default('TDM'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
});

export const parties = pgTable(
  'parties',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    name: text().notNull(),
    kind: text({ enum: PARTY_KINDS }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    unique().on(t.workspaceId, t.id),
    unique().on(t.workspaceId, t.name),
    uniqueIndex('parties_name_ci').on(t.workspaceId, sql`lower(${t.name})`),
    // At most one internal party per workspace; creating a workspace creates it.
    uniqueIndex('parties_one_internal_per_workspace').on(t.workspaceId).where(sql`kind = 'internal'`),
    primaryKey({ columns: [t.workspaceId, t.id] }),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    partyId: uuid(),
    role: text({ enum: ROLES }).notNull(),
    status: text({ enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    unique().on(t.workspaceId, t.accountId),
    index().on(t.accountId),
    // The party must belong to the same workspace.
    foreignKey({ columns: [t.workspaceId, t.partyId], foreignColumns: [parties.workspaceId, parties.id] }),
    check('memberships_requester_has_no_party', sql`(${t.role} = 'requester') = (${t.partyId} is null)`),
    primaryKey({ columns: [t.workspaceId, t.id] }),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    email: text().notNull(),
    partyId: uuid(),
    role: text({ enum: ROLES }).notNull(),
    tokenHash: text().notNull(),
    invitedByMembershipId: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.workspaceId),
    foreignKey({ columns: [t.workspaceId, t.partyId], foreignColumns: [parties.workspaceId, parties.id] }),
    check('invitations_requester_has_no_party', sql`(${t.role} = 'requester') = (${t.partyId} is null)`),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique().on(t.workspaceId, t.tokenHash),
    // A token is looked up by its digest before its workspace is known (256 random bits: unique in practice).
    index().on(t.tokenHash),
  ],
);

export type Workspace = typeof workspaces.$inferSelect;
export type Party = typeof parties.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
