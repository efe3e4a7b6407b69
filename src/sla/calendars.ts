import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { afterHoursCoverRules, slaCalendars, slaClocks, slaPolicies } from '../db/schema/sla.ts';
import { parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { validateCalendar, type WeeklyHours } from '../domain/business-time.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError, Conflict, NotFound, StaleVersion } from '../server/errors.ts';
import { assertParty, audit } from './common.ts';
import { assertCanSla } from './policy.ts';

/** Business-hours calendars: a party's own, kept by its lead or the internal lead. */
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

export async function findCalendar(tx: Tx, workspaceId: string, id: string) {
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
