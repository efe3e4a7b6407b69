import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import {
  type BacklogItem,
  type BacklogPriority,
  type BacklogSource,
  type BacklogStatus,
  backlogItems,
} from '../db/schema/backlog.ts';
import { incidents } from '../db/schema/incidents.ts';
import { parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { backlogKey, checkQuarter, incidentKey, reorderColumn } from '../domain/incidents.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { isWorkspaceParty } from '../workspaces/queries.ts';
import { assertCanBacklog } from './policy.ts';

export type NewBacklogItemInput = {
  title: string;
  why: string;
  ownerPartyId: string;
  priority: BacklogPriority;
  targetQuarter?: string | null | undefined;
  source: BacklogSource;
  sourceId?: string | null | undefined;
  sourceLabel?: string | null | undefined;
};

async function checkOwnerParty(tx: Tx, workspaceId: string, partyId: string, field: string) {
  if (!(await isWorkspaceParty(tx, workspaceId, partyId)))
    throw new Invalid('must name a party of this workspace', field);
}

function checkTargetQuarter(value: string | null | undefined, field: string) {
  if (value === null || value === undefined) return;
  const check = checkQuarter(value);
  if (!check.ok) throw new Invalid(check.message, field);
}

const auditItem = auditorFor('backlog_item');

async function endOfColumn(tx: Tx, workspaceId: string, status: BacklogStatus) {
  const [row] = await tx
    .select({ rank: max(backlogItems.rank) })
    .from(backlogItems)
    .where(and(eq(backlogItems.workspaceId, workspaceId), eq(backlogItems.status, status)));
  return (row?.rank ?? 0) + 1;
}

/** Adds an item inside the caller's transaction (the post-incident review's actions come through here). */
export async function insertBacklogItem(
  tx: Tx,
  ctx: WorkspaceContext,
  input: NewBacklogItemInput,
  fieldPrefix = 'body',
): Promise<BacklogItem> {
  const ws = ctx.actor.workspaceId;
  assertCanBacklog(ctx.actor, 'create');
  await checkOwnerParty(tx, ws, input.ownerPartyId, `${fieldPrefix}.ownerPartyId`);
  checkTargetQuarter(input.targetQuarter, `${fieldPrefix}.targetQuarter`);
  const number = await nextNumber(tx, ws, 'backlog');
  const [item] = await tx
    .insert(backlogItems)
    .values({
      workspaceId: ws,
      number,
      title: input.title,
      why: input.why,
      ownerPartyId: input.ownerPartyId,
      priority: input.priority,
      targetQuarter: input.targetQuarter ?? null,
      source: input.source,
      sourceId: input.sourceId ?? null,
      sourceLabel: input.sourceLabel ?? null,
      rank: await endOfColumn(tx, ws, 'proposed'),
      createdByMembershipId: ctx.actor.membershipId,
    })
    .returning();
  await auditItem(tx, ctx, 'backlog_item.created', item!.id, undefined, item);
  return item!;
}

export async function createBacklogItem(
  ctx: WorkspaceContext,
  input: Omit<NewBacklogItemInput, 'sourceId'> & { sourceIncident?: number | undefined },
) {
  assertCanBacklog(ctx.actor, 'create');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      let sourceId: string | null = null;
      if (input.source === 'post_change_review')
        throw new Invalid("a change review's actions are added from the change's review", 'body.source');
      if (input.source === 'post_incident_review') {
        if (input.sourceIncident === undefined)
          throw new Invalid(
            'name the incident (such as MI-3) whose review this action comes from',
            'body.sourceIncident',
          );
        const [incident] = await tx
          .select({ id: incidents.id })
          .from(incidents)
          .where(
            and(eq(incidents.workspaceId, ctx.actor.workspaceId), eq(incidents.number, input.sourceIncident)),
          );
        if (!incident)
          throw new Invalid(
            `No major incident ${incidentKey(input.sourceIncident)} here.`,
            'body.sourceIncident',
          );
        sourceId = incident.id;
      }
      const item = await insertBacklogItem(tx, ctx, { ...input, sourceId });
      return loadRow(tx, ctx.actor.workspaceId, item.number);
    },
    ctx.meta,
  );
}

export type BacklogFilter = {
  status?: BacklogStatus[] | undefined;
  source?: BacklogSource | undefined;
  ownerPartyId?: string | undefined;
};

const selectItems = (tx: Tx) =>
  tx
    .select({
      item: backlogItems,
      ownerName: parties.name,
      ownerKind: parties.kind,
      incidentNumber: incidents.number,
      incidentTitle: incidents.title,
    })
    .from(backlogItems)
    .innerJoin(parties, eq(parties.id, backlogItems.ownerPartyId))
    .leftJoin(
      incidents,
      and(eq(backlogItems.source, 'post_incident_review'), eq(incidents.id, backlogItems.sourceId)),
    );

export async function listBacklog(ctx: WorkspaceContext, filter: BacklogFilter) {
  assertCanBacklog(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    selectItems(tx)
      .where(
        and(
          eq(backlogItems.workspaceId, ctx.actor.workspaceId),
          filter.status?.length ? inArray(backlogItems.status, filter.status) : undefined,
          filter.source ? eq(backlogItems.source, filter.source) : undefined,
          filter.ownerPartyId ? eq(backlogItems.ownerPartyId, filter.ownerPartyId) : undefined,
        ),
      )
      .orderBy(asc(backlogItems.status), asc(backlogItems.rank), asc(backlogItems.number))
      .limit(1000),
  );
}

