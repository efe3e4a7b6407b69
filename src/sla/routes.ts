import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SLA_CLOCK_KINDS, type SlaCalendar, type SlaPolicy } from '../db/schema/sla.ts';
import { WEEKDAYS } from '../domain/business-time.ts';
import { PRIORITIES } from '../domain/tickets.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { slaAbilities } from './policy.ts';
import {
  createCoverRule,
  createShift,
  deleteCoverRule,
  deleteShift,
  getRota,
  listCoverRules,
  listPages,
} from './rota.ts';
import {
  createCalendar,
  createEscalationRule,
  createPolicy,
  deleteCalendar,
  deleteEscalationRule,
  deletePolicy,
  listCalendars,
  listEscalationRules,
  listPolicies,
  updateCalendar,
  updateEscalationRule,
  updatePolicy,
} from './settings.ts';
import { getTicketSla, slaReport } from './ticket-sla.ts';

const IdParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
const TicketParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42')
    .transform((k) => Number(k.split('-').pop())),
});
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
const CreateCalendarBodySchema = z.strictObject({
  ...CalendarFields,
  partyId: z.uuid(),
  is24x7: CalendarFields.is24x7.default(false),
  weeklyHours: WeeklyHoursSchema.default({}),
  holidays: CalendarFields.holidays.default([]),
});
const UpdateCalendarBodySchema = z.strictObject({
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
const CreatePolicyBodySchema = z.strictObject({
  ...PolicyFields,
  serviceId: PolicyFields.serviceId.default(null),
  catalogueItemId: PolicyFields.catalogueItemId.default(null),
});
const UpdatePolicyBodySchema = z.strictObject({
  version: z.number().int().positive(),
  ...Object.fromEntries(Object.entries(PolicyFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & {
  [K in keyof typeof PolicyFields]: z.ZodOptional<(typeof PolicyFields)[K]>;
});
const EscalationRuleBodySchema = z.strictObject({
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
const UpdateEscalationRuleBodySchema = z.strictObject({
  version: z.number().int().positive(),
  atPercent: EscalationRuleBodySchema.shape.atPercent.optional(),
  actions: EscalationRuleBodySchema.shape.actions.optional(),
  // No default here: an absent note keeps the rule's own.
  note: z.string().trim().max(2000).optional(),
});
const CoverRuleBodySchema = z.strictObject({
  partyId: z.uuid(),
  priorities: z.array(z.enum(PRIORITIES)).max(4).default([]),
  serviceIds: z.array(z.uuid()).max(100).default([]),
  calendarId: z.uuid().nullable().default(null),
});
const ShiftBodySchema = z.strictObject({
  partyId: z.uuid(),
  membershipId: z.uuid(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
});
const RotaQuerySchema = z.strictObject({
  partyId: z.uuid(),
  from: z.coerce.date(),
  to: z.coerce.date(),
});
const PeriodQuerySchema = z.strictObject({ from: z.coerce.date(), to: z.coerce.date() });

export const presentCalendar = (c: SlaCalendar, party?: { name: string; kind: string }) => ({
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
const presentPolicy = (
  p: SlaPolicy,
  names: { calendarName?: string | null; serviceName?: string | null; itemName?: string | null } = {},
) => ({
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

export const slaRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['sla'];
  const ctx = (request: Parameters<typeof workspaceContext>[1]) => workspaceContext(db, request);

  app.get(
    '/w/:workspace/sla/calendars',
    { config: { access: 'workspace', action: 'sla.view' }, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({
      items: (await listCalendars(ctx(request))).map((r) =>
        presentCalendar(r.calendar, { name: r.partyName, kind: r.partyKind }),
      ),
      abilities: slaAbilities(request.actor!),
    }),
  );
  app.post(
    '/w/:workspace/sla/calendars',
    {
      config: { access: 'workspace', action: 'sla.manageParty' },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateCalendarBodySchema },
    },
    async (request, reply) =>
      reply.status(201).send(presentCalendar(await createCalendar(ctx(request), request.body))),
  );
  app.patch(
    '/w/:workspace/sla/calendars/:id',
    {
      config: { access: 'workspace', action: 'sla.manageParty' },
      schema: { tags, params: IdParamsSchema, body: UpdateCalendarBodySchema },
    },
    async (request) => presentCalendar(await updateCalendar(ctx(request), request.params.id, request.body)),
  );
  app.delete(
    '/w/:workspace/sla/calendars/:id',
    { config: { access: 'workspace', action: 'sla.manageParty' }, schema: { tags, params: IdParamsSchema } },
    async (request, reply) => {
      await deleteCalendar(ctx(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/sla/policies',
    { config: { access: 'workspace', action: 'sla.view' }, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({
      items: (await listPolicies(ctx(request))).map((r) => presentPolicy(r.policy, r)),
    }),
  );
  app.post(
    '/w/:workspace/sla/policies',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: WorkspaceParamsSchema, body: CreatePolicyBodySchema },
    },
    async (request, reply) =>
      reply.status(201).send(presentPolicy(await createPolicy(ctx(request), request.body))),
  );
  app.patch(
    '/w/:workspace/sla/policies/:id',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: IdParamsSchema, body: UpdatePolicyBodySchema },
    },
    async (request) => presentPolicy(await updatePolicy(ctx(request), request.params.id, request.body)),
  );
  app.delete(
    '/w/:workspace/sla/policies/:id',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: IdParamsSchema },
    },
    async (request, reply) => {
      await deletePolicy(ctx(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/sla/escalation-rules',
    { config: { access: 'workspace', action: 'sla.view' }, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({ items: await listEscalationRules(ctx(request)) }),
  );
  app.post(
    '/w/:workspace/sla/escalation-rules',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: WorkspaceParamsSchema, body: EscalationRuleBodySchema },
    },
    async (request, reply) => reply.status(201).send(await createEscalationRule(ctx(request), request.body)),
  );
  app.patch(
    '/w/:workspace/sla/escalation-rules/:id',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: IdParamsSchema, body: UpdateEscalationRuleBodySchema },
    },
    async (request) => updateEscalationRule(ctx(request), request.params.id, request.body),
  );
  app.delete(
    '/w/:workspace/sla/escalation-rules/:id',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: IdParamsSchema },
    },
    async (request, reply) => {
      await deleteEscalationRule(ctx(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/sla/cover-rules',
    { config: { access: 'workspace', action: 'sla.view' }, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({
      items: (await listCoverRules(ctx(request))).map((r) => ({
        ...r.rule,
        partyName: r.partyName,
        calendarName: r.calendarName,
      })),
    }),
  );
  app.post(
    '/w/:workspace/sla/cover-rules',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: WorkspaceParamsSchema, body: CoverRuleBodySchema },
    },
    async (request, reply) => reply.status(201).send(await createCoverRule(ctx(request), request.body)),
  );
  app.delete(
    '/w/:workspace/sla/cover-rules/:id',
    {
      config: { access: 'workspace', action: 'sla.managePolicies' },
      schema: { tags, params: IdParamsSchema },
    },
    async (request, reply) => {
      await deleteCoverRule(ctx(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/sla/rota',
    {
      config: { access: 'workspace', action: 'sla.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: RotaQuerySchema },
    },
    async (request) => {
      const rota = await getRota(ctx(request), request.query.partyId, request.query.from, request.query.to);
      return {
        party: rota.party,
        onCallNow: rota.onCallNow,
        shifts: rota.shifts.map((s) => ({ ...s.shift, name: s.name })),
        handOvers: rota.handOvers,
        gaps: rota.gaps,
      };
    },
  );
  app.post(
    '/w/:workspace/sla/rota/shifts',
    {
      config: { access: 'workspace', action: 'sla.manageParty' },
      schema: { tags, params: WorkspaceParamsSchema, body: ShiftBodySchema },
    },
    async (request, reply) => reply.status(201).send(await createShift(ctx(request), request.body)),
  );
  app.delete(
    '/w/:workspace/sla/rota/shifts/:id',
    { config: { access: 'workspace', action: 'sla.manageParty' }, schema: { tags, params: IdParamsSchema } },
    async (request, reply) => {
      await deleteShift(ctx(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/w/:workspace/sla/pages',
    {
      config: { access: 'workspace', action: 'sla.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (request) => ({ items: await listPages(ctx(request), request.query.limit) }),
  );
  app.get(
    '/w/:workspace/sla/report',
    {
      config: { access: 'workspace', action: 'sla.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: PeriodQuerySchema },
    },
    async (request) => ({ items: await slaReport(ctx(request), request.query.from, request.query.to) }),
  );

  app.get(
    '/w/:workspace/tickets/:key/sla',
    { config: { access: 'workspace', action: 'sla.view' }, schema: { tags, params: TicketParamsSchema } },
    async (request) => {
      const sla = await getTicketSla(ctx(request), request.params.key);
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
        pages: sla.pages,
      };
    },
  );
};
