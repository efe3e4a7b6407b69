import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { nextNumberCte } from '../../db/counters.ts';
import { type Lookups, lookup } from '../../db/lookups.ts';
import { writeWithoutWaiting } from '../../db/pipeline.ts';
import { prebuilt } from '../../db/prebuilt.ts';
import { readTogether } from '../../db/rows.ts';
import { type CatalogueField, catalogueItems, tickets, ticketWatchers } from '../../db/schema/tickets.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { isStaff } from '../../domain/actor.ts';
import { type Level, type Priority, priorityOf, routeByMap } from '../../domain/tickets.ts';
import { notifyTicket, type TicketNotifySink } from '../../notifications/ticket-events.ts';
import { nowOf, type WorkspaceContext } from '../../server/context.ts';
import { Forbidden, Invalid } from '../../server/errors.ts';
import { plannedSlaDue, planSlaClocks, startSlaClocks } from '../../sla/clocks.ts';
import { slaReferencesRead } from '../../sla/references.ts';
import { loadRoutingInputs, type RoutingInputs, routingInputsRead } from '../queries.ts';
import { auditTicket, scopeOf } from './common.ts';

export type CreateTicketInput = {
  catalogueItemId?: string | undefined;
  serviceId?: string | undefined;
  subject: string;
  description: string;
  impact?: Level | undefined;
  urgency?: Level | undefined;
  fieldValues?: Record<string, unknown> | undefined;
  category?: string | undefined;
  /** Staff raising a ticket for someone else. */
  requesterMembershipId?: string | undefined;
  /** Goes to joint triage whatever the map says, with this reason (an alert no label rule matched). */
  jointTriageReason?: string | undefined;
};

/** Checks answers against the catalogue item's extra fields; unknown, missing or mistyped ones are refused. */
export function checkFieldValues(
  fields: CatalogueField[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(values))
    if (!known.has(name))
      throw new Invalid(`"${name}" is not a field of this request.`, `body.fieldValues.${name}`);
  const clean: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    const path = `body.fieldValues.${field.name}`;
    if (value === undefined || value === null || value === '') {
      if (field.required) throw new Invalid(`${field.label} is required.`, path);
      continue;
    }
    const ok =
      field.type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : field.type === 'checkbox'
          ? typeof value === 'boolean'
          : field.type === 'date'
            ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
            : field.type === 'select'
              ? typeof value === 'string' && (field.options ?? []).includes(value)
              : typeof value === 'string' && value.length <= 10_000;
    if (!ok)
      throw new Invalid(
        `${field.label} must be ${field.type === 'select' ? `one of: ${(field.options ?? []).join(', ')}` : `a ${field.type}`}.`,
        path,
      );
    clean[field.name] = value;
  }
  return clean;
}

type NewTicket = {
  workspaceId: string;
  requesterMembershipId: string;
  catalogueItemId: string | null;
  serviceId: string;
  subject: string;
  description: string;
  fieldValues: Record<string, unknown>;
  category: string | null;
  impact: Level;
  urgency: Level;
  priority: Priority;
  lanePartyId: string | null;
  routingReason: string;
  now: Date;
  slaDueAt: string | null;
};

/** The number and the ticket in one statement (one round trip fewer on every creation), built once. */
const insertTicket = prebuilt<NewTicket>()('ticket.insert', (tx, value) => {
  const next = nextNumberCte(tx, value('workspaceId'), sql`'ticket'`);
  return tx
    .with(next)
    .insert(tickets)
    .values({
      workspaceId: value('workspaceId'),
      number: sql`(select ${next.value} from ${next})`,
      requesterMembershipId: value('requesterMembershipId'),
      catalogueItemId: value('catalogueItemId'),
      serviceId: value('serviceId'),
      subject: value('subject'),
      description: value('description'),
      fieldValues: value('fieldValues'),
      category: value('category'),
      impact: value('impact'),
      urgency: value('urgency'),
      priority: value('priority'),
      lanePartyId: value('lanePartyId'),
      routingReason: value('routingReason'),
      createdAt: value('now'),
      updatedAt: value('now'),
      slaDueAt: sql`${value('slaDueAt')}::timestamptz`,
    })
    .returning();
});

async function resolveRequester(tx: Tx, ctx: WorkspaceContext, requesterMembershipId: string | undefined) {
  if (!requesterMembershipId || requesterMembershipId === ctx.actor.membershipId)
    return ctx.actor.membershipId;
  if (!isStaff(ctx.actor))
    throw new Forbidden('Only staff may raise a ticket for someone else.', 'TICKET_RIGHT_REQUIRED');
  const [m] = await tx
    .select({ id: memberships.id, status: memberships.status })
    .from(memberships)
    .where(
      and(eq(memberships.id, requesterMembershipId), eq(memberships.workspaceId, ctx.actor.workspaceId)),
    );
  if (m?.status !== 'active')
    throw new Invalid(
      'requesterMembershipId names no active member of this workspace.',
      'body.requesterMembershipId',
    );
  return m.id;
}

/**
 * A new ticket, routed by the current responsibility map; Informed parties watch it. `notifier`
 * receives its notification (the simulation's history passes one that drops it).
 */
