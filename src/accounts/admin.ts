import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { hashPassword } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { RequestMeta } from '../server/context.ts';
import { Conflict, Invalid, NotFound } from '../server/errors.ts';
import { resetMfa } from './mfa.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, storeNewPassword } from './password.ts';
import { normaliseEmail } from './queries.ts';

function assertPassword(password: string) {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new Invalid(
      `The password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters.`,
      'password',
    );
  }
}

/** Operator actions (CLI, setup, demo): no signed-in actor, audited in the accounts chain. */
export async function createAccount(
  db: Database,
  meta: RequestMeta,
  input: { email: string; name: string; password: string; isAdmin?: boolean },
  /** The password's hash when the caller already made it (the demo's accounts share one password). */
  hashed?: string,
) {
  assertPassword(input.password);
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    throw new Invalid(`"${input.email}" is not an email address.`, 'email');
  const passwordHash = hashed ?? (await hashPassword(input.password));
  return withScopedTx(db, { workspaceId: null, accountId: null }, async (tx) => {
    const [account] = await tx
      .insert(accounts)
      .values({ email, name: input.name.trim(), passwordHash, isAdmin: input.isAdmin ?? false })
      .onConflictDoNothing({ target: accounts.email })
      .returning();
    if (!account) throw new Conflict(`An account for ${email} already exists.`, 'ACCOUNT_EXISTS');
    await recordAudit(tx, meta, {
      workspaceId: null,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'account.created',
      entityType: 'account',
      entityId: account.id,
      after: { email, name: account.name, isAdmin: account.isAdmin },
    });
    return account;
  });
}

async function requireAccount(db: Database, email: string) {
  const [account] = await db
    .select()
    .from(accounts)
    .where(eq(accounts.email, normaliseEmail(email)));
  if (!account) throw new NotFound(`No account for ${email}.`);
  return account;
}

export async function resetPassword(db: Database, meta: RequestMeta, email: string, password: string) {
  assertPassword(password);
  const account = await requireAccount(db, email);
  await storeNewPassword(db, meta, account.id, password, {
    actorAccountId: null,
    keepSessionId: null,
    action: 'account.password_reset',
  });
}

export async function resetAccountMfa(db: Database, meta: RequestMeta, email: string) {
  const account = await requireAccount(db, email);
  await withScopedTx(db, { workspaceId: null, accountId: null }, (tx) => resetMfa(tx, meta, account.id));
}

export async function countAccounts(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  return Number(row?.n ?? 0);
}
