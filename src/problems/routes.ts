import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, ticketNumberOf, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  AcceptBodySchema,
  CreateBodySchema,
  DismissBodySchema,
  DismissedSchema,
  LinkedTicketSchema,
  LinkTicketBodySchema,
  ListQuerySchema,
  MeasuresSchema,
  ProblemDetailSchema,
  ProblemListSchema,
  ProblemParamsSchema,
  ProblemResponseSchema,
  ProblemTicketParamsSchema,
  ProposalListSchema,
  ProposalParamsSchema,
  ProposalQuerySchema,
  QueuedSchema,
  RecurrenceRunListSchema,
  UpdateBodySchema,
} from './contract.ts';
import { type ProblemAction, problemAbilities } from './policy.ts';
import { presentProblem, presentProposal, presentRun, ticketRef } from './presenter.ts';
import { acceptProposal, dismissProposal, listProposals } from './proposals.ts';
import { listRecurrenceRuns, requestRecurrenceRun } from './recurrence-runs.ts';
import {
  createProblem,
  getProblem,
  linkTicketToProblem,
  listProblems,
  problemMeasures,
  unlinkTicketFromProblem,
  updateProblem,
} from './service.ts';

const route = workspaceRoute<'problems', ProblemAction>('problems');

export const problemRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['problems'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/problems', {
    action: 'problems.view',
    params: WorkspaceParamsSchema,
    querystring: ListQuerySchema,
    response: ProblemListSchema,
    run: async (ctx, _p, query) => {
      const rows = await listProblems(ctx, query);
      return {
        items: rows.map((r) => ({ ...presentProblem(r.problem, r), ticketCount: r.ticketCount })),
        abilities: problemAbilities(ctx.actor),
      };
    },
  });

  app.post(
    '/w/:workspace/problems',
    {
      config: route('manage', { idempotent: true }),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateBodySchema,
        response: { 201: ProblemResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const { tickets, ...rest } = request.body;
      const problem = await createProblem(ctx, {
        ...rest,
        ticketNumbers: (tickets ?? []).map((k) => ticketNumberOf(ctx.actor, k)),
      });
      return reply.status(201).send({ problem: presentProblem(problem) });
    },
  );

  read('/w/:workspace/problems/measures', {
    action: 'problems.view',
    params: WorkspaceParamsSchema,
    response: MeasuresSchema,
    run: async (ctx) => ({ items: await problemMeasures(ctx) }),
  });

  read('/w/:workspace/problems/:number', {
    action: 'problems.view',
    params: ProblemParamsSchema,
    response: ProblemDetailSchema,
    run: async (ctx, p) => {
      const r = await getProblem(ctx, p.number);
      return {
        problem: presentProblem(r.problem, r),
        tickets: r.tickets.map((t) => ticketRef(ctx.actor, t)),
        articles: r.articles.map((a) => ({ ...a, key: `KB-${a.number}` })),
        measure: r.measure,
        abilities: problemAbilities(ctx.actor),
      };
    },
  });

  app.patch(
    '/w/:workspace/problems/:number',
    {
      config: route('manage'),
      schema: {
        tags,
        params: ProblemParamsSchema,
        body: UpdateBodySchema,
        response: { 200: ProblemResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await updateProblem(ctx, request.params.number, request.body);
      return { problem: presentProblem(r.problem, r) };
    },
  );

  app.post(
    '/w/:workspace/problems/:number/tickets',
    {
      config: route('manage'),
      schema: {
        tags,
        params: ProblemParamsSchema,
        body: LinkTicketBodySchema,
        response: { 201: LinkedTicketSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const t = await linkTicketToProblem(
        ctx,
        request.params.number,
        ticketNumberOf(ctx.actor, request.body.ticket),
      );
      return reply
        .status(201)
        .send({ ticket: ticketRef(ctx.actor, { number: t.number, subject: t.subject }) });
    },
  );

  app.delete(
    '/w/:workspace/problems/:number/tickets/:key',
    {
      config: route('manage'),
      schema: { tags, params: ProblemTicketParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await unlinkTicketFromProblem(
        workspaceContext(db, request),
        request.params.number,
        ticketNumberOf(request.actor, request.params.key),
      );
      return reply.status(204).send();
    },
  );

  read('/w/:workspace/recurrence/proposals', {
    action: 'problems.view',
    params: WorkspaceParamsSchema,
    querystring: ProposalQuerySchema,
    response: ProposalListSchema,
    run: async (ctx, _p, query) => {
      const rows = await listProposals(ctx, query.status);
      return {
        items: rows.map((r) => presentProposal(ctx.actor, r)),
        abilities: problemAbilities(ctx.actor),
      };
    },
  });

  app.post(
    '/w/:workspace/recurrence/proposals/:id/accept',
    {
      config: route('manage', { idempotent: true }),
      schema: {
        tags,
        params: ProposalParamsSchema,
        body: AcceptBodySchema,
        response: { 201: ProblemResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const problem = await acceptProposal(ctx, request.params.id, request.body);
      return reply.status(201).send({ problem: presentProblem(problem) });
    },
  );

  app.post(
    '/w/:workspace/recurrence/proposals/:id/dismiss',
    {
      config: route('manage'),
      schema: {
        tags,
        params: ProposalParamsSchema,
        body: DismissBodySchema,
        response: { 200: DismissedSchema },
      },
    },
    async (request) => {
      await dismissProposal(workspaceContext(db, request), request.params.id, request.body.reason);
      return { dismissed: true as const };
    },
  );

  read('/w/:workspace/recurrence/runs', {
    action: 'problems.view',
    params: WorkspaceParamsSchema,
    response: RecurrenceRunListSchema,
    run: async (ctx) => ({ items: (await listRecurrenceRuns(ctx)).map(presentRun) }),
  });

  app.post(
    '/w/:workspace/recurrence/runs',
    {
      config: route('runDetection'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 202: QueuedSchema } },
    },
    async (request, reply) => {
      await requestRecurrenceRun(workspaceContext(db, request));
      return reply.status(202).send({ queued: true as const });
    },
  );
};
