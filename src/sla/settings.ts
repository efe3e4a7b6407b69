import { and, asc, eq, sql } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { services } from '../db/schema/responsibility.ts';
import {
  afterHoursCoverRules,
  type EscalationActions,
  type SlaClockKind,
  slaCalendars,
  slaClocks,
  slaEscalationRules,
  slaPolicies,
} from '../db/schema/sla.ts';
import { catalogueItems } from '../db/schema/tickets.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { validateCalendar, type WeeklyHours } from '../domain/business-time.ts';
import type { Priority } from '../domain/tickets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError, Conflict, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { assertCanSla } from './policy.ts';

const audit = (
  tx: Tx,
  ctx: WorkspaceContext,
  action: string,
  entityType: string,
  id: string,
  before?: unknown,
  after?: unknown,
) => recordWorkspaceAudit(tx, ctx, { action, entityType, entityId: id, before, after });

// ---------- calendars ----------

export type CalendarInput = {
  name: string;
  partyId: string;
  timeZone: string;
  is24x7: boolean;
  weeklyHours: WeeklyHours;
  holidays: string[];
};

/** Every problem of a calendar at once, each naming its body field. */
function assertValidCalendar(input: Omit<CalendarInput, 'name' | 'partyId'>) {
  const problems = validateCalendar(input);
  if (problems.length > 0) {
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      problems.map((p) => p.message).join(' '),
      problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
    );
  }
}

async function assertParty(tx: Tx, workspaceId: string, partyId: string) {
  const [party] = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.id, partyId), eq(parties.workspaceId, workspaceId)));
  if (!party) throw new Invalid('partyId names no party of this workspace.', 'body.partyId');
}

export async function listCalendars(ctx: WorkspaceContext) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ calendar: slaCalendars, partyName: parties.name, partyKind: parties.kind })
      .from(slaCalendars)
      .innerJoin(parties, eq(parties.id, slaCalendars.partyId))
      .where(eq(slaCalendars.workspaceId, ctx.actor.workspaceId))
      .orderBy(asc(parties.kind), asc(slaCalendars.name)),
  );
}

const uniqueName = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  if (e.code === '23505' || e.cause?.code === '23505')
    throw new Conflict('A calendar with this name already exists.', 'NAME_TAKEN');
  throw error;
};

export async function createCalendar(ctx: WorkspaceContext, input: CalendarInput) {
  assertCanSla(ctx.actor, 'manageParty', input.partyId);
  assertValidCalendar(input);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await assertParty(tx, ctx.actor.workspaceId, input.partyId);
      const [existing] = await tx
        .select({ id: slaCalendars.id })
        .from(slaCalendars)
        .where(and(eq(slaCalendars.workspaceId, ctx.actor.workspaceId), eq(slaCalendars.name, input.name)));
      if (existing) throw new Conflict('A calendar with this name already exists.', 'NAME_TAKEN');
      const [cal] = await tx
        .insert(slaCalendars)
        .values({ workspaceId: ctx.actor.workspaceId, ...input })
        .returning()
        .catch(uniqueName);
      await audit(tx, ctx, 'sla_calendar.created', 'sla_calendar', cal!.id, undefined, input);
      return cal!;
    },
    ctx.meta,
  );
}

async function findCalendar(tx: Tx, workspaceId: string, id: string) {
  const [cal] = await tx
    .select()
    .from(slaCalendars)
    .where(and(eq(slaCalendars.id, id), eq(slaCalendars.workspaceId, workspaceId)));
  if (!cal) throw new NotFound('No such calendar.');
  return cal;
}

export async function updateCalendar(
  ctx: WorkspaceContext,
  id: string,
  input: Partial<Omit<CalendarInput, 'partyId'>> & { version: number },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findCalendar(tx, ctx.actor.workspaceId, id);
    assertCanSla(ctx.actor, 'manageParty', before.partyId);
    const next = {
      timeZone: input.timeZone ?? before.timeZone,
      is24x7: input.is24x7 ?? before.is24x7,
      weeklyHours: input.weeklyHours ?? before.weeklyHours,
      holidays: input.holidays ?? before.holidays,
    };
    assertValidCalendar(next);
    const [after] = await tx
      .update(slaCalendars)
      .set({ ...next, ...(input.name && { name: input.name }), version: sql`${slaCalendars.version} + 1` })
      .where(and(eq(slaCalendars.id, id), eq(slaCalendars.version, input.version)))
      .returning()
      .catch(uniqueName);
    if (!after) throw new StaleVersion('calendar', before.version);
    await audit(tx, ctx, 'sla_calendar.updated', 'sla_calendar', id, before, after);
    return after;
  });
}

export async function deleteCalendar(ctx: WorkspaceContext, id: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findCalendar(tx, ctx.actor.workspaceId, id);
    assertCanSla(ctx.actor, 'manageParty', before.partyId);
    const [used] = await tx
      .select({ id: slaPolicies.id })
      .from(slaPolicies)
      .where(eq(slaPolicies.calendarId, id))
      .limit(1);
    if (used)
      throw new Conflict('An SLA policy uses this calendar; change the policy first.', 'CALENDAR_IN_USE');
    const [clock] = await tx
      .select({ id: slaClocks.id })
      .from(slaClocks)
      .where(eq(slaClocks.calendarId, id))
      .limit(1);
    const [cover] = await tx
      .select({ id: afterHoursCoverRules.id })
      .from(afterHoursCoverRules)
      .where(eq(afterHoursCoverRules.calendarId, id))
      .limit(1);
    if (clock || cover)
      throw new Conflict(
        'Ticket clocks or a cover rule use this calendar; it can be changed but not deleted.',
        'CALENDAR_IN_USE',
      );
    await tx.delete(slaCalendars).where(eq(slaCalendars.id, id));
    await audit(tx, ctx, 'sla_calendar.deleted', 'sla_calendar', id, before);
  });
}

