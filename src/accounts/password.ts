import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { hashPassword, verifyPassword } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { type Account, accounts } from '../db/schema/accounts.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { RequestMeta } from '../server/context.ts';
import { Invalid } from '../server/errors.ts';
import { revokeOtherSessions } from './sessions.ts';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './contract.ts';

export async function changePassword(
  db: Database,
  meta: RequestMeta,
  account: Account,
  currentSessionId: string | null,
  input: { currentPassword: string; newPassword: string },
) {
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new Invalid('The current password is not right.', 'body.currentPassword');
  }
  if (input.newPassword === input.currentPassword) {
    throw new Invalid('The new password must differ from the current one.', 'body.newPassword');
  }
  await storeNewPassword(db, meta, account.id, input.newPassword, {
    actorAccountId: account.id,
    keepSessionId: currentSessionId,
    action: 'account.password_changed',
  });
}

/**
 * Stores a new password: the other sessions end and the audit chain records it. One path for the
 * holder's change (their session stays) and the operator's reset (every session ends).
 */
export async function storeNewPassword(
  db: Database,
  meta: RequestMeta,
  accountId: string,
  password: string,
  by: {
    actorAccountId: string | null;
    keepSessionId: string | null;
    action: 'account.password_changed' | 'account.password_reset';
  },
) {
  const passwordHash = await hashPassword(password);
  await withScopedTx(db, { workspaceId: null, accountId: by.actorAccountId }, async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, updatedAt: new Date(), version: sql`${accounts.version} + 1` })
      .where(eq(accounts.id, accountId));
    await revokeOtherSessions(tx as unknown as Database, accountId, by.keepSessionId);
    await recordAudit(tx, meta, {
      workspaceId: null,
      actorAccountId: by.actorAccountId,
      actorMembershipId: null,
      action: by.action,
      entityType: 'account',
      entityId: accountId,
    });
  });
}
