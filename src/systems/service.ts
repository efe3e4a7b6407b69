import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { auditorFor, recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { articles } from '../db/schema/knowledge.ts';
import { type System, systemDependencies, systems, ticketAssets } from '../db/schema/systems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { type Criticality, findDependencyCycle, type SystemKind } from '../domain/systems.ts';
import { assertParty, assertService, InvalidField } from '../problems/queries.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError, Conflict, NotFound, StaleVersion } from '../server/errors.ts';
import { findVisibleTicket, visibleTickets } from '../tickets/queries.ts';
import { partyNames, serviceNames } from '../workspaces/names.ts';
import { assertCanSystem } from './policy.ts';

export type SystemFields = {
  name: string;
  kind: SystemKind;
  criticality: Criticality;
  ownerPartyId: string;
  serviceId: string | null;
  description: string;
  recoveryArticleId: string | null;
  status: 'active' | 'retired';
};

/** Recovery steps live in a recovery procedure or runbook article of the same workspace. */
export const RECOVERY_ARTICLE_TYPES = ['recovery_procedure', 'runbook'] as const;

const audit = auditorFor('system');

export async function findSystem(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(systems)
    .where(and(eq(systems.workspaceId, workspaceId), eq(systems.id, id)));
  if (!row) throw new NotFound('No such system here.');
  return row;
}

async function assertRecoveryArticle(tx: Tx, workspaceId: string, articleId: string) {
  const [row] = await tx
    .select({ type: articles.type })
    .from(articles)
    .where(and(eq(articles.workspaceId, workspaceId), eq(articles.id, articleId)));
  // Security: another workspace's article is refused like one that does not exist.
  if (!row) throw new InvalidField('body.recoveryArticleId', 'is not an article of this workspace');
  if (!(RECOVERY_ARTICLE_TYPES as readonly string[]).includes(row.type))
    throw new InvalidField('body.recoveryArticleId', 'must be a recovery procedure or runbook article');
}

async function checkReferences(tx: Tx, ws: string, f: Partial<SystemFields>) {
  if (f.ownerPartyId) await assertParty(tx, ws, f.ownerPartyId, 'body.ownerPartyId');
  if (f.serviceId) await assertService(tx, ws, f.serviceId, 'body.serviceId');
  if (f.recoveryArticleId) await assertRecoveryArticle(tx, ws, f.recoveryArticleId);
}

export async function createSystem(
  ctx: WorkspaceContext,
  input: Omit<SystemFields, 'status' | 'ownerPartyId' | 'description' | 'serviceId' | 'recoveryArticleId'> &
    Partial<SystemFields>,
) {
  assertCanSystem(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const fields: SystemFields = {
        name: input.name,
        kind: input.kind,
        criticality: input.criticality,
        ownerPartyId: input.ownerPartyId ?? ctx.actor.partyId!,
        serviceId: input.serviceId ?? null,
        description: input.description ?? '',
        recoveryArticleId: input.recoveryArticleId ?? null,
        status: 'active',
      };
      await checkReferences(tx, ws, fields);
      const [system] = await tx
        .insert(systems)
        .values({ workspaceId: ws, ...fields })
        .returning();
      await audit(tx, ctx, 'system.created', system!.id, undefined, fields);
      return loadSystem(tx, ctx, system!.id);
    },
    ctx.meta,
  );
}

export async function updateSystem(
  ctx: WorkspaceContext,
  id: string,
  input: Partial<SystemFields> & { version: number },
) {
  assertCanSystem(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findSystem(tx, ws, id);
    if (before.version !== input.version) throw new StaleVersion('system', before.version);
    const { version: _v, ...changes } = input;
    await checkReferences(tx, ws, changes);
    const [after] = await tx
      .update(systems)
      .set({ ...changes, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(systems.id, id), eq(systems.version, before.version)))
      .returning();
    if (!after) throw new StaleVersion('system');
    const keys = Object.keys(changes).filter(
      (k) => (before as Record<string, unknown>)[k] !== (after as Record<string, unknown>)[k],
    );
    await audit(
      tx,
      ctx,
      'system.updated',
      id,
      Object.fromEntries(keys.map((k) => [k, (before as Record<string, unknown>)[k]])),
      Object.fromEntries(keys.map((k) => [k, (after as Record<string, unknown>)[k]])),
    );
    return loadSystem(tx, ctx, id);
  });
}

