import { foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { memberships, workspaces } from './workspaces.ts';

/** Integration tokens act as one membership; looked up by digest before the workspace is known. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    membershipId: uuid().notNull(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    tokenHash: text().notNull(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.membershipId),
    index().on(t.accountId),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.membershipId],
      foreignColumns: [memberships.workspaceId, memberships.id],
    }),
    unique().on(t.workspaceId, t.tokenHash),
    // A token is looked up by its digest before its workspace is known (256 random bits: unique in practice).
    index().on(t.tokenHash),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;
