import { z } from 'zod';
import { SLA_CLOCK_EVENT_KINDS, SLA_CLOCK_KINDS, SLA_CLOCK_STATES } from '../db/schema/sla.ts';
import { PARTY_KINDS } from '../db/schema/workspaces.ts';
import { WEEKDAYS } from '../domain/business-time.ts';
import { PRIORITIES } from '../domain/tickets.ts';
import { QueryDate, Timestamp } from '../server/http.ts';

/** SLA's API contract: calendars, policies, escalation and cover rules, the rota, clocks and the report. */

const Name = z.string().trim().min(1, 'must not be empty').max(120);
const IntervalSchema = z.strictObject({ start: z.string().max(5), end: z.string().max(5) });
const WeeklyHoursSchema = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(IntervalSchema).max(12).optional()])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodOptional<z.ZodArray<typeof IntervalSchema>>
  >,
);
const CalendarFields = {
  name: Name,
  timeZone: z.string().min(1).max(64),
  is24x7: z.boolean(),
  weeklyHours: WeeklyHoursSchema,
  holidays: z.array(z.string().max(20)).max(400),
};
export const CreateCalendarBodySchema = z.strictObject({
  ...CalendarFields,
  partyId: z.uuid(),
  is24x7: CalendarFields.is24x7.default(false),
  weeklyHours: WeeklyHoursSchema.default({}),
  holidays: CalendarFields.holidays.default([]),
});
export const UpdateCalendarBodySchema = z.strictObject({
  version: z.number().int().positive(),
  name: Name.optional(),
  timeZone: CalendarFields.timeZone.optional(),
  is24x7: z.boolean().optional(),
  weeklyHours: WeeklyHoursSchema.optional(),
  holidays: CalendarFields.holidays.optional(),
});
const Minutes = z.number().int().min(1, 'must be at least 1 minute').max(525_600, 'must be at most a year');
const PolicyFields = {
  name: Name,
  priority: z.enum(PRIORITIES),
  serviceId: z.uuid().nullable(),
  catalogueItemId: z.uuid().nullable(),
  calendarId: z.uuid(),
  firstResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
};
export const CreatePolicyBodySchema = z.strictObject({
  ...PolicyFields,
  serviceId: PolicyFields.serviceId.default(null),
  catalogueItemId: PolicyFields.catalogueItemId.default(null),
});
export const UpdatePolicyBodySchema = z.strictObject({
  version: z.number().int().positive(),
  ...Object.fromEntries(Object.entries(PolicyFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & {
  [K in keyof typeof PolicyFields]: z.ZodOptional<(typeof PolicyFields)[K]>;
});
export const EscalationRuleBodySchema = z.strictObject({
  priority: z.enum(PRIORITIES),
  clockKind: z.enum(SLA_CLOCK_KINDS),
  atPercent: z.number().int().min(1, 'must be 1–100').max(100, 'must be 1–100 (100 = at breach)'),
  actions: z.strictObject({
    notifyRoles: z
      .array(z.enum(['lead', 'agent']))
      .max(2)
      .default([]),
    notifyOtherPartyLead: z.boolean().default(false),
    reassignToMembershipId: z.uuid().nullable().default(null),
    raisePriority: z.boolean().default(false),
  }),
  note: z.string().trim().max(2000).default(''),
});
export const UpdateEscalationRuleBodySchema = z.strictObject({
  version: z.number().int().positive(),
  atPercent: EscalationRuleBodySchema.shape.atPercent.optional(),
  actions: EscalationRuleBodySchema.shape.actions.optional(),
  // No default here: an absent note keeps the rule's own.
  note: z.string().trim().max(2000).optional(),
});
export const CoverRuleBodySchema = z.strictObject({
  partyId: z.uuid(),
  priorities: z.array(z.enum(PRIORITIES)).max(4).default([]),
  serviceIds: z.array(z.uuid()).max(100).default([]),
  calendarId: z.uuid().nullable().default(null),
});
export const ShiftBodySchema = z.strictObject({
  partyId: z.uuid(),
  membershipId: z.uuid(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
});
export const RotaQuerySchema = z.strictObject({
  partyId: z.uuid(),
  from: QueryDate,
  to: QueryDate,
});
export const PeriodQuerySchema = z.strictObject({ from: QueryDate, to: QueryDate });
export const PagesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type NewCalendarBody = z.input<typeof CreateCalendarBodySchema>;
export type UpdateCalendarBody = z.input<typeof UpdateCalendarBodySchema>;
export type NewPolicyBody = z.input<typeof CreatePolicyBodySchema>;
export type UpdatePolicyBody = z.input<typeof UpdatePolicyBodySchema>;
export type EscalationRuleBody = z.input<typeof EscalationRuleBodySchema>;
export type UpdateEscalationRuleBody = z.input<typeof UpdateEscalationRuleBodySchema>;
export type CoverRuleBody = z.input<typeof CoverRuleBodySchema>;
export type ShiftBody = z.input<typeof ShiftBodySchema>;

const Interval = z.object({ start: z.string(), end: z.string() });
export const CalendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  partyId: z.string(),
  partyName: z.string().nullable(),
  partyKind: z.enum(PARTY_KINDS).nullable(),
  timeZone: z.string(),
  is24x7: z.boolean(),
  weeklyHours: z.partialRecord(z.enum(WEEKDAYS), z.array(Interval)),
  holidays: z.array(z.string()),
  version: z.number(),
});
export type CalendarView = z.output<typeof CalendarSchema>;
export const SlaAbilitiesSchema = z.object({
  view: z.boolean(),
  managePolicies: z.boolean(),
  manageOwnParty: z.boolean(),
});
export const CalendarListSchema = z.object({ items: z.array(CalendarSchema), abilities: SlaAbilitiesSchema });
export type CalendarList = z.output<typeof CalendarListSchema>;

export const PolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  priority: z.enum(PRIORITIES),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  catalogueItemId: z.string().nullable(),
  catalogueItemName: z.string().nullable(),
  calendarId: z.string(),
  calendarName: z.string().nullable(),
  firstResponseMinutes: z.number(),
  resolutionMinutes: z.number(),
  version: z.number(),
});
export type PolicyView = z.output<typeof PolicySchema>;
export const PolicyListSchema = z.object({ items: z.array(PolicySchema) });

