import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** A person's login. Global: one account may belong to several workspaces. */
export const accounts = pgTable('accounts', {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull().unique(),
  name: text().notNull(),
  passwordHash: text(),
  isAdmin: boolean().notNull().default(false),
  status: text({ enum: ['active', 'disabled'] })
    .notNull()
    .default('active'),
  // TOTP secrets must be readable to verify codes, so they are encrypted, not hashed.
  mfaSecretEnc: text(),
  mfaPendingSecretEnc: text(),
  mfaEnrolledAt: timestamp({ withTimezone: true }),
  mfaLastStep: bigint({ mode: 'number' }),
  createdAt: createdAt(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
});

export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    tokenHash: text().notNull().unique(),
    csrfToken: text().notNull(),
    mfaVerifiedAt: timestamp({ withTimezone: true }),
    /** The identity provider asserted multi-factor at sign-in (single sign-on): no TOTP asked. */
    mfaByProvider: boolean().notNull().default(false),
    /**
     * Single sign-on with a provider that ends its own session too: the provider's end-session URL
     * (with the ID token as hint), sealed with the server key; read only at sign-out.
     */
    providerSignOutEnc: text(),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.accountId)],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    email: text().notNull(),
    ip: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.at), index().on(t.ip, t.at)],
);

export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.accountId)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: uuid().notNull(),
    key: text().notNull(),
    workspaceId: uuid(),
    requestHash: text().notNull(),
    statusCode: integer(),
    response: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] }), index().on(t.createdAt)],
);

export type Account = typeof accounts.$inferSelect;
/** A session as requests see it (findLiveSession): without the provider's sign-out URL. */
export type Session = Omit<typeof sessions.$inferSelect, 'providerSignOutEnc'>;
