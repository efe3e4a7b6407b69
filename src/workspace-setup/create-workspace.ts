import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/client.ts';
import { auditChainHeads } from '../db/schema/audit.ts';
import { memberships, parties, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { GENESIS_HASH } from '../domain/audit-chain.ts';
import { seedDefaultObligations } from '../obligations/defaults.ts';
import { seedWorkspaceDefaults } from '../responsibility/defaults.ts';
import type { RequestMeta } from '../server/context.ts';
import { Conflict, Forbidden } from '../server/errors.ts';

// Creating a workspace composes several areas (the workspace, the starting responsibility map, the
// default obligations), so it lives above them: no area imports this folder.

export type CreateWorkspaceInput = {
  name: string;
  slug: string;
  internalPartyName: string;
  ticketPrefix?: string | undefined;
};

/** ACME from acme-manufacturing: letters and digits of the address, up to six. */
export const ticketPrefixFor = (slug: string) =>
  slug
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 6)
    .toUpperCase() || 'TDM';

/** A workspace with its internal party, and the creator as internal lead. Administrators only. */
export async function createWorkspace(
  db: Database,
  meta: RequestMeta,
  creator: { accountId: string; isAdmin: boolean },
  input: CreateWorkspaceInput,
) {
  if (!creator.isAdmin) throw new Forbidden('Only administrators may create workspaces.', 'ADMIN_REQUIRED');
  const id = randomUUID();
  // The new row must be inside the transaction's scope for RETURNING to see it. meta carries the
  // Idempotency-Key, claimed in this same transaction so that a replay gets the stored response.
  return withScopedTx(
    db,
    { workspaceId: id, accountId: creator.accountId },
    async (tx) => {
      // RLS hides other workspaces, so the unique index decides whether the address is free.
      const [workspace] = await tx
        .insert(workspaces)
        .values({
          id,
          name: input.name,
          slug: input.slug,
          ticketPrefix: input.ticketPrefix ?? ticketPrefixFor(input.slug),
        })
        .onConflictDoNothing({ target: workspaces.slug })
        .returning();
      if (!workspace)
        throw new Conflict(`The address "${input.slug}" is taken; choose another.`, 'SLUG_TAKEN');
      const ws = workspace!;
      await tx.insert(auditChainHeads).values({ chain: ws.id, lastHash: GENESIS_HASH });
      const [party] = await tx
        .insert(parties)
        .values({ workspaceId: ws.id, name: input.internalPartyName, kind: 'internal' })
        .returning();
      const [membership] = await tx
        .insert(memberships)
        .values({ workspaceId: ws.id, accountId: creator.accountId, partyId: party!.id, role: 'lead' })
        .returning();
      const actor = {
        workspaceId: ws.id,
        actorAccountId: creator.accountId,
        actorMembershipId: membership!.id,
      };
      await recordAudit(tx, meta, {
        ...actor,
        action: 'workspace.created',
        entityType: 'workspace',
        entityId: ws.id,
        after: ws,
      });
      await recordAudit(tx, meta, {
        ...actor,
        action: 'party.created',
        entityType: 'party',
        entityId: party!.id,
        after: party,
      });
      await recordAudit(tx, meta, {
        ...actor,
        action: 'member.added',
        entityType: 'membership',
        entityId: membership!.id,
        after: membership,
      });
      const seeded = await seedWorkspaceDefaults(tx, ws.id, party!.id);
      await recordAudit(tx, meta, {
        ...actor,
        action: 'responsibility_map.version_created',
        entityType: 'map_version',
        entityId: seeded.versionId,
        after: { number: 1, summary: 'Starting map from the default services', services: seeded.services },
      });
      const seededObligations = await seedDefaultObligations(tx, ws.id, membership!.id);
      await recordAudit(tx, meta, {
        ...actor,
        action: 'obligation.defaults_seeded',
        entityType: 'workspace',
        entityId: ws.id,
        after: { obligations: seededObligations.map((o) => o.title) },
      });
      return { workspace: ws, internalParty: party!, membership: membership! };
    },
    meta,
  );
}
