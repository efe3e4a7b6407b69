import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { WeeklyHours } from '../../domain/business-time.ts';
import { PRIORITIES } from '../../domain/tickets.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { tickets } from './tickets.ts';

export const SLA_CLOCK_KINDS = ['first_response', 'resolution'] as const;
export type SlaClockKind = (typeof SLA_CLOCK_KINDS)[number];
export const SLA_CLOCK_STATES = ['running', 'paused', 'stopped'] as const;
export type SlaClockState = (typeof SLA_CLOCK_STATES)[number];
export const SLA_CLOCK_EVENT_KINDS = [
  'started',
  'paused',
  'resumed',
  'stopped',
  'retargeted',
  'breached',
  'escalated',
] as const;
export type SlaClockEventKind = (typeof SLA_CLOCK_EVENT_KINDS)[number];

/** Working hours of one party: the internal team's hours, or a provider's cover hours. */
export const slaCalendars = pgTable(
  'sla_calendars',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    partyId: uuid().notNull(),
    name: text().notNull(),
    timeZone: text().notNull(),
    is24x7: boolean().notNull().default(false),
    weeklyHours: jsonb().$type<WeeklyHours>().notNull().default({}),
    holidays: jsonb().$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [unique().on(t.workspaceId, t.name), index().on(t.workspaceId, t.partyId), workspaceKey(t)],
);

/** Targets for a priority, optionally narrowed to a service or a catalogue item. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    name: text().notNull(),
    priority: text({ enum: PRIORITIES }).notNull(),
    serviceId: uuid(),
    catalogueItemId: uuid(),
    calendarId: uuid().notNull(),
    firstResponseMinutes: integer().notNull(),
    resolutionMinutes: integer().notNull(),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.priority),
    workspaceKey(t),
    sameWorkspace(t, t.calendarId, slaCalendars),
  ],
);

export type EscalationActions = {
  /** Notify members of these roles in the ticket's lane party (and the internal party). */
  notifyRoles: ('lead' | 'agent')[];
  /** Notify the lead(s) of the party that does not own the lane. */
  notifyOtherPartyLead: boolean;
  /** Reassign to this member (must belong to the lane party when acting). */
  reassignToMembershipId: string | null;
  /** Raise priority by one step (P3 → P2). */
  raisePriority: boolean;
};

/** At a share of a target (100 = breach), what happens; per priority. */
export const slaEscalationRules = pgTable(
  'sla_escalation_rules',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    priority: text({ enum: PRIORITIES }).notNull(),
    clockKind: text({ enum: SLA_CLOCK_KINDS }).notNull(),
    atPercent: smallint().notNull(),
    actions: jsonb().$type<EscalationActions>().notNull(),
    /** The handoff point written down: what the people notified are expected to do. */
    note: text().notNull().default(''),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [index().on(t.workspaceId, t.priority), workspaceKey(t)],
);

export type ClockPause = { start: string; end: string | null };

/** One running target of one ticket; its history is in sla_clock_events. */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    kind: text({ enum: SLA_CLOCK_KINDS }).notNull(),
    policyId: uuid().notNull(),
    calendarId: uuid().notNull(),
    targetMinutes: integer().notNull(),
    state: text({ enum: SLA_CLOCK_STATES }).notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    /** null while paused. */
    dueAt: timestamp({ withTimezone: true }),
    pauses: jsonb().$type<ClockPause[]>().notNull().default([]),
    stoppedAt: timestamp({ withTimezone: true }),
    breachedAt: timestamp({ withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.ticketId, t.kind),
    index('sla_clocks_due').on(t.workspaceId, t.state, t.dueAt),
    // The breach sweep's question across workspaces: running, not yet flagged, due by now.
    index('sla_clocks_unflagged_due').on(t.dueAt).where(sql`state = 'running' and breached_at is null`),
    workspaceKey(t),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

export const slaClockEvents = pgTable(
  'sla_clock_events',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    clockId: uuid().notNull(),
    kind: text({ enum: SLA_CLOCK_EVENT_KINDS }).notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    byMembershipId: uuid(),
  },
  (t) => [
    index().on(t.ticketId, t.at),
    index().on(t.workspaceId, t.kind, t.at),
    workspaceKey(t),
    sameWorkspace(t, t.clockId, slaClocks),
  ],
);

/** One row per escalation that acted: the unique key is what makes a timer fire once. */
export const slaEscalationsFired = pgTable(
  'sla_escalations_fired',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    clockId: uuid().notNull(),
    ruleId: uuid().notNull(),
    firedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    outcome: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    unique().on(t.workspaceId, t.clockId, t.ruleId),
    workspaceKey(t),
    sameWorkspace(t, t.clockId, slaClocks),
  ],
);

/** Outside the internal calendar's hours, which party covers which priorities and services. */
export const afterHoursCoverRules = pgTable(
  'after_hours_cover_rules',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    partyId: uuid().notNull(),
    /** Empty = every priority. */
    priorities: jsonb().$type<string[]>().notNull().default([]),
    /** Empty = every service. */
    serviceIds: jsonb().$type<string[]>().notNull().default([]),
    /** The party's cover hours; null = always covering when the internal team is closed. */
    calendarId: uuid(),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [index().on(t.workspaceId), workspaceKey(t)],
);

/** An on-call window of one person; a party's rota is its shifts, hand-overs at their boundaries. */
export const onCallShifts = pgTable(
  'on_call_shifts',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    partyId: uuid().notNull(),
    membershipId: uuid().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.workspaceId, t.partyId, t.startsAt), workspaceKey(t)],
);

/** A page sent to the on-call person of the covering party (membership null: nobody on call, a gap). */
export const onCallPages = pgTable(
  'on_call_pages',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    partyId: uuid().notNull(),
    membershipId: uuid(),
    reason: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.workspaceId, t.createdAt), index().on(t.ticketId), workspaceKey(t)],
);

export type SlaCalendar = typeof slaCalendars.$inferSelect;
export type SlaPolicy = typeof slaPolicies.$inferSelect;
export type SlaEscalationRule = typeof slaEscalationRules.$inferSelect;
export type SlaClock = typeof slaClocks.$inferSelect;
export type SlaClockEvent = typeof slaClockEvents.$inferSelect;
export type AfterHoursCoverRule = typeof afterHoursCoverRules.$inferSelect;
export type OnCallShift = typeof onCallShifts.$inferSelect;
export type OnCallPage = typeof onCallPages.$inferSelect;
export type NewSlaClockEvent = typeof slaClockEvents.$inferInsert;
