import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { accounts } from '../db/schema/accounts.ts';
import {
  onCallPages,
  type SlaClock,
  slaCalendars,
  slaClockEvents,
  slaClocks,
  slaPolicies,
} from '../db/schema/sla.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { findVisibleTicket } from '../db/visibility.ts';
import { businessMinutesBetween } from '../domain/business-time.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { toCalendar, toPauses } from './clocks.ts';
import { assertCanSla } from './policy.ts';

export type ClockView = {
  clock: SlaClock;
  policyName: string | null;
  calendarName: string | null;
  usedMinutes: number;
  leftMinutes: number;
  breached: boolean;
};

/** A ticket's clocks (time used and left in business minutes, due times), their history and pages. */
export async function getTicketSla(ctx: WorkspaceContext, number: number, now = new Date()) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, number);
    const rows = await tx
      .select({ clock: slaClocks, calendar: slaCalendars, policyName: slaPolicies.name })
      .from(slaClocks)
      .leftJoin(slaCalendars, eq(slaCalendars.id, slaClocks.calendarId))
      .leftJoin(slaPolicies, eq(slaPolicies.id, slaClocks.policyId))
      .where(and(eq(slaClocks.workspaceId, ctx.actor.workspaceId), eq(slaClocks.ticketId, ticket.id)))
      .orderBy(asc(slaClocks.kind));
    const clocks: ClockView[] = rows.map(({ clock, calendar, policyName }) => {
      const end = clock.stoppedAt ?? now;
      const usedMinutes = calendar
        ? Math.floor(
            businessMinutesBetween(toCalendar(calendar), clock.startedAt, end, toPauses(clock.pauses)),
          )
        : 0;
      const breached =
        clock.breachedAt !== null || (clock.state === 'running' && clock.dueAt !== null && clock.dueAt < now);
      return {
        clock,
        policyName,
        calendarName: calendar?.name ?? null,
        usedMinutes,
        leftMinutes: clock.targetMinutes - usedMinutes,
        breached,
      };
    });
    const events = await tx
      .select({ event: slaClockEvents, kind: slaClocks.kind, byName: accounts.name })
      .from(slaClockEvents)
      .innerJoin(slaClocks, eq(slaClocks.id, slaClockEvents.clockId))
      .leftJoin(memberships, eq(memberships.id, slaClockEvents.byMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(
        and(eq(slaClockEvents.workspaceId, ctx.actor.workspaceId), eq(slaClockEvents.ticketId, ticket.id)),
      )
      .orderBy(asc(slaClockEvents.at));
    const pages = await tx
      .select()
      .from(onCallPages)
      .where(and(eq(onCallPages.workspaceId, ctx.actor.workspaceId), eq(onCallPages.ticketId, ticket.id)))
      .orderBy(asc(onCallPages.createdAt));
    return { ticket, clocks, events, pages };
  });
}

/** SLA attainment from the recorded clocks: per priority and clock, met and breached in a period. */
export async function slaReport(ctx: WorkspaceContext, from: Date, to: Date) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select({ clock: slaClocks, priority: slaPolicies.priority })
      .from(slaClocks)
      .leftJoin(slaPolicies, eq(slaPolicies.id, slaClocks.policyId))
      .where(
        and(
          eq(slaClocks.workspaceId, ctx.actor.workspaceId),
          gte(slaClocks.startedAt, from),
          lt(slaClocks.startedAt, to),
        ),
      );
    const now = new Date();
    const groups = new Map<
      string,
      { priority: string; kind: string; total: number; met: number; breached: number; open: number }
    >();
    for (const { clock, priority } of rows) {
      const key = `${priority ?? '?'}:${clock.kind}`;
      const g = groups.get(key) ?? {
        priority: priority ?? '?',
        kind: clock.kind,
        total: 0,
        met: 0,
        breached: 0,
        open: 0,
      };
      g.total++;
      const breached =
        clock.breachedAt !== null || (clock.state === 'running' && clock.dueAt !== null && clock.dueAt < now);
      if (breached) g.breached++;
      else if (clock.state === 'stopped') g.met++;
      else g.open++;
      groups.set(key, g);
    }
    return [...groups.values()].sort((a, b) =>
      `${a.priority}${a.kind}`.localeCompare(`${b.priority}${b.kind}`),
    );
  });
}
