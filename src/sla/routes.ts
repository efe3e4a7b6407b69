import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/app.ts';
import { workspaceContext } from '../server/auth.ts';
import type { WorkspaceContext } from '../server/context.ts';
import {
  IdParamsSchema,
  NoContent,
  TicketParamsSchema,
  WorkspaceParamsSchema,
  workspaceRoute,
} from '../server/http.ts';
import { createCalendar, deleteCalendar, listCalendars, updateCalendar } from './calendars.ts';
import {
  CalendarListSchema,
  CalendarSchema,
  CoverRuleBodySchema,
  CoverRuleListSchema,
  CoverRuleSchema,
  CreateCalendarBodySchema,
  CreatePolicyBodySchema,
  EscalationRuleBodySchema,
  EscalationRuleListSchema,
  EscalationRuleSchema,
  PageListSchema,
  PagesQuerySchema,
  PeriodQuerySchema,
  PolicyListSchema,
  PolicySchema,
  ReportSchema,
  RotaQuerySchema,
  RotaSchema,
  ShiftBodySchema,
  ShiftSchema,
  TicketSlaSchema,
  UpdateCalendarBodySchema,
  UpdateEscalationRuleBodySchema,
  UpdatePolicyBodySchema,
} from './contract.ts';
import {
  createEscalationRule,
  deleteEscalationRule,
  listEscalationRules,
  updateEscalationRule,
} from './escalation-rules.ts';
import { type SlaAction, slaAbilities } from './policy.ts';
import {
  presentCalendar,
  presentCoverRule,
  presentEscalationRule,
  presentPage,
  presentPolicy,
  presentShift,
  presentTicketSla,
} from './presenter.ts';
import {
  createCoverRule,
  createShift,
  deleteCoverRule,
  deleteShift,
  getRota,
  listCoverRules,
  listPages,
} from './rota.ts';
import { createPolicy, deletePolicy, listPolicies, updatePolicy } from './sla-policies.ts';
import { getTicketSla, slaReport } from './ticket-sla.ts';

const route = workspaceRoute<'sla', SlaAction>('sla');