async function loadRow(tx: Tx, workspaceId: string, number: number) {
  const [row] = await selectItems(tx).where(
    and(eq(backlogItems.workspaceId, workspaceId), eq(backlogItems.number, number)),
  );
  if (!row) throw new NotFound(`No backlog item ${backlogKey(number)}.`);
  return row;
}

export type BacklogRow = Awaited<ReturnType<typeof loadRow>>;

export async function getBacklogItem(ctx: WorkspaceContext, number: number) {
  assertCanBacklog(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => loadRow(tx, ctx.actor.workspaceId, number));
}

export type UpdateBacklogInput = {
  version: number;
  title?: string | undefined;
  why?: string | undefined;
  ownerPartyId?: string | undefined;
  priority?: BacklogPriority | undefined;
  targetQuarter?: string | null | undefined;
  sourceLabel?: string | null | undefined;
};

export async function updateBacklogItem(ctx: WorkspaceContext, number: number, input: UpdateBacklogInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const { item: before } = await loadRow(tx, ws, number);
      assertCanBacklog(ctx.actor, 'update', before);
      if (input.priority !== undefined && input.priority !== before.priority)
        assertCanBacklog(ctx.actor, 'prioritise', before);
      const { version, ...changes } = input;
      if (changes.ownerPartyId) await checkOwnerParty(tx, ws, changes.ownerPartyId, 'body.ownerPartyId');
      checkTargetQuarter(changes.targetQuarter, 'body.targetQuarter');
      const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length === 0) throw new Invalid('Nothing to change.', 'body');
      const [after] = await tx
        .update(backlogItems)
        .set({ ...set, updatedAt: new Date(), version: sql`${backlogItems.version} + 1` })
        .where(and(eq(backlogItems.id, before.id), eq(backlogItems.version, version)))
        .returning();
      if (!after) throw new StaleVersion('backlog item', before.version);
      await auditItem(
        tx,
        ctx,
        'backlog_item.changed',
        before.id,
        Object.fromEntries(Object.keys(set).map((k) => [k, before[k as keyof BacklogItem]])),
        set,
      );
      return loadRow(tx, ws, number);
    },
    ctx.meta,
  );
}

/** A board move: to a status column, at a position in it; the column's order is rewritten. */
export async function moveBacklogItem(
  ctx: WorkspaceContext,
  number: number,
  input: { version: number; status: BacklogStatus; position?: number | undefined },
) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const { item: before } = await loadRow(tx, ws, number);
      assertCanBacklog(ctx.actor, 'update', before);
      // Placing an item (an explicit position, or reordering its own column) sets the order.
      if (input.position !== undefined || before.status === input.status)
        assertCanBacklog(ctx.actor, 'prioritise', before);
      if (before.version !== input.version) throw new StaleVersion('backlog item', before.version);
      const column = await tx
        .select({ id: backlogItems.id })
        .from(backlogItems)
        .where(and(eq(backlogItems.workspaceId, ws), eq(backlogItems.status, input.status)))
        .orderBy(asc(backlogItems.rank), asc(backlogItems.number))
        .for('update');
      const ordered = reorderColumn(column, { id: before.id }, input.position ?? column.length);
      for (const [i, entry] of ordered.entries()) {
        if (entry.id === before.id) continue;
        await tx
          .update(backlogItems)
          .set({ rank: i + 1 })
          .where(eq(backlogItems.id, entry.id));
      }
      const rank = ordered.findIndex((e) => e.id === before.id) + 1;
      const [after] = await tx
        .update(backlogItems)
        .set({ status: input.status, rank, updatedAt: new Date(), version: sql`${backlogItems.version} + 1` })
        .where(and(eq(backlogItems.id, before.id), eq(backlogItems.version, input.version)))
        .returning();
      if (!after) throw new StaleVersion('backlog item', before.version);
      await auditItem(
        tx,
        ctx,
        before.status === input.status ? 'backlog_item.reordered' : 'backlog_item.moved',
        before.id,
        { status: before.status, rank: before.rank },
        { status: input.status, rank },
      );
      return loadRow(tx, ws, number);
    },
    ctx.meta,
  );
}

/**
 * The backlog items raised from one record (a change's or an incident's review, a service review, a
 * risk's treatment), in number order, with their owning party's name and kind.
 */
export async function actionsRaisedFrom(
  tx: Tx,
  workspaceId: string,
  source: BacklogSource,
  sourceId: string,
) {
  return tx
    .select({ item: backlogItems, ownerName: parties.name, ownerKind: parties.kind })
    .from(backlogItems)
    .innerJoin(parties, eq(parties.id, backlogItems.ownerPartyId))
    .where(
      and(
        eq(backlogItems.workspaceId, workspaceId),
        eq(backlogItems.source, source),
        eq(backlogItems.sourceId, sourceId),
      ),
    )
    .orderBy(asc(backlogItems.number));
}