async function loadEdges(tx: Tx, ws: string) {
  const rows = await tx
    .select({ from: systemDependencies.systemId, to: systemDependencies.dependsOnSystemId })
    .from(systemDependencies)
    .where(eq(systemDependencies.workspaceId, ws));
  return rows;
}

/** systemId depends on dependsOnSystemId; a dependency that closes a loop is refused, naming it. */
export async function addDependency(ctx: WorkspaceContext, systemId: string, dependsOnSystemId: string) {
  assertCanSystem(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const system = await findSystem(tx, ws, systemId);
    const [other] = await tx
      .select()
      .from(systems)
      .where(and(eq(systems.workspaceId, ws), eq(systems.id, dependsOnSystemId)));
    if (!other) throw new InvalidField('body.dependsOnSystemId', 'is not a system of this workspace');
    // Serialise dependency changes per workspace, so two requests cannot close a loop together.
    await tx.select({ id: systems.id }).from(systems).where(eq(systems.workspaceId, ws)).for('update');
    const edges = await loadEdges(tx, ws);
    if (edges.some((e) => e.from === systemId && e.to === dependsOnSystemId))
      throw new Conflict(`${system.name} already depends on ${other.name}.`, 'ALREADY_LINKED');
    const cycle = findDependencyCycle(edges, systemId, dependsOnSystemId);
    if (cycle) {
      const names = new Map(
        (
          await tx
            .select({ id: systems.id, name: systems.name })
            .from(systems)
            .where(inArray(systems.id, cycle))
        ).map((r) => [r.id, r.name]),
      );
      const path = cycle.map((id) => names.get(id) ?? id).join(' → ');
      const message = `This dependency would make a circular dependency: ${path}.`;
      throw new AppError(400, 'CIRCULAR_DEPENDENCY', message, [
        { path: 'body.dependsOnSystemId', message, cycle: cycle.map((id) => names.get(id) ?? id) },
      ]);
    }
    await tx.insert(systemDependencies).values({ workspaceId: ws, systemId, dependsOnSystemId });
    await audit(tx, ctx, 'system.dependency_added', systemId, undefined, { dependsOnSystemId });
  });
}

export async function removeDependency(ctx: WorkspaceContext, systemId: string, dependsOnSystemId: string) {
  assertCanSystem(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await findSystem(tx, ws, systemId);
    const removed = await tx
      .delete(systemDependencies)
      .where(
        and(
          eq(systemDependencies.workspaceId, ws),
          eq(systemDependencies.systemId, systemId),
          eq(systemDependencies.dependsOnSystemId, dependsOnSystemId),
        ),
      )
      .returning({ id: systemDependencies.systemId });
    if (removed.length === 0) throw new NotFound('This system does not depend on that one.');
    await audit(tx, ctx, 'system.dependency_removed', systemId, { dependsOnSystemId });
  });
}

export async function listSystems(
  ctx: WorkspaceContext,
  query: { criticality?: Criticality | undefined; serviceId?: string | undefined },
) {
  assertCanSystem(ctx.actor, 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select({
        system: systems,
        recovery: {
          id: articles.id,
          number: articles.number,
          title: articles.title,
          status: articles.status,
        },
      })
      .from(systems)
      .leftJoin(articles, eq(articles.id, systems.recoveryArticleId))
      .where(
        and(
          eq(systems.workspaceId, ws),
          query.criticality ? eq(systems.criticality, query.criticality) : undefined,
          query.serviceId ? eq(systems.serviceId, query.serviceId) : undefined,
        ),
      )
      .orderBy(asc(systems.name));
    const edges = await loadEdges(tx, ws);
    const partyMap = await partyNames(tx, ws);
    const serviceMap = await serviceNames(tx, ws);
    return rows.map((r) => ({
      system: r.system,
      recovery: r.recovery?.id ? r.recovery : null,
      dependsOn: edges.filter((e) => e.from === r.system.id).map((e) => e.to),
      ownerPartyName: partyMap.get(r.system.ownerPartyId)?.name ?? null,
      serviceName: r.system.serviceId ? (serviceMap.get(r.system.serviceId) ?? null) : null,
    }));
  });
}

export async function getSystem(ctx: WorkspaceContext, id: string) {
  assertCanSystem(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => loadSystem(tx, ctx, id));
}