export const slaRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['sla'];
  const ctx = (request: Parameters<typeof workspaceContext>[1]) => workspaceContext(db, request);
  const params = WorkspaceParamsSchema;

  /** DELETE `<collection>/:id`: every SLA resource is removed the same way (204, nothing to send). */
  const removeRoute = (
    collection: string,
    action: SlaAction,
    remove: (c: WorkspaceContext, id: string) => Promise<unknown>,
  ) =>
    app.delete(
      `/w/:workspace/sla/${collection}/:id`,
      { config: route(action), schema: { tags, params: IdParamsSchema, response: { 204: NoContent } } },
      async (request, reply) => {
        await remove(ctx(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

  // ---------- calendars: a party's lead keeps its own ----------
  app.get(
    '/w/:workspace/sla/calendars',
    { config: route('view'), schema: { tags, params, response: { 200: CalendarListSchema } } },
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
      config: route('manageParty'),
      schema: { tags, params, body: CreateCalendarBodySchema, response: { 201: CalendarSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(presentCalendar(await createCalendar(ctx(request), request.body))),
  );
  app.patch(
    '/w/:workspace/sla/calendars/:id',
    {
      config: route('manageParty'),
      schema: {
        tags,
        params: IdParamsSchema,
        body: UpdateCalendarBodySchema,
        response: { 200: CalendarSchema },
      },
    },
    async (request) => presentCalendar(await updateCalendar(ctx(request), request.params.id, request.body)),
  );
  removeRoute('calendars', 'manageParty', deleteCalendar);

  // ---------- policies: the internal lead's ----------
  app.get(
    '/w/:workspace/sla/policies',
    { config: route('view'), schema: { tags, params, response: { 200: PolicyListSchema } } },
    async (request) => ({
      items: (await listPolicies(ctx(request))).map((r) => presentPolicy(r.policy, r)),
    }),
  );
  app.post(
    '/w/:workspace/sla/policies',
    {
      config: route('managePolicies'),
      schema: { tags, params, body: CreatePolicyBodySchema, response: { 201: PolicySchema } },
    },
    async (request, reply) =>
      reply.status(201).send(presentPolicy(await createPolicy(ctx(request), request.body))),
  );
  app.patch(
    '/w/:workspace/sla/policies/:id',
    {
      config: route('managePolicies'),
      schema: { tags, params: IdParamsSchema, body: UpdatePolicyBodySchema, response: { 200: PolicySchema } },
    },
    async (request) => presentPolicy(await updatePolicy(ctx(request), request.params.id, request.body)),
  );
  removeRoute('policies', 'managePolicies', deletePolicy);

  // ---------- escalation rules ----------
  app.get(
    '/w/:workspace/sla/escalation-rules',
    { config: route('view'), schema: { tags, params, response: { 200: EscalationRuleListSchema } } },
    async (request) => ({ items: (await listEscalationRules(ctx(request))).map(presentEscalationRule) }),
  );
  app.post(
    '/w/:workspace/sla/escalation-rules',
    {
      config: route('managePolicies'),
      schema: { tags, params, body: EscalationRuleBodySchema, response: { 201: EscalationRuleSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(presentEscalationRule(await createEscalationRule(ctx(request), request.body))),
  );
  app.patch(
    '/w/:workspace/sla/escalation-rules/:id',
    {
      config: route('managePolicies'),
      schema: {
        tags,
        params: IdParamsSchema,
        body: UpdateEscalationRuleBodySchema,
        response: { 200: EscalationRuleSchema },
      },
    },
    async (request) =>
      presentEscalationRule(await updateEscalationRule(ctx(request), request.params.id, request.body)),
  );
  removeRoute('escalation-rules', 'managePolicies', deleteEscalationRule);

  // ---------- after-hours cover ----------
  app.get(
    '/w/:workspace/sla/cover-rules',
    { config: route('view'), schema: { tags, params, response: { 200: CoverRuleListSchema } } },
    async (request) => ({
      items: (await listCoverRules(ctx(request))).map((r) => presentCoverRule(r.rule, r)),
    }),
  );
  app.post(
    '/w/:workspace/sla/cover-rules',
    {
      config: route('managePolicies'),
      schema: { tags, params, body: CoverRuleBodySchema, response: { 201: CoverRuleSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(presentCoverRule(await createCoverRule(ctx(request), request.body))),
  );
  removeRoute('cover-rules', 'managePolicies', deleteCoverRule);

  // ---------- on-call rota and pages ----------
  app.get(
    '/w/:workspace/sla/rota',
    {
      config: route('view'),
      schema: { tags, params, querystring: RotaQuerySchema, response: { 200: RotaSchema } },
    },
    async (request) => {
      const { partyId, from, to } = request.query;
      const rota = await getRota(ctx(request), partyId, from, to);
      return { ...rota, shifts: rota.shifts.map((s) => presentShift(s.shift, s.name)) };
    },
  );
  app.post(
    '/w/:workspace/sla/rota/shifts',
    {
      config: route('manageParty'),
      schema: { tags, params, body: ShiftBodySchema, response: { 201: ShiftSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(presentShift(await createShift(ctx(request), request.body))),
  );
  removeRoute('rota/shifts', 'manageParty', deleteShift);
  app.get(
    '/w/:workspace/sla/pages',
    {
      config: route('view'),
      schema: { tags, params, querystring: PagesQuerySchema, response: { 200: PageListSchema } },
    },
    async (request) => ({ items: (await listPages(ctx(request), request.query.limit)).map(presentPage) }),
  );

  // ---------- attainment and a ticket's clocks ----------
  app.get(
    '/w/:workspace/sla/report',
    {
      config: route('view'),
      schema: { tags, params, querystring: PeriodQuerySchema, response: { 200: ReportSchema } },
    },
    async (request) => ({ items: await slaReport(ctx(request), request.query.from, request.query.to) }),
  );
  app.get(
    '/w/:workspace/tickets/:key/sla',
    {
      config: route('view'),
      schema: { tags, params: TicketParamsSchema, response: { 200: TicketSlaSchema } },
    },
    async (request) => {
      return presentTicketSla(await getTicketSla(ctx(request), request.params.key));
    },
  );
};
