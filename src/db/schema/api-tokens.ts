import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { memberships, workspaces } from './workspaces.ts';

/** Integration tokens act as one membership; looked up by digest before the workspace is known. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.membershipId), index().on(t.accountId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
