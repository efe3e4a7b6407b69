import { sql } from 'drizzle-orm';
import type { RequestMeta } from '../domain/actor.ts';
import { Conflict } from '../domain/errors.ts';
import type { Database, Tx } from './client.ts';
import { dropDeferredOnFailure } from './deferred.ts';
import { idempotencyKeys } from './schema/accounts.ts';
import { scopedTransactionsOf, scopeSettingsSql, type TxScope } from './scope.ts';

export type { TxScope };

/** The RLS scope of someone acting inside a workspace. */
export const workspaceScope = (ctx: { actor: { workspaceId: string; accountId: string } }): TxScope => ({
  workspaceId: ctx.actor.workspaceId,
  accountId: ctx.actor.accountId,
});

/**
 * Runs fn in one transaction whose row-level-security scope is the given workspace and account.
 * Security: every read and write of business rows goes through here, so RLS always has a scope.
 * On PostgreSQL the pool opens the transaction and sets the scope in one round trip (client.ts);
 * elsewhere (PGlite, or a transaction already open) BEGIN and the scope are two statements.
 */
export async function withScopedTx<T>(
  db: Database,
  scope: TxScope,
  fn: (tx: Tx) => Promise<T>,
  meta?: RequestMeta,
): Promise<T> {
  // A savepoint inside a batch (db/deferred.ts) drops the writes it deferred when it rolls back.
  return dropDeferredOnFailure(() => scopedTx(db, scope, fn, meta));
}

function scopedTx<T>(
  db: Database,
  scope: TxScope,
  fn: (tx: Tx) => Promise<T>,
  meta?: RequestMeta,
): Promise<T> {
  const work = async (tx: Tx) => {
    if (meta?.idempotency && !meta.idempotency.claimed && scope.accountId) {
      await claimIdempotencyKey(tx, scope, meta.idempotency);
      meta.idempotency.claimed = true;
    }
    return fn(tx);
  };
  const scoped = scopedTransactionsOf<Tx>(db);
  if (scoped) return scoped(scope, work);
  const settings = scopeSettingsSql(scope);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(settings));
    return work(tx);
  });
}

// The key is claimed inside the change's own transaction: the change and the key commit together,
// so a replay can never run the change twice.
async function claimIdempotencyKey(tx: Tx, scope: TxScope, idem: { key: string; requestHash: string }) {
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({
      accountId: scope.accountId!,
      key: idem.key,
      workspaceId: scope.workspaceId,
      requestHash: idem.requestHash,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) {
    throw new Conflict(
      'A request with this Idempotency-Key has already been made and its change committed; repeat it to get the stored response.',
      'IDEMPOTENCY_KEY_IN_USE',
    );
  }
}
