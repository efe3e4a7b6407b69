import { and, asc, eq, sql } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { services } from '../db/schema/responsibility.ts';
import { type CatalogueField, catalogueItems } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { Level } from '../domain/tickets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { serviceIdsByKey } from '../workspaces/names.ts';
import { DEFAULT_CATALOGUE } from './defaults.ts';
import { assertCanCatalogue, canCatalogue } from './policy.ts';

export type CatalogueItemInput = {
  serviceId: string;
  kind: 'request' | 'incident';
  name: string;
  description: string;
  fields: CatalogueField[];
  defaultImpact: Level;
  defaultUrgency: Level;
};

export async function seedDefaultCatalogue(tx: Tx, workspaceId: string) {
  const idByKey = await serviceIdsByKey(tx, workspaceId);
  const items = DEFAULT_CATALOGUE.filter((i) => idByKey.has(i.serviceKey)).map((i) => ({
    workspaceId,
    serviceId: idByKey.get(i.serviceKey)!,
    kind: i.kind,
    name: i.name,
    description: i.description,
    fields: i.fields ?? [],
    defaultImpact: i.impact,
    defaultUrgency: i.urgency,
  }));
  if (items.length > 0) await tx.insert(catalogueItems).values(items);
}

/** The catalogue grouped by service: everyone in the workspace may read the active items. */
export async function listCatalogue(ctx: WorkspaceContext, includeRetired: boolean) {
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ item: catalogueItems, serviceName: services.name })
      .from(catalogueItems)
      .innerJoin(services, eq(services.id, catalogueItems.serviceId))
      .where(
        and(
          eq(catalogueItems.workspaceId, ctx.actor.workspaceId),
          includeRetired && canCatalogue(ctx.actor, 'viewRetired')
            ? undefined
            : eq(catalogueItems.status, 'active'),
          includeRetired && canCatalogue(ctx.actor, 'viewRetired')
            ? undefined
            : eq(services.status, 'active'),
        ),
      )
      .orderBy(asc(services.name), asc(catalogueItems.name)),
  );
}

function assertFieldsWellFormed(fields: CatalogueField[]) {
  const names = new Set<string>();
  for (const [i, f] of fields.entries()) {
    if (names.has(f.name)) throw new Invalid(`Two fields are called "${f.name}".`, `body.fields.${i}.name`);
    names.add(f.name);
    if (f.type === 'select' && (!f.options || f.options.length === 0))
      throw new Invalid('A select field needs options.', `body.fields.${i}.options`);
  }
}

async function assertService(tx: Tx, workspaceId: string, serviceId: string) {
  const [service] = await tx
    .select({ id: services.id })
    .from(services)
    .where(
      and(eq(services.id, serviceId), eq(services.workspaceId, workspaceId), eq(services.status, 'active')),
    );
  if (!service) throw new Invalid('serviceId names no active service of this workspace.', 'body.serviceId');
}

export async function createCatalogueItem(ctx: WorkspaceContext, input: CatalogueItemInput) {
  assertCanCatalogue(ctx.actor, 'manage');
  assertFieldsWellFormed(input.fields);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await assertService(tx, ctx.actor.workspaceId, input.serviceId);
      const [item] = await tx
        .insert(catalogueItems)
        .values({ workspaceId: ctx.actor.workspaceId, ...input })
        .returning();
      await recordWorkspaceAudit(tx, ctx, {
        action: 'catalogue_item.created',
        entityType: 'catalogue_item',
        entityId: item!.id,
        after: item,
      });
      return item!;
    },
    ctx.meta,
  );
}

export async function updateCatalogueItem(
  ctx: WorkspaceContext,
  id: string,
  input: Partial<CatalogueItemInput> & { version: number; status?: 'active' | 'retired' },
) {
  assertCanCatalogue(ctx.actor, 'manage');
  if (input.fields) assertFieldsWellFormed(input.fields);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .select()
      .from(catalogueItems)
      .where(and(eq(catalogueItems.id, id), eq(catalogueItems.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new NotFound('No such catalogue item.');
    if (input.serviceId) await assertService(tx, ctx.actor.workspaceId, input.serviceId);
    const { version, ...fields } = input;
    const [after] = await tx
      .update(catalogueItems)
      .set({ ...fields, version: sql`${catalogueItems.version} + 1` })
      .where(and(eq(catalogueItems.id, id), eq(catalogueItems.version, version)))
      .returning();
    if (!after) throw new StaleVersion('catalogue item', before.version);
    await recordWorkspaceAudit(tx, ctx, {
      action: 'catalogue_item.updated',
      entityType: 'catalogue_item',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
