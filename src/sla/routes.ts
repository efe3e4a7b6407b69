import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps, WorkspaceContext } from '../server/context.ts';
import { IdParamsSchema, TicketParamsSchema, ticketNumberOf, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

export const slaRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['sla'];
  const read = workspaceReads(app, db, tags);
  const write = workspaceWrites(app, db, tags);
  const params = WorkspaceParamsSchema;
  const path = (collection: string) => `/w/:workspace/sla/${collection}`;

  // Every SLA resource is listed, created, changed and removed the same way; only the schemas and
  // the use case differ, so each kind of route is written once.
  /** GET `<collection>`: `{ items }` (and whatever else the list sends). */
  const listRoute = <R extends z.ZodType>(
    collection: string,
    response: R,
    list: (c: WorkspaceContext) => Promise<z.input<R>>,
  ) => read(path(collection), { action: 'sla.view', params, response, run: list });
  /** POST `<collection>`: 201 with the new record as the contract presents it. */
  const createRoute = <B extends z.ZodType, R extends z.ZodType>(
    collection: string,
    action: SlaAction,
    body: B,
    response: R,
    create: (c: WorkspaceContext, body: z.output<B>) => Promise<z.input<R>>,
  ) =>
    write('POST', path(collection), {
      action: `sla.${action}`,
      params,
      body,
      status: 201,
      response,
      run: (c, _p, input) => create(c, input),
    });
  /** PATCH `<collection>/:id`: the changed record (409 on a stale version, from the use case). */
  const updateRoute = <B extends z.ZodType, R extends z.ZodType>(
    collection: string,
    action: SlaAction,
    body: B,
    response: R,
    update: (c: WorkspaceContext, id: string, body: z.output<B>) => Promise<z.input<R>>,
  ) =>
    write('PATCH', `${path(collection)}/:id`, {
      action: `sla.${action}`,
      params: IdParamsSchema,
      body,
      response,
      run: (c, p, input) => update(c, p.id, input),
    });
  /** DELETE `<collection>/:id`: 204, nothing to send. */
  const removeRoute = (
    collection: string,
    action: SlaAction,
    remove: (c: WorkspaceContext, id: string) => Promise<unknown>,
  ) =>
    write('DELETE', `${path(collection)}/:id`, {
      action: `sla.${action}`,
      params: IdParamsSchema,
      status: 204,
      run: (c, p) => remove(c, p.id),
    });

  // ---------- calendars: a party's lead keeps its own ----------
  listRoute('calendars', CalendarListSchema, async (c) => ({
    items: (await listCalendars(c)).map((r) =>
      presentCalendar(r.calendar, { name: r.partyName, kind: r.partyKind }),
    ),
    abilities: slaAbilities(c.actor),
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
  read(path('rota'), {
    action: 'sla.view',
    params,
    querystring: RotaQuerySchema,
    response: RotaSchema,
    run: async (c, _p, { partyId, from, to }) => {
      const rota = await getRota(c, partyId, from, to);
      return { ...rota, shifts: rota.shifts.map((s) => presentShift(s.shift, s.name)) };
    },
  });
  createRoute('rota/shifts', 'manageParty', ShiftBodySchema, ShiftSchema, async (c, body) =>
    presentShift(await createShift(c, body)),
  );
  removeRoute('rota/shifts', 'manageParty', deleteShift);
  read(path('pages'), {
    action: 'sla.view',
    params,
    querystring: PagesQuerySchema,
    response: PageListSchema,
    run: async (c, _p, query) => ({ items: (await listPages(c, query.limit)).map(presentPage) }),
  });

  // ---------- attainment and a ticket's clocks ----------
  read(path('report'), {
    action: 'sla.view',
    params,
    querystring: PeriodQuerySchema,
    response: ReportSchema,
    run: async (c, _p, query) => ({ items: await slaReport(c, query.from, query.to) }),
  });
  read('/w/:workspace/tickets/:key/sla', {
    action: 'sla.view',
    params: TicketParamsSchema,
    response: TicketSlaSchema,
    run: async (c, p) => presentTicketSla(await getTicketSla(c, ticketNumberOf(c.actor, p.key))),
  });
  read('/w/:workspace/tickets/:key/expectations', {
    action: 'sla.expect',
    params: TicketParamsSchema,
    response: TicketExpectationsSchema,
    run: async (c, p) => presentExpectations(await getTicketExpectations(c, ticketNumberOf(c.actor, p.key))),
  });
};
