import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { ticketNumberOf, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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
import { problemAbilities } from './policy.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/problems', {
    action: 'problems.manage',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateBodySchema,
    status: 201,
    response: ProblemResponseSchema,
    run: async (ctx, _p, body) => {
      const { tickets, ...rest } = body;
      const problem = await createProblem(ctx, {
        ...rest,
        ticketNumbers: (tickets ?? []).map((k) => ticketNumberOf(ctx.actor, k)),
      });
      return { problem: presentProblem(problem) };
    },
  });

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

  write('PATCH', '/w/:workspace/problems/:number', {
    action: 'problems.manage',
    params: ProblemParamsSchema,
    body: UpdateBodySchema,
    response: ProblemResponseSchema,
    run: async (ctx, p, body) => {
      const r = await updateProblem(ctx, p.number, body);
      return { problem: presentProblem(r.problem, r) };
    },
  });

  write('POST', '/w/:workspace/problems/:number/tickets', {
    action: 'problems.manage',
    params: ProblemParamsSchema,
    body: LinkTicketBodySchema,
    status: 201,
    response: LinkedTicketSchema,
    run: async (ctx, p, body) => {
      const t = await linkTicketToProblem(ctx, p.number, ticketNumberOf(ctx.actor, body.ticket));
      return { ticket: ticketRef(ctx.actor, { number: t.number, subject: t.subject }) };
    },
  });

  write('DELETE', '/w/:workspace/problems/:number/tickets/:key', {
    action: 'problems.manage',
    params: ProblemTicketParamsSchema,
    status: 204,
    run: (ctx, p) => unlinkTicketFromProblem(ctx, p.number, ticketNumberOf(ctx.actor, p.key)),
  });

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

  write('POST', '/w/:workspace/recurrence/proposals/:id/accept', {
    action: 'problems.manage',
    idempotent: true,
    params: ProposalParamsSchema,
    body: AcceptBodySchema,
    status: 201,
    response: ProblemResponseSchema,
    run: async (ctx, p, body) => {
      const problem = await acceptProposal(ctx, p.id, body);
      return { problem: presentProblem(problem) };
    },
  });

  write('POST', '/w/:workspace/recurrence/proposals/:id/dismiss', {
    action: 'problems.manage',
    params: ProposalParamsSchema,
    body: DismissBodySchema,
    response: DismissedSchema,
    run: async (ctx, p, body) => {
      await dismissProposal(ctx, p.id, body.reason);
      return { dismissed: true as const };
    },
  });

  read('/w/:workspace/recurrence/runs', {
    action: 'problems.view',
    params: WorkspaceParamsSchema,
    response: RecurrenceRunListSchema,
    run: async (ctx) => ({ items: (await listRecurrenceRuns(ctx)).map(presentRun) }),
  });

  write('POST', '/w/:workspace/recurrence/runs', {
    action: 'problems.runDetection',
    params: WorkspaceParamsSchema,
    status: 202,
    response: QueuedSchema,
    run: async (ctx) => {
      await requestRecurrenceRun(ctx);
      return { queued: true as const };
    },
  });
};
