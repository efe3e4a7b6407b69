import { index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { workspaces } from './workspaces.ts';

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

/**
 * A lead's rule: people whose verified e-mail is at this domain may join the workspace as requesters
 * by signing in with single sign-on (nobody else joins uninvited).
 */
export const ssoDomainRules = pgTable(
  'sso_domain_rules',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    domain: text().notNull(),
    createdByMembershipId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.workspaceId, t.domain),
    index().on(t.domain),
    primaryKey({ columns: [t.workspaceId, t.id] }),
  ],
);

export type SsoDomainRule = typeof ssoDomainRules.$inferSelect;
export type OidcIdentity = typeof oidcIdentities.$inferSelect;
