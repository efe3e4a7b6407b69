import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { createdAt, rowId, workspaceId, workspaceKey } from './columns.ts';

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
    createdAt: createdAt(),
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
    id: rowId(),
    workspaceId: workspaceId(),
    domain: text().notNull(),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.workspaceId, t.domain), index().on(t.domain), workspaceKey(t)],
);

/**
 * What happened at each single sign-on attempt (global, like oidc_identities: most attempts end
 * before any workspace is known). `workspace_ids` names the workspaces the person belongs to (or
 * joined) when the attempt got that far; a lead's page shows only the rows naming their workspace.
 * Bounded: each insert keeps the newest SSO_EVENTS_KEPT rows of its provider (src/sso/events.ts).
 */
export const ssoSignInEvents = pgTable(
  'sso_sign_in_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** signed_in (a linked identity), linked (first sign-in of a member), joined (by domain), refused. */
    outcome: text().notNull(),
    /** The refusal's code (SSO_NOT_INVITED…), null when signed in. */
    code: text(),
    /** The refusal's reason as the person was shown it. */
    reason: text(),
    /** The e-mail the provider asserted, when it got that far. */
    email: text(),
    workspaceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index().on(t.provider, t.at)],
);

export type SsoSignInEvent = typeof ssoSignInEvents.$inferSelect;
export type SsoDomainRule = typeof ssoDomainRules.$inferSelect;
export type OidcIdentity = typeof oidcIdentities.$inferSelect;
