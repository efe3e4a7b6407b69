import type {
  afterHoursCoverRules,
  onCallPages,
  onCallShifts,
  SlaCalendar,
  SlaPolicy,
  slaEscalationRules,
} from '../db/schema/sla.ts';
import type { PartyKind } from '../db/schema/workspaces.ts';
import type {
  CalendarView,
  CoverRuleView,
  EscalationRuleView,
  OnCallPage,
  PolicyView,
  ShiftView,
  TicketExpectations,
  TicketSla,
} from './contract.ts';
import type { getTicketExpectations } from './expectations.ts';
import type { getTicketSla } from './ticket-sla.ts';

export const presentCalendar = (c: SlaCalendar, party?: { name: string; kind: PartyKind }): CalendarView => ({
  id: c.id,
  name: c.name,
  partyId: c.partyId,
  partyName: party?.name ?? null,
  partyKind: party?.kind ?? null,
  timeZone: c.timeZone,
  is24x7: c.is24x7,
  weeklyHours: c.weeklyHours,
  holidays: c.holidays,
  version: c.version,
});

export const presentPolicy = (
  p: SlaPolicy,
  names: { calendarName?: string | null; serviceName?: string | null; itemName?: string | null } = {},
): PolicyView => ({
  id: p.id,
  name: p.name,
  priority: p.priority,
  serviceId: p.serviceId,
  serviceName: names.serviceName ?? null,
  catalogueItemId: p.catalogueItemId,
  catalogueItemName: names.itemName ?? null,
  calendarId: p.calendarId,
  calendarName: names.calendarName ?? null,
  firstResponseMinutes: p.firstResponseMinutes,
  resolutionMinutes: p.resolutionMinutes,
  version: p.version,
});

export const presentEscalationRule = (r: typeof slaEscalationRules.$inferSelect): EscalationRuleView => ({
  id: r.id,
  priority: r.priority,
  clockKind: r.clockKind,
  atPercent: r.atPercent,
  actions: r.actions,
  note: r.note,
  version: r.version,
});

export const presentCoverRule = (
  r: typeof afterHoursCoverRules.$inferSelect,
  names: { partyName?: string | null; calendarName?: string | null } = {},
): CoverRuleView => ({
  id: r.id,
  partyId: r.partyId,
  partyName: names.partyName ?? null,
  priorities: r.priorities,
  serviceIds: r.serviceIds,
  calendarId: r.calendarId,
  calendarName: names.calendarName ?? null,
  version: r.version,
});

export const presentShift = (s: typeof onCallShifts.$inferSelect, name: string | null = null): ShiftView => ({
  id: s.id,
  partyId: s.partyId,
  membershipId: s.membershipId,
  name,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
});

export const presentPage = (p: typeof onCallPages.$inferSelect): OnCallPage => ({
  id: p.id,
  ticketId: p.ticketId,
  partyId: p.partyId,
  membershipId: p.membershipId,
  reason: p.reason,
  createdAt: p.createdAt,
});

/** A ticket's clocks with time used and left, their history and the pages they caused. */
export const presentTicketSla = (sla: Awaited<ReturnType<typeof getTicketSla>>): TicketSla => {
  return {
    clocks: sla.clocks.map((c) => ({
      id: c.clock.id,
      kind: c.clock.kind,
      state: c.clock.state,
      policyName: c.policyName,
      calendarName: c.calendarName,
      targetMinutes: c.clock.targetMinutes,
      usedMinutes: c.usedMinutes,
      leftMinutes: c.leftMinutes,
      startedAt: c.clock.startedAt,
      dueAt: c.clock.dueAt,
      stoppedAt: c.clock.stoppedAt,
      breached: c.breached,
      breachedAt: c.clock.breachedAt,
    })),
    history: sla.events.map((e) => ({
      id: e.event.id,
      clockKind: e.kind,
      kind: e.event.kind,
      at: e.event.at,
      detail: e.event.detail,
      by: e.byName,
    })),
    pages: sla.pages.map(presentPage),
  };
};

/** A requester's view of the clocks: kinds, states and due times, nothing about how they are set. */
export const presentExpectations = (
  e: Awaited<ReturnType<typeof getTicketExpectations>>,
): TicketExpectations => ({
  items: e.items.map((i) => ({ kind: i.kind, state: i.state, dueAt: i.dueAt, late: i.late })),
  timeZone: e.timeZone,
  changedAt: e.changedAt,
});