export const EscalationRuleSchema = z.object({
  id: z.string(),
  priority: z.enum(PRIORITIES),
  clockKind: z.enum(SLA_CLOCK_KINDS),
  atPercent: z.number(),
  actions: z.object({
    notifyRoles: z.array(z.enum(['lead', 'agent'])),
    notifyOtherPartyLead: z.boolean(),
    reassignToMembershipId: z.string().nullable(),
    raisePriority: z.boolean(),
  }),
  note: z.string(),
  version: z.number(),
});
export type EscalationRuleView = z.output<typeof EscalationRuleSchema>;
export const EscalationRuleListSchema = z.object({ items: z.array(EscalationRuleSchema) });

export const CoverRuleSchema = z.object({
  id: z.string(),
  partyId: z.string(),
  partyName: z.string().nullable(),
  priorities: z.array(z.string()),
  serviceIds: z.array(z.string()),
  calendarId: z.string().nullable(),
  calendarName: z.string().nullable(),
  version: z.number(),
});
export type CoverRuleView = z.output<typeof CoverRuleSchema>;
export const CoverRuleListSchema = z.object({ items: z.array(CoverRuleSchema) });

export const ShiftSchema = z.object({
  id: z.string(),
  partyId: z.string(),
  membershipId: z.string(),
  name: z.string().nullable(),
  startsAt: Timestamp,
  endsAt: Timestamp,
});
export type ShiftView = z.output<typeof ShiftSchema>;
export const RotaSchema = z.object({
  party: z.object({ id: z.string(), name: z.string() }),
  onCallNow: z.string().nullable(),
  shifts: z.array(ShiftSchema),
  handOvers: z.array(z.object({ at: Timestamp, from: z.string().nullable(), to: z.string() })),
  gaps: z.array(z.object({ start: Timestamp, end: Timestamp })),
});
export type Rota = z.output<typeof RotaSchema>;

export const PageSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  partyId: z.string(),
  membershipId: z.string().nullable(),
  reason: z.string(),
  createdAt: Timestamp,
});
export type OnCallPage = z.output<typeof PageSchema>;
export const PageListSchema = z.object({ items: z.array(PageSchema) });

export const ReportSchema = z.object({
  items: z.array(
    z.object({
      priority: z.string(),
      kind: z.string(),
      total: z.number(),
      met: z.number(),
      breached: z.number(),
      open: z.number(),
    }),
  ),
});
export type SlaReport = z.output<typeof ReportSchema>;

export const TicketSlaSchema = z.object({
  clocks: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(SLA_CLOCK_KINDS),
      state: z.enum(SLA_CLOCK_STATES),
      policyName: z.string().nullable(),
      calendarName: z.string().nullable(),
      targetMinutes: z.number(),
      usedMinutes: z.number(),
      leftMinutes: z.number(),
      startedAt: Timestamp,
      dueAt: Timestamp.nullable(),
      stoppedAt: Timestamp.nullable(),
      breached: z.boolean(),
      breachedAt: Timestamp.nullable(),
    }),
  ),
  history: z.array(
    z.object({
      id: z.string(),
      clockKind: z.enum(SLA_CLOCK_KINDS),
      kind: z.enum(SLA_CLOCK_EVENT_KINDS),
      at: Timestamp,
      detail: z.record(z.string(), z.unknown()),
      by: z.string().nullable(),
    }),
  ),
  pages: z.array(PageSchema),
});
export type TicketSla = z.output<typeof TicketSlaSchema>;

/**
 * What a requester may know of a ticket's clocks: when to expect a reply and a resolution.
 * Security: due times and states only (no policy, target, calendar or escalation rule).
 */
export const TicketExpectationsSchema = z.object({
  items: z.array(
    z.object({
      kind: z.enum(SLA_CLOCK_KINDS),
      /** due: running, with a due time; paused: waiting (on the requester or a third party); done: answered or resolved. */
      state: z.enum(['due', 'paused', 'done']),
      dueAt: Timestamp.nullable(),
      /** The due time has passed and the clock still runs. */
      late: z.boolean(),
    }),
  ),
  /** The business's time zone the targets are kept in. */
  timeZone: z.string().nullable(),
  /** When a due time last moved (e.g. the priority changed). */
  changedAt: Timestamp.nullable(),
});
export type TicketExpectations = z.output<typeof TicketExpectationsSchema>;
