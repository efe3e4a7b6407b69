import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps, WorkspaceContext } from '../server/context.ts';
import {
  IdParamsSchema,
  NoContent,
  TicketParamsSchema,
  ticketNumberOf,
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
  TicketExpectationsSchema,
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
import { getTicketExpectations } from './expectations.ts';
import { type SlaAction, slaAbilities } from './policy.ts';
import {
  presentCalendar,
  presentCoverRule,
  presentEscalationRule,
  presentExpectations,
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
  const path = (collection: string) => `/w/:workspace/sla/${collection}`;
  const contract = (schema: FastifySchema) => schema;
  const idOf = (request: FastifyRequest) => (request.params as z.output<typeof IdParamsSchema>).id;

  // Every SLA resource is listed, created, changed and removed the same way; only the schemas and
  // the use case differ, so each kind of route is written once. These register on the untyped
  // instance (generic schemas defeat the type provider's inference); the helpers' own signatures
  // tie each use case's input and output to the contract, and the schemas still validate and serialize.
  /** GET `<collection>`: `{ items }` (and whatever else the list sends). */
  const listRoute = <R extends z.ZodType>(
    collection: string,
    response: R,
    list: (c: WorkspaceContext, request: FastifyRequest) => Promise<z.output<R>>,
  ) =>
    root.get(
      path(collection),
      { config: route('view'), schema: contract({ tags, params, response: { 200: response } }) },
      async (request) => list(ctx(request), request),
    );
  /** POST `<collection>`: 201 with the new record as the contract presents it. */
  const createRoute = <B extends z.ZodType, R extends z.ZodType>(
    collection: string,
    action: SlaAction,
    body: B,
    response: R,
    create: (c: WorkspaceContext, body: z.output<B>) => Promise<z.output<R>>,
  ) =>
    root.post(
      path(collection),
      { config: route(action), schema: contract({ tags, params, body, response: { 201: response } }) },
      async (request, reply) =>
        reply.status(201).send(await create(ctx(request), request.body as z.output<B>)),
    );
  /** PATCH `<collection>/:id`: the changed record (409 on a stale version, from the use case). */
  const updateRoute = <B extends z.ZodType, R extends z.ZodType>(
    collection: string,
    action: SlaAction,
    body: B,
    response: R,
    update: (c: WorkspaceContext, id: string, body: z.output<B>) => Promise<z.output<R>>,
  ) =>
    root.patch(
      `${path(collection)}/:id`,
      {
        config: route(action),
        schema: contract({ tags, params: IdParamsSchema, body, response: { 200: response } }),
      },
      async (request) => update(ctx(request), idOf(request), request.body as z.output<B>),
    );
  /** DELETE `<collection>/:id`: 204, nothing to send. */
  const removeRoute = (
    collection: string,
    action: SlaAction,
    remove: (c: WorkspaceContext, id: string) => Promise<unknown>,
  ) =>
    app.delete(
      `${path(collection)}/:id`,
      { config: route(action), schema: { tags, params: IdParamsSchema, response: { 204: NoContent } } },
      async (request, reply) => {
        await remove(ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );

  // ---------- calendars: a party's lead keeps its own ----------
  listRoute('calendars', CalendarListSchema, async (c, request) => ({
    items: (await listCalendars(c)).map((r) =>
      presentCalendar(r.calendar, { name: r.partyName, kind: r.partyKind }),
    ),
    abilities: slaAbilities(request.actor!),
  }));
  createRoute('calendars', 'manageParty', CreateCalendarBodySchema, CalendarSchema, async (c, body) =>
    presentCalendar(await createCalendar(c, body)),
  );
  updateRoute('calendars', 'manageParty', UpdateCalendarBodySchema, CalendarSchema, async (c, id, body) =>
    presentCalendar(await updateCalendar(c, id, body)),
  );
  removeRoute('calendars', 'manageParty', deleteCalendar);

  // ---------- policies, escalation and cover rules: the internal lead's ----------
  listRoute('policies', PolicyListSchema, async (c) => ({
    items: (await listPolicies(c)).map((r) => presentPolicy(r.policy, r)),
  }));
  createRoute('policies', 'managePolicies', CreatePolicyBodySchema, PolicySchema, async (c, body) =>
    presentPolicy(await createPolicy(c, body)),
  );
  updateRoute('policies', 'managePolicies', UpdatePolicyBodySchema, PolicySchema, async (c, id, body) =>
    presentPolicy(await updatePolicy(c, id, body)),
  );
  removeRoute('policies', 'managePolicies', deletePolicy);

  listRoute('escalation-rules', EscalationRuleListSchema, async (c) => ({
    items: (await listEscalationRules(c)).map(presentEscalationRule),
  }));
  createRoute(
    'escalation-rules',
    'managePolicies',
    EscalationRuleBodySchema,
    EscalationRuleSchema,
    async (c, body) => presentEscalationRule(await createEscalationRule(c, body)),
  );
  updateRoute(
    'escalation-rules',
    'managePolicies',
    UpdateEscalationRuleBodySchema,
    EscalationRuleSchema,
    async (c, id, body) => presentEscalationRule(await updateEscalationRule(c, id, body)),
  );
  removeRoute('escalation-rules', 'managePolicies', deleteEscalationRule);

  listRoute('cover-rules', CoverRuleListSchema, async (c) => ({
    items: (await listCoverRules(c)).map((r) => presentCoverRule(r.rule, r)),
  }));
  createRoute('cover-rules', 'managePolicies', CoverRuleBodySchema, CoverRuleSchema, async (c, body) =>
    presentCoverRule(await createCoverRule(c, body)),
  );
  removeRoute('cover-rules', 'managePolicies', deleteCoverRule);

  // ---------- on-call rota and pages ----------
  app.get(
    path('rota'),
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
  createRoute('rota/shifts', 'manageParty', ShiftBodySchema, ShiftSchema, async (c, body) =>
    presentShift(await createShift(c, body)),
  );
  removeRoute('rota/shifts', 'manageParty', deleteShift);
  app.get(
    path('pages'),
    {
      config: route('view'),
      schema: { tags, params, querystring: PagesQuerySchema, response: { 200: PageListSchema } },
    },
    async (request) => ({ items: (await listPages(ctx(request), request.query.limit)).map(presentPage) }),
  );

  // ---------- attainment and a ticket's clocks ----------
  app.get(
    path('report'),
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
    async (request) =>
      presentTicketSla(await getTicketSla(ctx(request), ticketNumberOf(request.actor, request.params.key))),
  );
  app.get(
    '/w/:workspace/tickets/:key/expectations',
    {
      config: route('expect'),
      schema: { tags, params: TicketParamsSchema, response: { 200: TicketExpectationsSchema } },
    },
    async (request) =>
      presentExpectations(
        await getTicketExpectations(ctx(request), ticketNumberOf(request.actor, request.params.key)),
      ),
  );
};
