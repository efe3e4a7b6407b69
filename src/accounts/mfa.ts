import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { decryptSecret, encryptSecret, randomSecret, sha256 } from '../crypto/secrets.ts';
import type { Database, Tx } from '../db/client.ts';
import { type Account, accounts, loginFailures, mfaRecoveryCodes, sessions } from '../db/schema/accounts.ts';
import { withScopedTx } from '../db/tenant.ts';
import { SECOND_STEP_LIMITS } from '../domain/login-throttle.ts';
import type { RequestMeta } from '../server/context.ts';
import { Conflict, Invalid, Unauthenticated } from '../server/errors.ts';
import { assertNotThrottled, recordFailure } from './sessions.ts';
import { describeEnrolment, matchTotpStep, newTotpSecret } from './totp.ts';

export type MfaDeps = { db: Database; secretKey: Buffer; meta: RequestMeta };

const RECOVERY_CODE_COUNT = 10;
const scope = (accountId: string) => ({ workspaceId: null, accountId });

function newRecoveryCode(): string {
  // 10 base32-like characters in two groups: easy to type, ~50 bits, single use.
  const raw = randomSecret(8)
    .replace(/[^a-zA-Z0-9]/g, '')
    .toLowerCase()
    .padEnd(10, '7')
    .slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}
const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

async function replaceRecoveryCodes(tx: Tx, accountId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.accountId, accountId));
  await tx.insert(mfaRecoveryCodes).values(codes.map((code) => ({ accountId, codeHash: sha256(code) })));
  return codes;
}

function audit(tx: Tx, meta: RequestMeta, accountId: string, action: string, after?: unknown) {
  return recordAudit(tx, meta, {
    workspaceId: null,
    actorAccountId: accountId,
    actorMembershipId: null,
    action,
    entityType: 'account',
    entityId: accountId,
    after,
  });
}

/** Starts (or restarts) enrolment: a new secret waits until a code from it is confirmed. */
export async function startMfaEnrolment(deps: MfaDeps, account: Account) {
  if (account.mfaSecretEnc)
    throw new Conflict('Two-step sign-in is already set up for this account.', 'MFA_ALREADY_ENROLLED');
  const secret = newTotpSecret();
  await deps.db
    .update(accounts)
    .set({ mfaPendingSecretEnc: encryptSecret(deps.secretKey, secret) })
    .where(eq(accounts.id, account.id));
  return describeEnrolment(secret, account.email);
}

export async function confirmMfaEnrolment(deps: MfaDeps, account: Account, sessionId: string, code: string) {
  if (account.mfaSecretEnc)
    throw new Conflict('Two-step sign-in is already set up for this account.', 'MFA_ALREADY_ENROLLED');
  if (!account.mfaPendingSecretEnc) throw new Conflict('Start enrolment first.', 'MFA_ENROLMENT_NOT_STARTED');
  const secret = decryptSecret(deps.secretKey, account.mfaPendingSecretEnc);
  const step = matchTotpStep(secret, code);
  if (step === null)
    throw new Invalid('That code is not right; check the time on your device and try again.', 'body.code');
  return withScopedTx(deps.db, scope(account.id), async (tx) => {
    await tx
      .update(accounts)
      .set({
        mfaSecretEnc: account.mfaPendingSecretEnc,
        mfaPendingSecretEnc: null,
        mfaEnrolledAt: new Date(),
        mfaLastStep: step,
        updatedAt: new Date(),
        version: sql`${accounts.version} + 1`,
      })
      .where(eq(accounts.id, account.id));
    await tx.update(sessions).set({ mfaVerifiedAt: new Date() }).where(eq(sessions.id, sessionId));
    const recoveryCodes = await replaceRecoveryCodes(tx, account.id);
    await audit(tx, deps.meta, account.id, 'account.mfa_enrolled');
    return recoveryCodes;
  });
}

/** Checks a TOTP code (refusing a replayed one) and records its step; false when wrong. */
async function checkTotp(tx: Tx, deps: MfaDeps, account: Account, code: string): Promise<boolean> {
  if (!account.mfaSecretEnc) return false;
  const step = matchTotpStep(decryptSecret(deps.secretKey, account.mfaSecretEnc), code);
  if (step === null || (account.mfaLastStep !== null && step <= account.mfaLastStep)) return false;
  // Security: the conditional update makes a code usable once even when two requests race.
  const updated = await tx
    .update(accounts)
    .set({ mfaLastStep: step })
    .where(and(eq(accounts.id, account.id), sql`coalesce(${accounts.mfaLastStep}, -1) < ${step}`))
    .returning({ id: accounts.id });
  return updated.length === 1;
}

async function consumeRecoveryCode(tx: Tx, accountId: string, code: string): Promise<boolean> {
  const used = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(mfaRecoveryCodes.accountId, accountId),
        eq(mfaRecoveryCodes.codeHash, sha256(normaliseRecoveryCode(code))),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  return used.length === 1;
}

export async function verifyMfa(
  deps: MfaDeps,
  account: Account,
  sessionId: string,
  proof: { code?: string | undefined; recoveryCode?: string | undefined },
) {
  if (!account.mfaSecretEnc)
    throw new Conflict('Two-step sign-in is not set up for this account.', 'MFA_NOT_ENROLLED');
  // Security: six digits fall to guessing unless wrong codes are throttled like passwords.
  const throttleKey = `mfa:${account.id}`;
  await assertNotThrottled(deps.db, throttleKey, deps.meta.ip ?? 'unknown', SECOND_STEP_LIMITS);
  const ok = await withScopedTx(deps.db, scope(account.id), async (tx) => {
    const passed = proof.code
      ? await checkTotp(tx, deps, account, proof.code)
      : await consumeRecoveryCode(tx, account.id, proof.recoveryCode ?? '');
    if (!passed) return false;
    await tx.update(sessions).set({ mfaVerifiedAt: new Date() }).where(eq(sessions.id, sessionId));
    await audit(
      tx,
      deps.meta,
      account.id,
      proof.code ? 'session.mfa_verified' : 'session.mfa_recovery_code_used',
    );
    return true;
  });
  if (!ok) {
    await recordFailure(deps.db, throttleKey, deps.meta.ip ?? 'unknown');
    throw new Unauthenticated('That code is not right or was already used.', 'INVALID_MFA_CODE');
  }
  await deps.db.delete(loginFailures).where(eq(loginFailures.email, throttleKey));
}

export async function regenerateRecoveryCodes(deps: MfaDeps, account: Account, code: string) {
  return withScopedTx(deps.db, scope(account.id), async (tx) => {
    if (!(await checkTotp(tx, deps, account, code))) {
      throw new Invalid('That code is not right or was already used.', 'body.code');
    }
    const codes = await replaceRecoveryCodes(tx, account.id);
    await audit(tx, deps.meta, account.id, 'account.recovery_codes_regenerated');
    return codes;
  });
}

/** Administrator action (CLI): clears MFA so the person enrols again at next sign-in. */
export async function resetMfa(tx: Tx, meta: RequestMeta, accountId: string) {
  await tx
    .update(accounts)
    .set({ mfaSecretEnc: null, mfaPendingSecretEnc: null, mfaEnrolledAt: null, mfaLastStep: null })
    .where(eq(accounts.id, accountId));
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.accountId, accountId));
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)));
  await audit(tx, meta, accountId, 'account.mfa_reset');
}