export async function createTicket(
  ctx: WorkspaceContext,
  input: CreateTicketInput,
  notifier: TicketNotifySink = notifyTicket,
) {
  const { actor } = ctx;
  return withScopedTx(
    ctx.db,
    scopeOf(ctx),
    async (tx) => {
      const ws = actor.workspaceId;
      if (!isStaff(actor) && input.impact)
        throw new Invalid('Impact is assessed by IT; say how urgent it is for you instead.', 'body.impact');
      let serviceId = input.serviceId;
      let fieldValues: Record<string, unknown> = {};
      let impact: Level = input.impact ?? 'low';
      let urgency: Level = input.urgency ?? 'medium';
      if (input.catalogueItemId) {
        const itemId = input.catalogueItemId;
        const [item] = await lookup(ctx.lookups, `catalogue-item:${itemId}`, () =>
          tx
            .select()
            .from(catalogueItems)
            .where(
              and(
                eq(catalogueItems.id, itemId),
                eq(catalogueItems.workspaceId, ws),
                eq(catalogueItems.status, 'active'),
              ),
            ),
        );
        if (!item)
          throw new Invalid('catalogueItemId names no item of this catalogue.', 'body.catalogueItemId');
        if (serviceId && serviceId !== item.serviceId)
          throw new Invalid('serviceId does not match the catalogue item.', 'body.serviceId');
        serviceId = item.serviceId;
        fieldValues = checkFieldValues(item.fields, input.fieldValues ?? {});
        impact = input.impact ?? item.defaultImpact;
        urgency = input.urgency ?? item.defaultUrgency;
      } else if (!isStaff(actor)) {
        throw new Invalid(
          'Choose what you need from the catalogue (catalogueItemId).',
          'body.catalogueItemId',
        );
      } else if (input.fieldValues && Object.keys(input.fieldValues).length > 0) {
        throw new Invalid('fieldValues need a catalogue item.', 'body.fieldValues');
      }
      if (!serviceId) throw new Invalid('Give a catalogueItemId or a serviceId.', 'body.serviceId');
      const id = serviceId;
      const priority = priorityOf(impact, urgency);
      // The routing inputs and the SLA's reference rows in one statement; the clocks' plan below
      // finds the latter in this creation's lookups.
      const lookups: Lookups = ctx.lookups ?? new Map();
      const slaReferences = slaReferencesRead(ws, priority, lookups);
      const { service, assignments, parties } = await lookup(
        ctx.lookups,
        `routing-inputs:${id}`,
        async () => {
          if (!slaReferences) return loadRoutingInputs(tx, ws, id);
          const [inputs] = await readTogether<[RoutingInputs, undefined]>(tx, [
            routingInputsRead(ws, id),
            slaReferences,
          ]);
          return inputs;
        },
      );
      if (service?.status !== 'active')
        throw new Invalid('serviceId names no active service of this workspace.', 'body.serviceId');
      const requesterMembershipId = await resolveRequester(tx, ctx, input.requesterMembershipId);
      const routing = input.jointTriageReason
        ? { lane: { kind: 'joint' as const }, watcherPartyIds: [], reason: input.jointTriageReason }
        : routeByMap(service, assignments, parties);
      const now = nowOf(ctx);
      const catalogueItemId = input.catalogueItemId ?? null;
      // Its clocks are known before it is written: the ticket is stored with its SLA due time once.
      const slaPlan = await planSlaClocks(
        tx,
        { ...ctx, lookups },
        { priority, serviceId, catalogueItemId },
        now,
      );
      const [ticket] = await insertTicket(tx, {
        workspaceId: ws,
        requesterMembershipId,
        catalogueItemId,
        serviceId,
        subject: input.subject,
        description: input.description,
        fieldValues,
        category: input.category ?? null,
        impact,
        urgency,
        priority,
        lanePartyId: routing.lane.kind === 'party' ? routing.lane.partyId : null,
        routingReason: routing.reason,
        now,
        slaDueAt: plannedSlaDue(slaPlan)?.toISOString() ?? null,
      });
      if (routing.watcherPartyIds.length > 0) {
        const watchers = routing.watcherPartyIds.map((partyId) => ({
          workspaceId: ws,
          ticketId: ticket!.id,
          partyId,
        }));
        // Nobody reads its answer: where the transaction pipelines, the next statement follows at once.
        await writeWithoutWaiting(tx, () => tx.insert(ticketWatchers).values(watchers).execute());
      }
      await startSlaClocks(tx, ctx, ticket!, slaPlan);
      await notifier(tx, ctx, 'ticket.created', ticket!);
      await auditTicket(tx, ctx, 'ticket.created', ticket!.id, undefined, {
        number: ticket!.number,
        subject: ticket!.subject,
        priority: ticket!.priority,
        lanePartyId: ticket!.lanePartyId,
        routingReason: routing.reason,
      });
      // The names the creation already read, so its answer names the service and lane like a list does.
      const laneName = parties.find((p) => p.id === ticket!.lanePartyId)?.name ?? null;
      return { ...ticket!, serviceName: service.name, laneName };
    },
    ctx.meta,
  );
}
