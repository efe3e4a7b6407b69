import { and, count, eq, gt, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { dummyPasswordHash, randomSecret, sha256, verifyPassword } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { type Account, loginFailures, type Session, sessions } from '../db/schema/accounts.ts';
import { apiTokens } from '../db/schema/api-tokens.ts';
import { withScopedTx } from '../db/tenant.ts';
import { actorOfRow } from '../domain/actor.ts';
import {
  PASSWORD_LIMITS,
  retryAfterSeconds,
  THROTTLE_WINDOW_MS,
  type ThrottleLimits,
} from '../domain/login-throttle.ts';
import {
  isMfaRequired,
  isMfaSatisfied,
  type MembershipForMfa,
  type MfaState,
  sessionMfaState,
} from '../domain/mfa-policy.ts';
import type { AccountContext, RequestMeta } from '../server/context.ts';
import { NotFound, TooManyAttempts, Unauthenticated } from '../server/errors.ts';
import type { ResolvedSession } from '../server/identity.ts';
import {
  findAccountByEmail,
  findLiveSession,
  listMembershipsForMfa,
  normaliseEmail,
  sessionColumns,
} from './queries.ts';

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_AFTER_MS = 5 * 60 * 1000;

export type SignedInSession = { token: string; session: Session; account: Account; mfaState: MfaState };

const accountScope = (accountId: string | null) => ({ workspaceId: null, accountId });

const tallyWhere = (condition: SQL) => ({
  count: count(sql`case when ${condition} then 1 end`),
  oldestAt: sql`min(case when ${condition} then ${loginFailures.at} end)`.mapWith(loginFailures.at),
});

/**
 * Refuses (429) while this key from this address, or this address, has too many recent failures
 * (and, for two-step codes, the key from anywhere). A key's failures from other addresses never
 * refuse this one: a stranger cannot lock the owner out.
 */
export async function assertNotThrottled(
  db: Database,
  throttleKey: string,
  ip: string,
  limits: ThrottleLimits = PASSWORD_LIMITS,
) {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  const isKey = eq(loginFailures.email, throttleKey);
  const isAddress = eq(loginFailures.ip, ip);
  const [row] = await db
    .select({
      pair: tallyWhere(and(isKey, isAddress)!),
      address: tallyWhere(isAddress),
      key: tallyWhere(isKey),
    })
    .from(loginFailures)
    .where(and(gt(loginFailures.at, since), limits.perKey === null ? isAddress : or(isKey, isAddress)));
  const tally = (t: { count: number; oldestAt: Date | null } | undefined) => ({
    count: t?.count ?? 0,
    oldestAt: t?.oldestAt ?? null,
  });
  const wait = retryAfterSeconds(
    { byPair: tally(row?.pair), byAddress: tally(row?.address), byKey: tally(row?.key) },
    limits,
    new Date(),
  );
  if (wait > 0) throw new TooManyAttempts(wait);
}

export async function recordFailure(db: Database, throttleKey: string, ip: string) {
  await db.insert(loginFailures).values({ email: throttleKey, ip });
  // Keep the table small: old failures no longer count.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - 2 * THROTTLE_WINDOW_MS)));
}

/** A success forgets this address's failures of the key, not a stranger's elsewhere. */
export async function clearFailures(db: Database, throttleKey: string, ip: string) {
  await db.delete(loginFailures).where(and(eq(loginFailures.email, throttleKey), eq(loginFailures.ip, ip)));
}

/** Email and password; the caller sets the cookie from the returned token. */
export async function signIn(
  db: Database,
  meta: RequestMeta,
  email: string,
  password: string,
): Promise<SignedInSession> {
  const throttleKey = normaliseEmail(email);
  const ip = meta.ip ?? 'unknown';
  await assertNotThrottled(db, throttleKey, ip);
  const account = await findAccountByEmail(db, throttleKey);
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!account || !ok || account.status !== 'active' || !account.passwordHash) {
    await recordFailure(db, throttleKey, ip);
    throw new Unauthenticated('The email or password is not right.', 'INVALID_CREDENTIALS');
  }
  await clearFailures(db, throttleKey, ip);
  return createSession(db, meta, account, 'account.signed_in');
}

export async function createSession(
  db: Database,
  meta: RequestMeta,
  account: Account,
  action: string,
  /**
   * Single sign-on: whether the provider asserted multi-factor, and its end-session URL (sealed)
   * when the provider's session ends with Tandem's.
   */
  options: { mfaByProvider?: boolean; providerSignOutEnc?: string | null } = {},
) {
  const token = randomSecret();
  return withScopedTx(db, accountScope(account.id), async (tx) => {
    const [session] = await tx
      .insert(sessions)
      .values({
        accountId: account.id,
        tokenHash: sha256(token),
        csrfToken: randomSecret(24),
        expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 400) ?? null,
        mfaByProvider: options.mfaByProvider ?? false,
        providerSignOutEnc: options.providerSignOutEnc ?? null,
      })
      .returning();
    await recordAudit(tx, meta, {
      workspaceId: null,
      actorAccountId: account.id,
      actorMembershipId: null,
      action,
      entityType: 'session',
      entityId: session!.id,
      after: { ip: meta.ip },
    });
    const mfaState = await computeMfaState(tx as unknown as Database, account, session!);
    return { token, session: session!, account, mfaState };
  });
}

