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
  const passwordHash = await hashPassword(input.newPassword);
  await withScopedTx(db, { workspaceId: null, accountId: account.id }, async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, updatedAt: new Date(), version: sql`${accounts.version} + 1` })
      .where(eq(accounts.id, account.id));
    await revokeOtherSessions(tx as unknown as Database, account.id, currentSessionId);
    await recordAudit(tx, meta, {
      workspaceId: null,
      actorAccountId: account.id,
      actorMembershipId: null,
      action: 'account.password_changed',
      entityType: 'account',
      entityId: account.id,
    });
  });
}
