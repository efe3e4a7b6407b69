import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

/**
 * An identity at an OpenID Connect provider linked to a Tandem account (global, like accounts):
 * found by (provider, subject) at each sign-in, linked once by verified e-mail.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().notNull(),
    subject: text().notNull(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    email: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.provider, t.subject), index().on(t.accountId)],
);

export type OidcIdentity = typeof oidcIdentities.$inferSelect;
