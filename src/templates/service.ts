import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { services } from '../db/schema/responsibility.ts';
import { type TicketTemplate, ticketTemplates } from '../db/schema/templates.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import type { CreateTemplateInput, UpdateTemplateInput } from './contract.ts';
import { assertCanTemplate, canSeeTemplate } from './policy.ts';

const audit = auditorFor('ticket_template');

export type TemplateWithService = { template: TicketTemplate; serviceName: string | null };

async function findVisible(tx: Tx, ctx: WorkspaceContext, id: string): Promise<TicketTemplate> {
  const [row] = await tx
    .select()
    .from(ticketTemplates)
    .where(and(eq(ticketTemplates.id, id), eq(ticketTemplates.workspaceId, ctx.actor.workspaceId)));
  if (!row || !canSeeTemplate(ctx.actor, row)) throw new NotFound('No such ticket template.');
  return row;
}

async function withServiceNames(tx: Tx, ctx: WorkspaceContext, rows: TicketTemplate[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.serviceId ? [r.serviceId] : [])))];
  const names = ids.length
    ? await tx
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(and(eq(services.workspaceId, ctx.actor.workspaceId), inArray(services.id, ids)))
    : [];
  return rows.map(
    (template): TemplateWithService => ({
      template,
      serviceName: names.find((n) => n.id === template.serviceId)?.name ?? null,
    }),
  );
}

async function checkService(tx: Tx, ctx: WorkspaceContext, serviceId: string | null | undefined) {
  if (!serviceId) return;
  const [service] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.workspaceId, ctx.actor.workspaceId)));
  if (!service) throw new Invalid('serviceId names no service of this workspace.', 'body.serviceId');
}

/** The templates the actor may use, by title. */
export async function listTemplates(ctx: WorkspaceContext) {
  assertCanTemplate(ctx.actor, 'list');
  const partyId = ctx.actor.partyId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select()
      .from(ticketTemplates)
      .where(
        and(
          eq(ticketTemplates.workspaceId, ctx.actor.workspaceId),
          or(isNull(ticketTemplates.partyId), partyId ? eq(ticketTemplates.partyId, partyId) : undefined),
        ),
      )
      .orderBy(asc(ticketTemplates.title))
      .limit(200);
    return withServiceNames(tx, ctx, rows);
  });
}

export async function createTemplate(ctx: WorkspaceContext, input: CreateTemplateInput) {
  const partyId = input.scope === 'workspace' ? null : ctx.actor.partyId;
  assertCanTemplate(ctx.actor, 'create', { partyId });
  const { scope: _scope, ...fields } = input;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await checkService(tx, ctx, input.serviceId);
      const [row] = await tx
        .insert(ticketTemplates)
        .values({
          workspaceId: ctx.actor.workspaceId,
          partyId,
          ...fields,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await audit(tx, ctx, 'ticket_template.created', row!.id, undefined, { ...fields, partyId });
      return (await withServiceNames(tx, ctx, [row!]))[0]!;
    },
    ctx.meta,
  );
}

export async function updateTemplate(ctx: WorkspaceContext, id: string, input: UpdateTemplateInput) {
  assertCanTemplate(ctx.actor, 'update');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertCanTemplate(ctx.actor, 'update', before);
    const { version, ...change } = input;
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    await checkService(tx, ctx, input.serviceId);
    const [after] = await tx
      .update(ticketTemplates)
      .set({ ...defined, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(ticketTemplates.id, id), eq(ticketTemplates.version, version)))
      .returning();
    if (!after) throw new StaleVersion('ticket template', before.version);
    await audit(tx, ctx, 'ticket_template.updated', id, before, defined);
    return (await withServiceNames(tx, ctx, [after]))[0]!;
  });
}

export async function deleteTemplate(ctx: WorkspaceContext, id: string) {
  assertCanTemplate(ctx.actor, 'delete');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertCanTemplate(ctx.actor, 'delete', before);
    await tx.delete(ticketTemplates).where(eq(ticketTemplates.id, id));
    await audit(tx, ctx, 'ticket_template.deleted', id, before);
  });
}
