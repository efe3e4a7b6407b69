import { and, asc, count, eq, sql } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { memberships, parties, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Conflict, NotFound, StaleVersion } from '../server/errors.ts';
import { assertCanWorkspace } from './policy.ts';

const auditFor =
  (ctx: WorkspaceContext) =>
  (tx: Tx, e: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown }) =>
    recordWorkspaceAudit(tx, ctx, {
      ...e,
    });

export async function getWorkspace(ctx: WorkspaceContext) {
  const [ws] = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx.select().from(workspaces).where(eq(workspaces.id, ctx.actor.workspaceId)),
  );
  if (!ws) throw new NotFound('No such workspace.');
  return ws;
}

export async function updateWorkspace(
  ctx: WorkspaceContext,
  input: { version: number; name?: string | undefined; requireMfa?: boolean | undefined },
) {
  assertCanWorkspace(ctx.actor, 'update');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx.select().from(workspaces).where(eq(workspaces.id, ctx.actor.workspaceId));
    if (!before) throw new NotFound('No such workspace.');
    const [after] = await tx
      .update(workspaces)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.requireMfa !== undefined && { requireMfa: input.requireMfa }),
        version: sql`${workspaces.version} + 1`,
      })
      .where(and(eq(workspaces.id, ctx.actor.workspaceId), eq(workspaces.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('workspace', before.version);
    await auditFor(ctx)(tx, {
      action: 'workspace.updated',
      entityType: 'workspace',
      entityId: after.id,
      before,
      after,
    });
    return after;
  });
}

export async function listParties(ctx: WorkspaceContext) {
  assertCanWorkspace(ctx.actor, 'listParties');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({
        id: parties.id,
        name: parties.name,
        kind: parties.kind,
        version: parties.version,
        createdAt: parties.createdAt,
        memberCount: count(sql`case when ${memberships.status} = 'active' then 1 end`),
      })
      .from(parties)
      .leftJoin(
        memberships,
        and(eq(memberships.workspaceId, parties.workspaceId), eq(memberships.partyId, parties.id)),
      )
      .where(eq(parties.workspaceId, ctx.actor.workspaceId))
      // The key is (workspace_id, id) since the composite keys: group by all of it.
      .groupBy(parties.workspaceId, parties.id)
      .orderBy(sql`${parties.kind} = 'provider'`, asc(parties.name)),
  );
}

async function assertPartyNameFree(tx: Tx, workspaceId: string, name: string) {
  const [clash] = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.workspaceId, workspaceId), sql`lower(${parties.name}) = lower(${name})`));
  if (clash)
    throw new Conflict(`A party called "${name}" already exists in this workspace.`, 'PARTY_NAME_TAKEN');
}

/** Adds a provider party (the internal party is created with the workspace). */
export async function createProviderParty(ctx: WorkspaceContext, input: { name: string }) {
  assertCanWorkspace(ctx.actor, 'manageParties');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await assertPartyNameFree(tx, ctx.actor.workspaceId, input.name);
      const [party] = await tx
        .insert(parties)
        .values({ workspaceId: ctx.actor.workspaceId, name: input.name, kind: 'provider' })
        .returning();
      await auditFor(ctx)(tx, {
        action: 'party.created',
        entityType: 'party',
        entityId: party!.id,
        after: party,
      });
      return party!;
    },
    ctx.meta,
  );
}

export async function renameParty(
  ctx: WorkspaceContext,
  partyId: string,
  input: { version: number; name: string },
) {
  assertCanWorkspace(ctx.actor, 'manageParties');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .select()
      .from(parties)
      .where(and(eq(parties.id, partyId), eq(parties.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new NotFound('No such party.');
    if (before.name.toLowerCase() !== input.name.toLowerCase())
      await assertPartyNameFree(tx, ctx.actor.workspaceId, input.name);
    const [after] = await tx
      .update(parties)
      .set({ name: input.name, version: sql`${parties.version} + 1` })
      .where(
        and(
          eq(parties.id, partyId),
          eq(parties.workspaceId, ctx.actor.workspaceId),
          eq(parties.version, input.version),
        ),
      )
      .returning();
    if (!after) throw new StaleVersion('party', before.version);
    await auditFor(ctx)(tx, {
      action: 'party.renamed',
      entityType: 'party',
      entityId: partyId,
      before,
      after,
    });
    return after;
  });
}
