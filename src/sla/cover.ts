import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { lookup } from '../db/lookups.ts';
import { afterHoursCoverRules, onCallPages, onCallShifts, slaCalendars } from '../db/schema/sla.ts';
import { type Ticket, tickets, ticketWatchers } from '../db/schema/tickets.ts';
import { parties } from '../db/schema/workspaces.ts';
import { isOpenAt } from '../domain/business-time.ts';
import { coveringRule, onCallAt } from '../domain/sla.ts';
import { systemMeta } from '../server/context.ts';
import type { SlaActor } from './actor.ts';
import { notifyMembers } from './notify.ts';
import { slaKeys } from './references.ts';

const calendarAsDomain = (c: typeof slaCalendars.$inferSelect) => ({
  timeZone: c.timeZone,
  is24x7: c.is24x7,
  weeklyHours: c.weeklyHours,
  holidays: c.holidays,
});

/** The internal team's calendar: the first one of the internal party. */
export async function findInternalCalendar(tx: Tx, workspaceId: string) {
  const [row] = await tx
    .select({ cal: slaCalendars })
    .from(slaCalendars)
    .innerJoin(parties, eq(parties.id, slaCalendars.partyId))
    .where(and(eq(slaCalendars.workspaceId, workspaceId), eq(parties.kind, 'internal')))
    .orderBy(asc(slaCalendars.createdAt))
    .limit(1);
  return row?.cal ?? null;
}

/** Who is on call for a party at an instant (null: a gap in the rota). */
export async function findOnCall(tx: Tx, workspaceId: string, partyId: string, at: Date) {
  const shifts = await tx
    .select()
    .from(onCallShifts)
    .where(
      and(
        eq(onCallShifts.workspaceId, workspaceId),
        eq(onCallShifts.partyId, partyId),
        lt(onCallShifts.startsAt, new Date(at.getTime() + 1)),
        gt(onCallShifts.endsAt, at),
      ),
    );
  return onCallAt(shifts, at);
}

/**
 * Outside the internal team's hours a ticket goes to the party whose cover rule matches it; a
 * P1 also pages that party's on-call person (and is assigned to them). The ticket object is
 * updated in place, so the caller returns what was stored.
 */
export async function routeOutOfHours(tx: Tx, a: SlaActor, ticket: Ticket) {
  // Rules first: most tickets match none, and then the calendar is never read.
  const rules = await lookup(a.lookups, slaKeys.coverRules(a.workspaceId), () =>
    tx
      .select()
      .from(afterHoursCoverRules)
      .where(eq(afterHoursCoverRules.workspaceId, a.workspaceId))
      .orderBy(asc(afterHoursCoverRules.createdAt)),
  );
  const rule = coveringRule(rules, ticket);
  if (!rule) return;
  const internal = await lookup(a.lookups, `internal-calendar:${a.workspaceId}`, () =>
    findInternalCalendar(tx, a.workspaceId),
  );
  if (!internal || isOpenAt(calendarAsDomain(internal), ticket.createdAt)) return;
  if (rule.calendarId) {
    const [cover] = await tx
      .select()
      .from(slaCalendars)
      .where(and(eq(slaCalendars.id, rule.calendarId), eq(slaCalendars.workspaceId, a.workspaceId)));
    if (cover && !isOpenAt(calendarAsDomain(cover), ticket.createdAt)) return;
  }
  const [party] = await tx
    .select({ name: parties.name })
    .from(parties)
    .where(and(eq(parties.id, rule.partyId), eq(parties.workspaceId, a.workspaceId)));
  if (!party) return;
  const onCall =
    ticket.priority === 'P1' ? await findOnCall(tx, a.workspaceId, rule.partyId, ticket.createdAt) : null;
  const reason = `Out of hours: ${party.name} covers ${ticket.priority} (after-hours cover rule)`;
  const set: Partial<Ticket> = {};
  if (ticket.lanePartyId !== rule.partyId) {
    set.lanePartyId = rule.partyId;
    set.assigneeMembershipId = null;
    set.routingReason = `${reason}; ${ticket.routingReason}`;
    if (ticket.lanePartyId) {
      await tx
        .insert(ticketWatchers)
        .values({ workspaceId: a.workspaceId, ticketId: ticket.id, partyId: ticket.lanePartyId })
        .onConflictDoNothing();
    }
  }
  if (onCall) set.assigneeMembershipId = onCall.membershipId;
  if (Object.keys(set).length > 0) {
    const [after] = await tx.update(tickets).set(set).where(eq(tickets.id, ticket.id)).returning();
    Object.assign(ticket, after);
  }
  const audit = (action: string, after: unknown) =>
    recordAudit(tx, systemMeta('sla.cover'), {
      workspaceId: a.workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action,
      entityType: 'ticket',
      entityId: ticket.id,
      after,
    });
  if (set.lanePartyId) await audit('ticket.routed_out_of_hours', { lanePartyId: rule.partyId, reason });
  if (ticket.priority !== 'P1') return;
  const pageReason = onCall
    ? `${ticket.priority} raised out of hours: paged the on-call engineer of ${party.name}`
    : `${ticket.priority} raised out of hours: nobody is on call for ${party.name} (gap in the rota)`;
  await tx.insert(onCallPages).values({
    workspaceId: a.workspaceId,
    ticketId: ticket.id,
    partyId: rule.partyId,
    membershipId: onCall?.membershipId ?? null,
    reason: pageReason,
  });
  await audit('ticket.paged', {
    partyId: rule.partyId,
    membershipId: onCall?.membershipId ?? null,
    reason: pageReason,
  });
  if (onCall)
    await notifyMembers(tx, a, [onCall.membershipId], {
      kind: 'sla.page',
      ticketId: ticket.id,
      title: `Paged: ${ticket.priority} ticket #${ticket.number} out of hours`,
      body: ticket.subject,
    });
}
