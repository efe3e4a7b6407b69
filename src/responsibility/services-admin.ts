import { and, eq, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { decisionTypes } from '../db/schema/decisions.ts';
import { type Service, services } from '../db/schema/responsibility.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Conflict, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { scopeOf } from './map.ts';
import { assertCanResponsibility } from './policy.ts';

export type ServiceFields = {
  name: string;
  description: string;
  carriesBusinessDecisions: boolean;
  decisionTypeKeys: string[];
};

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'service';

/** The workspace's service with this id, or 404. */
async function serviceOf(tx: Tx, workspaceId: string, id: string) {
  const [found] = await tx
    .select()
    .from(services)
    .where(and(eq(services.id, id), eq(services.workspaceId, workspaceId)));
  if (!found) throw new NotFound('No such service.');
  return found;
}

/** Changes a service still at `version` (409 when it has moved on since), its version bumped. */
async function changeService(
  tx: Tx,
  before: Service,
  version: number,
  changes: Partial<typeof services.$inferInsert>,
) {
  const [after] = await tx
    .update(services)
    .set({ ...changes, version: sql`${services.version} + 1` })
    .where(
      and(
        eq(services.id, before.id),
        eq(services.workspaceId, before.workspaceId),
        eq(services.version, version),
      ),
    )
    .returning();
  if (!after) throw new StaleVersion('service', before.version);
  return after;
}

async function assertDecisionTypesExist(tx: Tx, workspaceId: string, keys: string[]) {
  if (keys.length === 0) return;
  const rows = await tx
    .select({ key: decisionTypes.key })
    .from(decisionTypes)
    .where(eq(decisionTypes.workspaceId, workspaceId));
  const known = new Set(rows.map((r) => r.key));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new Invalid(`Unknown decision type: ${unknown.join(', ')}.`, 'body.decisionTypeKeys');
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), sql`lower(${services.name}) = lower(${name})`));
  if (clash && clash.id !== exceptId)
    throw new Conflict(`A service called "${name}" already exists.`, 'SERVICE_NAME_TAKEN');
}

const audit = auditorFor('service');

export async function createService(ctx: WorkspaceContext, input: ServiceFields) {
  assertCanResponsibility(ctx.actor, 'manageServices');
  return withScopedTx(
    ctx.db,
    scopeOf(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      await assertNameFree(tx, ws, input.name);
      await assertDecisionTypesExist(tx, ws, input.decisionTypeKeys);
      const base = slugify(input.name);
      const taken = await tx
        .select({ key: services.key })
        .from(services)
        .where(and(eq(services.workspaceId, ws), sql`${services.key} like ${`${base}%`}`));
      const keys = new Set(taken.map((t) => t.key));
      let key = base;
      for (let n = 2; keys.has(key); n++) key = `${base}-${n}`;
      const [service] = await tx
        .insert(services)
        .values({ workspaceId: ws, key, ...input })
        .returning();
      await audit(tx, ctx, 'service.created', service!.id, undefined, service);
      return service!;
    },
    ctx.meta,
  );
}

export async function updateService(
  ctx: WorkspaceContext,
  id: string,
  input: Partial<ServiceFields> & { version: number },
) {
  assertCanResponsibility(ctx.actor, 'manageServices');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const before = await serviceOf(tx, ws, id);
    if (input.name !== undefined) await assertNameFree(tx, ws, input.name, id);
    if (input.decisionTypeKeys) await assertDecisionTypesExist(tx, ws, input.decisionTypeKeys);
    const { version, ...fields } = input;
    const after = await changeService(tx, before, version, fields);
    await audit(tx, ctx, 'service.updated', id, before, after);
    return after;
  });
}

/**
 * The business priority of a service. Security: only the internal lead sets it (issue #13); a
 * provider proposes one through a map proposal, which the internal lead accepts.
 */
export async function setServicePriority(
  ctx: WorkspaceContext,
  id: string,
  input: { businessPriority: number | null; version: number },
) {
  assertCanResponsibility(ctx.actor, 'setServicePriority');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const before = await serviceOf(tx, ctx.actor.workspaceId, id);
    const after = await changeService(tx, before, input.version, {
      businessPriority: input.businessPriority,
    });
    await audit(
      tx,
      ctx,
      'service.priority_changed',
      id,
      { businessPriority: before.businessPriority },
      { businessPriority: after.businessPriority },
    );
    return after;
  });
}

/** Applies accepted priority changes of a map proposal, in the approval's transaction. */
export async function applyPriorityChanges(
  tx: Tx,
  ctx: WorkspaceContext,
  changes: { serviceId: string; businessPriority: number | null }[],
  proposalNumber: number,
) {
  for (const change of changes) {
    const [before] = await tx
      .select({ businessPriority: services.businessPriority })
      .from(services)
      .where(and(eq(services.id, change.serviceId), eq(services.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new Conflict('A service of this proposal no longer exists.', 'SERVICE_GONE');
    await tx
      .update(services)
      .set({ businessPriority: change.businessPriority, version: sql`${services.version} + 1` })
      .where(eq(services.id, change.serviceId));
    await audit(
      tx,
      ctx,
      'service.priority_changed',
      change.serviceId,
      { businessPriority: before.businessPriority },
      { businessPriority: change.businessPriority, proposal: proposalNumber },
    );
  }
}

/** Services are never deleted once referenced; retiring keeps history and removes them from gap checks. */
export async function setServiceStatus(ctx: WorkspaceContext, id: string, status: 'active' | 'retired') {
  assertCanResponsibility(ctx.actor, 'manageServices');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const before = await serviceOf(tx, ws, id);
    if (before.status === status)
      throw new Conflict(`This service is already ${status}.`, 'SERVICE_STATUS_UNCHANGED');
    const [after] = await tx
      .update(services)
      .set({
        status,
        retiredAt: status === 'retired' ? new Date() : null,
        version: sql`${services.version} + 1`,
      })
      .where(and(eq(services.id, id), eq(services.workspaceId, ws)))
      .returning();
    await audit(
      tx,
      ctx,
      status === 'retired' ? 'service.retired' : 'service.reinstated',
      id,
      { status: before.status },
      { status },
    );
    return after!;
  });
}