/** A system with its dependencies, recovery article and the tickets the reader may see. */
async function loadSystem(tx: Tx, ctx: WorkspaceContext, id: string) {
  const ws = ctx.actor.workspaceId;
  const system = await findSystem(tx, ws, id);
  const edges = await loadEdges(tx, ws);
  const related = edges.filter((e) => e.from === id || e.to === id);
  const ids = [...new Set(related.flatMap((e) => [e.from, e.to]))].filter((x) => x !== id);
  const others = ids.length
    ? await tx
        .select({ id: systems.id, name: systems.name, criticality: systems.criticality })
        .from(systems)
        .where(inArray(systems.id, ids))
    : [];
  const byId = new Map(others.map((o) => [o.id, o]));
  const [recovery] = system.recoveryArticleId
    ? await tx
        .select({
          id: articles.id,
          number: articles.number,
          title: articles.title,
          status: articles.status,
        })
        .from(articles)
        .where(eq(articles.id, system.recoveryArticleId))
    : [];
  const linkedTickets = await tx
    .select({
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      createdAt: tickets.createdAt,
    })
    .from(ticketAssets)
    .innerJoin(tickets, eq(tickets.id, ticketAssets.ticketId))
    .where(and(eq(ticketAssets.systemId, id), visibleTickets(ctx.actor)))
    .orderBy(asc(tickets.createdAt))
    .limit(100);
  const partyMap = await partyNames(tx, ws);
  const serviceMap = await serviceNames(tx, ws);
  return {
    system,
    recovery: recovery ?? null,
    dependsOn: related.filter((e) => e.from === id).map((e) => byId.get(e.to)!),
    dependents: related.filter((e) => e.to === id).map((e) => byId.get(e.from)!),
    tickets: linkedTickets,
    ownerPartyName: partyMap.get(system.ownerPartyId)?.name ?? null,
    serviceName: system.serviceId ? (serviceMap.get(system.serviceId) ?? null) : null,
  };
}

/** Assets of a ticket (any staff who can work the ticket may link one). */
export async function listTicketAssets(ctx: WorkspaceContext, ticketNumber: number) {
  assertCanSystem(ctx.actor, 'viewTicketAssets');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, ticketNumber);
    return tx
      .select({ id: systems.id, name: systems.name, criticality: systems.criticality, kind: systems.kind })
      .from(ticketAssets)
      .innerJoin(systems, eq(systems.id, ticketAssets.systemId))
      .where(eq(ticketAssets.ticketId, ticket.id))
      .orderBy(asc(systems.name));
  });
}

/** Links a system to a ticket as one of its assets; false when it was linked already. */
export async function insertTicketAsset(tx: Tx, ctx: WorkspaceContext, ticketId: string, systemId: string) {
  const inserted = await tx
    .insert(ticketAssets)
    .values({
      workspaceId: ctx.actor.workspaceId,
      ticketId,
      systemId,
      linkedByMembershipId: ctx.actor.membershipId,
    })
    .onConflictDoNothing()
    .returning({ id: ticketAssets.systemId });
  return inserted.length > 0;
}

export async function linkTicketAsset(ctx: WorkspaceContext, ticketNumber: number, systemId: string) {
  assertCanSystem(ctx.actor, 'linkTicketAssets');
  const ws = ctx.actor.workspaceId;
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, ticketNumber);
    const [system] = await tx
      .select({ id: systems.id })
      .from(systems)
      .where(and(eq(systems.workspaceId, ws), eq(systems.id, systemId), ne(systems.status, 'retired')));
    if (!system) throw new InvalidField('body.systemId', 'is not an active system of this workspace');
    if (!(await insertTicketAsset(tx, ctx, ticket.id, systemId)))
      throw new Conflict('This asset is already linked to the ticket.', 'ALREADY_LINKED');
    await recordWorkspaceAudit(tx, ctx, {
      action: 'ticket.asset_linked',
      entityType: 'ticket',
      entityId: ticket.id,
      after: { systemId },
    });
  });
}

export async function unlinkTicketAsset(ctx: WorkspaceContext, ticketNumber: number, systemId: string) {
  assertCanSystem(ctx.actor, 'linkTicketAssets');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, ticketNumber);
    const removed = await tx
      .delete(ticketAssets)
      .where(and(eq(ticketAssets.ticketId, ticket.id), eq(ticketAssets.systemId, systemId)))
      .returning({ id: ticketAssets.systemId });
    if (removed.length === 0) throw new NotFound('This asset is not linked to the ticket.');
    await recordWorkspaceAudit(tx, ctx, {
      action: 'ticket.asset_unlinked',
      entityType: 'ticket',
      entityId: ticket.id,
      before: { systemId },
    });
  });
}

export type { System };