// ---------- policies ----------

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
  if (input.serviceId) {
    const [s] = await tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.id, input.serviceId), eq(services.workspaceId, ws)));
    if (!s) throw new Invalid('serviceId names no service of this workspace.', 'body.serviceId');
  }
  if (input.catalogueItemId) {
    const [i] = await tx
      .select({ id: catalogueItems.id })
      .from(catalogueItems)
      .where(and(eq(catalogueItems.id, input.catalogueItemId), eq(catalogueItems.workspaceId, ws)));
    if (!i)
      throw new Invalid('catalogueItemId names no catalogue item of this workspace.', 'body.catalogueItemId');
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
      `"${same.name}" already sets the targets for ${input.priority} in this scope.`,
      'POLICY_EXISTS',
    );
}

export async function createPolicy(ctx: WorkspaceContext, input: PolicyInput) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
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
    const next: PolicyInput = {
      name: changes.name ?? before.name,
      priority: changes.priority ?? before.priority,
      serviceId: changes.serviceId !== undefined ? changes.serviceId : before.serviceId,
      catalogueItemId:
        changes.catalogueItemId !== undefined ? changes.catalogueItemId : before.catalogueItemId,
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

// ---------- escalation rules ----------

export type EscalationRuleInput = {
  priority: Priority;
  clockKind: SlaClockKind;
  atPercent: number;
  actions: EscalationActions;
  note: string;
};

export async function listEscalationRules(ctx: WorkspaceContext) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(slaEscalationRules)
      .where(eq(slaEscalationRules.workspaceId, ctx.actor.workspaceId))
      .orderBy(
        asc(slaEscalationRules.priority),
        asc(slaEscalationRules.clockKind),
        asc(slaEscalationRules.atPercent),
      ),
  );
}

export async function createEscalationRule(ctx: WorkspaceContext, input: EscalationRuleInput) {
  assertCanSla(ctx.actor, 'managePolicies');
  const a = input.actions;
  if (a.notifyRoles.length === 0 && !a.notifyOtherPartyLead && !a.reassignToMembershipId && !a.raisePriority)
    throw new Invalid(
      'An escalation rule must do something: notify, reassign or raise the priority.',
      'body.actions',
    );
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      if (a.reassignToMembershipId) {
        const [m] = await tx
          .select({
            id: memberships.id,
            role: memberships.role,
            status: memberships.status,
            partyId: memberships.partyId,
          })
          .from(memberships)
          .where(
            and(
              eq(memberships.id, a.reassignToMembershipId),
              eq(memberships.workspaceId, ctx.actor.workspaceId),
            ),
          );
        if (m?.status !== 'active' || !m.partyId || m.role === 'viewer' || m.role === 'requester')
          throw new Invalid(
            'reassignToMembershipId must name an active lead or agent.',
            'body.actions.reassignToMembershipId',
          );
      }
      const [rule] = await tx
        .insert(slaEscalationRules)
        .values({ workspaceId: ctx.actor.workspaceId, ...input })
        .returning();
      await audit(tx, ctx, 'sla_escalation_rule.created', 'sla_escalation_rule', rule!.id, undefined, input);
      return rule!;
    },
    ctx.meta,
  );
}

/** A rule's share, actions or handoff note; clocks already running pick it up at their next timer. */
export async function updateEscalationRule(
  ctx: WorkspaceContext,
  id: string,
  input: {
    version: number;
    atPercent?: number | undefined;
    actions?: EscalationActions | undefined;
    note?: string | undefined;
  },
) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .select()
      .from(slaEscalationRules)
      .where(and(eq(slaEscalationRules.id, id), eq(slaEscalationRules.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new NotFound('No such escalation rule.');
    const actions = input.actions ?? before.actions;
    if (
      actions.notifyRoles.length === 0 &&
      !actions.notifyOtherPartyLead &&
      !actions.reassignToMembershipId &&
      !actions.raisePriority
    )
      throw new Invalid(
        'An escalation rule must do something: notify, reassign or raise the priority.',
        'body.actions',
      );
    const [after] = await tx
      .update(slaEscalationRules)
      .set({
        atPercent: input.atPercent ?? before.atPercent,
        actions,
        note: input.note ?? before.note,
        version: sql`${slaEscalationRules.version} + 1`,
      })
      .where(and(eq(slaEscalationRules.id, id), eq(slaEscalationRules.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('escalation rule', before.version);
    await audit(tx, ctx, 'sla_escalation_rule.updated', 'sla_escalation_rule', id, before, after);
    return after;
  });
}

export async function deleteEscalationRule(ctx: WorkspaceContext, id: string) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .delete(slaEscalationRules)
      .where(and(eq(slaEscalationRules.id, id), eq(slaEscalationRules.workspaceId, ctx.actor.workspaceId)))
      .returning();
    if (!before) throw new NotFound('No such escalation rule.');
    await audit(tx, ctx, 'sla_escalation_rule.deleted', 'sla_escalation_rule', id, before);
  });
}