/**
 * The session's MFA state when the account's memberships cannot change it, else null: whether MFA is
 * required matters only to an account that has not enrolled, is no administrator and did not sign in
 * through a provider that asserted MFA. Spares most signed-in requests a transaction of their own.
 */
function mfaStateWithoutMemberships(account: Account, session: Session): MfaState | null {
  const enrolled = account.mfaSecretEnc !== null;
  if (!enrolled && !account.isAdmin && !session.mfaByProvider) return null;
  return sessionMfaState({
    enrolled,
    required: account.isAdmin,
    sessionVerified: session.mfaVerifiedAt !== null,
    providerMfa: session.mfaByProvider,
  });
}

/** When the memberships decide: the account's active memberships as the rule reads them. */
function mfaStateFromMemberships(
  account: Account,
  session: Session,
  memberships: MembershipForMfa[],
): MfaState {
  return sessionMfaState({
    enrolled: false,
    required: isMfaRequired(account, memberships),
    sessionVerified: session.mfaVerifiedAt !== null,
    providerMfa: session.mfaByProvider,
  });
}

/** Reads the account's memberships (a definer function, any scope) only when they decide. */
export async function computeMfaState(db: Database, account: Account, session: Session): Promise<MfaState> {
  return (
    mfaStateWithoutMemberships(account, session) ??
    mfaStateFromMemberships(account, session, await listMembershipsForMfa(db, account.id))
  );
}

export type { ResolvedSession };

/**
 * The session behind a cookie value, or null when it is unknown, revoked, expired or its account
 * disabled; with the account's membership in the workspace of that slug when one is given.
 */
export async function resolveSession(
  db: Database,
  token: string,
  workspaceSlug?: string,
): Promise<ResolvedSession | null> {
  const found = await findLiveSession(db, sha256(token), workspaceSlug);
  if (found?.account.status !== 'active') return null;
  const { session, account } = found;
  const now = Date.now();
  if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    const expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS));
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now), expiresAt })
      .where(eq(sessions.id, session.id));
  }
  const mfaState =
    mfaStateWithoutMemberships(account, session) ??
    mfaStateFromMemberships(account, session, found.memberships);
  const workspaceActor = found.actor ? actorOfRow(account, found.actor) : null;
  return { session, account, mfaState, mfaSatisfied: isMfaSatisfied(mfaState), workspaceActor };
}

/**
 * Ends this session. Returns the sealed end-session URL of the identity provider it came from when
 * that provider's session is to end too (single sign-on with `signOutAtProvider`), else null.
 */
export async function signOut(ctx: AccountContext, sessionId: string): Promise<string | null> {
  return withScopedTx(ctx.db, accountScope(ctx.accountId), async (tx) => {
    const [ended] = await tx
      .select({ providerSignOutEnc: sessions.providerSignOutEnc })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    // The sealed ID token is not kept past the session's end.
    await tx
      .update(sessions)
      .set({ revokedAt: new Date(), providerSignOutEnc: null })
      .where(eq(sessions.id, sessionId));
    await recordAudit(tx, ctx.meta, {
      workspaceId: null,
      actorAccountId: ctx.accountId,
      actorMembershipId: null,
      action: 'session.revoked',
      entityType: 'session',
      entityId: sessionId,
    });
    return ended?.providerSignOutEnc ?? null;
  });
}

/** Ends every session and API token of the account at once. */
export async function signOutEverywhere(ctx: AccountContext) {
  await withScopedTx(ctx.db, accountScope(ctx.accountId), async (tx) => {
    const now = new Date();
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: now, providerSignOutEnc: null })
      .where(and(eq(sessions.accountId, ctx.accountId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    const revokedTokens = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.accountId, ctx.accountId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await recordAudit(tx, ctx.meta, {
      workspaceId: null,
      actorAccountId: ctx.accountId,
      actorMembershipId: null,
      action: 'account.signed_out_everywhere',
      entityType: 'account',
      entityId: ctx.accountId,
      after: { sessions: ended.length, tokens: revokedTokens.length },
    });
  });
}

export async function listSessions(ctx: AccountContext) {
  return ctx.db
    .select(sessionColumns)
    .from(sessions)
    .where(
      and(
        eq(sessions.accountId, ctx.accountId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
      ),
    )
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}

export async function revokeOwnSession(ctx: AccountContext, sessionId: string) {
  const [row] = await ctx.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(eq(sessions.id, sessionId), eq(sessions.accountId, ctx.accountId), isNull(sessions.revokedAt)),
    );
  if (!row) throw new NotFound('No such session.');
  await signOut(ctx, sessionId);
}

/** Ends the account's other sessions (after a password change). */
export async function revokeOtherSessions(tx: Database, accountId: string, keepSessionId: string | null) {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date(), providerSignOutEnc: null })
    .where(
      and(
        eq(sessions.accountId, accountId),
        isNull(sessions.revokedAt),
        keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
      ),
    );
}
