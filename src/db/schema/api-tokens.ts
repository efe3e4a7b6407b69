import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { createdAt, rowId, sameWorkspace, workspaceId, workspaceKey } from './columns.ts';
import { memberships } from './workspaces.ts';

/** Integration tokens act as one membership; looked up by digest before the workspace is known. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    membershipId: uuid().notNull(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    tokenHash: text().notNull(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.membershipId),
    index().on(t.accountId),
    workspaceKey(t),
    sameWorkspace(t, t.membershipId, memberships),
    unique().on(t.workspaceId, t.tokenHash),
    // A token is looked up by its digest before its workspace is known (256 random bits: unique in practice).
    index().on(t.tokenHash),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;
