import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { randomSecret, sha256 } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { apiTokens } from '../db/schema/api-tokens.ts';
import { withScopedTx } from '../db/tenant.ts';
import { type ActorRow, actorOfRow } from '../domain/actor.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { NotFound } from '../server/errors.ts';
import type { ResolvedToken } from '../server/identity.ts';

export const TOKEN_PREFIX = 'tdm_';

import { type ApiToken, TOKEN_SCOPES } from './contract.ts';

export { TOKEN_SCOPES };
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const LAST_USED_RESOLUTION_MS = 60_000;

export function presentToken(t: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes as TokenScope[],
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  };
}

export async function createApiToken(
  ctx: WorkspaceContext,
  input: { name: string; scopes: TokenScope[]; expiresInDays: number },
) {
  const secret = `${TOKEN_PREFIX}${randomSecret()}`;
  const { actor } = ctx;
  return withScopedTx(
    ctx.db,
    { workspaceId: actor.workspaceId, accountId: actor.accountId },
    async (tx) => {
      const [token] = await tx
        .insert(apiTokens)
        .values({
          workspaceId: actor.workspaceId,
          membershipId: actor.membershipId,
          accountId: actor.accountId,
          name: input.name,
          tokenHash: sha256(secret),
          scopes: [...new Set(input.scopes)],
          expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
        })
        .returning();
      await recordAudit(tx, ctx.meta, {
        workspaceId: actor.workspaceId,
        actorAccountId: actor.accountId,
        actorMembershipId: actor.membershipId,
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: token!.id,
        after: presentToken(token!),
      });
      return { token: token!, secret };
    },
    ctx.meta,
  );
}

export async function listMyApiTokens(ctx: WorkspaceContext) {
  return ctx.db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.membershipId, ctx.actor.membershipId),
        eq(apiTokens.workspaceId, ctx.actor.workspaceId),
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(ctx: WorkspaceContext, tokenId: string) {
  const { actor } = ctx;
  await withScopedTx(ctx.db, { workspaceId: actor.workspaceId, accountId: actor.accountId }, async (tx) => {
    const [token] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiTokens.id, tokenId),
          eq(apiTokens.membershipId, actor.membershipId),
          eq(apiTokens.workspaceId, actor.workspaceId),
          isNull(apiTokens.revokedAt),
        ),
      )
      .returning();
    if (!token) throw new NotFound('No such API token.');
    await recordAudit(tx, ctx.meta, {
      workspaceId: actor.workspaceId,
      actorAccountId: actor.accountId,
      actorMembershipId: actor.membershipId,
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: token.id,
      before: presentToken({ ...token, revokedAt: null }),
      after: presentToken(token),
    });
  });
}

export type { ResolvedToken };

type TokenActorRow = ActorRow & {
  token_id: string;
  scopes: string[];
  last_used_at: Date | string | null;
  account_id: string;
  is_admin: boolean;
};

/**
 * The membership an API token acts as, or null when the token is unknown, revoked or expired, or
 * its account or membership is no longer active. One call: it runs on every API request.
 */
export async function resolveApiToken(db: Database, secret: string): Promise<ResolvedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const result = await db.execute(sql`select * from tandem_api_token_actor(${sha256(secret)})`);
  const [row] = (result as unknown as { rows: TokenActorRow[] }).rows;
  if (!row) return null;
  const actor = actorOfRow({ id: row.account_id, isAdmin: row.is_admin }, row);
  const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.token_id));
  }
  return { actor, scopes: row.scopes as TokenScope[], tokenId: row.token_id };
}
