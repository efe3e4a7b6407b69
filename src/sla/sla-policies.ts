import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { services } from '../db/schema/responsibility.ts';
import { slaCalendars, slaPolicies } from '../db/schema/sla.ts';
import { catalogueItems } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { Priority } from '../domain/tickets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Conflict, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { findCalendar } from './calendars.ts';
import { audit } from './common.ts';
import { assertCanSla } from './policy.ts';

/** SLA policies: the targets per priority (and service or catalogue item), set by the internal lead. */
export type PolicyInput = {
  name: string;
  priority: Priority;
  serviceId: string | null;
  catalogueItemId: string | null;
  calendarId: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
};

export async function listPolicies(ctx: WorkspaceContext) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({
        policy: slaPolicies,
        calendarName: slaCalendars.name,
        serviceName: services.name,
        itemName: catalogueItems.name,
      })
      .from(slaPolicies)
      .innerJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
      .leftJoin(services, eq(services.id, slaPolicies.serviceId))
      .leftJoin(catalogueItems, eq(catalogueItems.id, slaPolicies.catalogueItemId))
      .where(eq(slaPolicies.workspaceId, ctx.actor.workspaceId))
      .orderBy(asc(slaPolicies.priority), asc(slaPolicies.name)),
  );
}

/** A policy has one scope (the workspace, a service or a catalogue item): a body names one at most. */
function assertOneScope(body: { serviceId?: string | null; catalogueItemId?: string | null }) {
  if (body.serviceId && body.catalogueItemId)
    throw new Invalid(
      'A policy applies to the whole workspace, one service or one catalogue item: send serviceId or catalogueItemId, not both.',
      'body.catalogueItemId',
    );
}

async function checkPolicy(tx: Tx, ctx: WorkspaceContext, input: PolicyInput, exceptId?: string) {
  const ws = ctx.actor.workspaceId;
  if (input.resolutionMinutes < input.firstResponseMinutes)
    throw new Invalid(
      'The resolution target cannot be shorter than the first-response target.',
      'body.resolutionMinutes',
    );
  await findCalendar(tx, ws, input.calendarId).catch(() => {
    throw new Invalid('calendarId names no calendar of this workspace.', 'body.calendarId');
  });
  let scope = 'the whole workspace';
  if (input.serviceId) {
    const [s] = await tx
      .select({ name: services.name })
      .from(services)
      .where(and(eq(services.id, input.serviceId), eq(services.workspaceId, ws)));
    if (!s) throw new Invalid('serviceId names no service of this workspace.', 'body.serviceId');
    scope = `the service “${s.name}”`;
  }
  if (input.catalogueItemId) {
    const [i] = await tx
      .select({ name: catalogueItems.name })
      .from(catalogueItems)
      .where(and(eq(catalogueItems.id, input.catalogueItemId), eq(catalogueItems.workspaceId, ws)));
    if (!i)
      throw new Invalid('catalogueItemId names no catalogue item of this workspace.', 'body.catalogueItemId');
    scope = `the catalogue item “${i.name}”`;
  }
  const same = (
    await tx
      .select()
      .from(slaPolicies)
      .where(and(eq(slaPolicies.workspaceId, ws), eq(slaPolicies.priority, input.priority)))
  ).find(
    (p) =>
      p.id !== exceptId && p.serviceId === input.serviceId && p.catalogueItemId === input.catalogueItemId,
  );
  if (same)
    throw new Conflict(
      `"${same.name}" already sets the targets for ${input.priority} in this scope (${scope}): change that policy, or give this one another priority or scope.`,
      'POLICY_EXISTS',
    );
}

export async function createPolicy(ctx: WorkspaceContext, input: PolicyInput) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      assertOneScope(input);
      await checkPolicy(tx, ctx, input);
      const [policy] = await tx
        .insert(slaPolicies)
        .values({ workspaceId: ctx.actor.workspaceId, ...input })
        .returning();
      await audit(tx, ctx, 'sla_policy.created', 'sla_policy', policy!.id, undefined, input);
      return policy!;
    },
    ctx.meta,
  );
}

export async function updatePolicy(
  ctx: WorkspaceContext,
  id: string,
  input: Partial<PolicyInput> & { version: number },
) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .select()
      .from(slaPolicies)
      .where(and(eq(slaPolicies.id, id), eq(slaPolicies.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new NotFound('No such SLA policy.');
    const { version, ...changes } = input;
    assertOneScope(changes);
    // A body naming either scope field names the whole scope: the other one is cleared, so moving a
    // policy from a service to a catalogue item takes one field, and an untouched scope stays as it is.
    const scopeSent = changes.serviceId !== undefined || changes.catalogueItemId !== undefined;
    const next: PolicyInput = {
      name: changes.name ?? before.name,
      priority: changes.priority ?? before.priority,
      serviceId: scopeSent ? (changes.serviceId ?? null) : before.serviceId,
      catalogueItemId: scopeSent ? (changes.catalogueItemId ?? null) : before.catalogueItemId,
      calendarId: changes.calendarId ?? before.calendarId,
      firstResponseMinutes: changes.firstResponseMinutes ?? before.firstResponseMinutes,
      resolutionMinutes: changes.resolutionMinutes ?? before.resolutionMinutes,
    };
    await checkPolicy(tx, ctx, next, id);
    const [after] = await tx
      .update(slaPolicies)
      .set({ ...next, version: sql`${slaPolicies.version} + 1` })
      .where(and(eq(slaPolicies.id, id), eq(slaPolicies.version, version)))
      .returning();
    if (!after) throw new StaleVersion('SLA policy', before.version);
    // Running clocks keep their targets: a policy change applies to tickets raised afterwards.
    await audit(tx, ctx, 'sla_policy.updated', 'sla_policy', id, before, after);
    return after;
  });
}

export async function deletePolicy(ctx: WorkspaceContext, id: string) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .delete(slaPolicies)
      .where(and(eq(slaPolicies.id, id), eq(slaPolicies.workspaceId, ctx.actor.workspaceId)))
      .returning();
    if (!before) throw new NotFound('No such SLA policy.');
    await audit(tx, ctx, 'sla_policy.deleted', 'sla_policy', id, before);
  });
}
