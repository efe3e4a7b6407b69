import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Problem } from '../db/schema/problems.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { PROBLEM_STATUSES, WORKAROUND_KINDS } from '../domain/problems.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { problemAbilities } from './policy.ts';
import {
  acceptProposal,
  dismissProposal,
  listProposals,
  listRecurrenceRuns,
  requestRecurrenceRun,
} from './recurrence.ts';
import {
  createProblem,
  getProblem,
  linkTicketToProblem,
  listProblems,
  problemMeasures,
  unlinkTicketFromProblem,
  updateProblem,
} from './service.ts';

// Accepts ACME-42 or 42, like the ticket routes.
export const TicketKeySchema = z
  .string()
  .regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42')
  .transform((k) => Number(k.split('-').pop()));
const ProblemParamsSchema = WorkspaceParamsSchema.extend({
  number: z
    .string()
    .regex(/^(?:PRB-)?\d{1,9}$/i, 'is not a problem key such as PRB-4')
    .transform((k) => Number(k.split('-').pop())),
});
const DateSchema = z.iso.date({ message: 'must be a date such as 2026-12-31' });
const fields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(20_000).optional(),
  serviceId: z.uuid().nullable().optional(),
  ownerPartyId: z.uuid().optional(),
  rootCause: z.string().max(20_000).optional(),
  workaround: z.string().max(20_000).optional(),
  workaroundKind: z.enum(WORKAROUND_KINDS).optional(),
  workaroundExpiresOn: DateSchema.nullable().optional(),
  knownError: z.boolean().optional(),
  resolution: z.string().max(20_000).optional(),
  status: z.enum(PROBLEM_STATUSES).optional(),
};
const CreateBodySchema = z.strictObject({
  ...fields,
  tickets: z.array(TicketKeySchema).max(200).optional(),
});
const UpdateBodySchema = z.strictObject({
  ...fields,
  title: fields.title.optional(),
  version: z.number().int().positive(),
});
const ListQuerySchema = z.strictObject({
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(PROBLEM_STATUSES)))
    .optional(),
  knownError: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
const AcceptBodySchema = z.strictObject({
  title: fields.title.optional(),
  ownerPartyId: z.uuid().optional(),
  rootCause: fields.rootCause,
  workaround: fields.workaround,
  workaroundKind: fields.workaroundKind,
  workaroundExpiresOn: fields.workaroundExpiresOn,
  knownError: fields.knownError,
});

export const problemKey = (n: number) => `PRB-${n}`;

const presentProblem = (
  p: Problem,
  names: { ownerPartyName: string | null; serviceName: string | null },
) => ({
  id: p.id,
  key: problemKey(p.number),
  number: p.number,
  title: p.title,
  description: p.description,
  status: p.status,
  service: p.serviceId ? { id: p.serviceId, name: names.serviceName } : null,
  ownerParty: { id: p.ownerPartyId, name: names.ownerPartyName },
  rootCause: p.rootCause,
  workaround: p.workaround,
  workaroundKind: p.workaroundKind,
  workaroundExpiresOn: p.workaroundExpiresOn,
  knownError: p.knownError || p.status === 'known_error',
  resolution: p.resolution,
  resolvedAt: p.resolvedAt,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  version: p.version,
});

const ticketRef = (actor: WorkspaceActor, t: { number: number } & Record<string, unknown>) => ({
  ...t,
  key: `${actor.ticketPrefix}-${t.number}`,
});

export const problemRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['problems'];
  const view = { access: 'workspace', action: 'problem.view' } as const;
  const manage = { access: 'workspace', action: 'problem.manage' } as const;

  app.get(
    '/w/:workspace/problems',
    { config: view, schema: { tags, params: WorkspaceParamsSchema, querystring: ListQuerySchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listProblems(ctx, request.query);
      return {
        items: rows.map((r) => ({ ...presentProblem(r.problem, r), ticketCount: r.ticketCount })),
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.post(
    '/w/:workspace/problems',
    {
      config: { ...manage, idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const { tickets, ...rest } = request.body;
      const problem = await createProblem(ctx, { ...rest, ticketNumbers: tickets ?? [] });
      return reply
        .status(201)
        .send({ problem: presentProblem(problem, { ownerPartyName: null, serviceName: null }) });
    },
  );

  app.get(
    '/w/:workspace/problems/measures',
    { config: view, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({ items: await problemMeasures(workspaceContext(db, request)) }),
  );

  app.get(
    '/w/:workspace/problems/:number',
    { config: view, schema: { tags, params: ProblemParamsSchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await getProblem(ctx, request.params.number);
      return {
        problem: presentProblem(r.problem, r),
        tickets: r.tickets.map((t) => ticketRef(ctx.actor, t)),
        articles: r.articles.map((a) => ({ ...a, key: `KB-${a.number}` })),
        measure: r.measure,
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.patch(
    '/w/:workspace/problems/:number',
    { config: manage, schema: { tags, params: ProblemParamsSchema, body: UpdateBodySchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await updateProblem(ctx, request.params.number, request.body);
      const r = await getProblem(ctx, request.params.number);
      return { problem: presentProblem(r.problem, r) };
    },
  );

  app.post(
    '/w/:workspace/problems/:number/tickets',
    {
      config: manage,
      schema: { tags, params: ProblemParamsSchema, body: z.strictObject({ ticket: TicketKeySchema }) },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const t = await linkTicketToProblem(ctx, request.params.number, request.body.ticket);
      return reply
        .status(201)
        .send({ ticket: ticketRef(ctx.actor, { number: t.number, subject: t.subject }) });
    },
  );

  app.delete(
    '/w/:workspace/problems/:number/tickets/:key',
    { config: manage, schema: { tags, params: ProblemParamsSchema.extend({ key: TicketKeySchema }) } },
    async (request, reply) => {
      await unlinkTicketFromProblem(workspaceContext(db, request), request.params.number, request.params.key);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/recurrence/proposals',
    {
      config: view,
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({
          status: z.enum(['proposed', 'accepted', 'dismissed']).default('proposed'),
        }),
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listProposals(ctx, request.query.status);
      return {
        items: rows.map(({ proposal: p, scopeName, tickets }) => ({
          id: p.id,
          title: p.title,
          scope: { kind: p.scopeKind, id: p.scopeId, name: scopeName },
          averageSimilarity: p.averageSimilarity,
          evidence: p.evidence,
          tickets: tickets.map((t) => ticketRef(ctx.actor, t)),
          status: p.status,
          problemId: p.problemId,
          dismissReason: p.dismissReason,
          createdAt: p.createdAt,
          decidedAt: p.decidedAt,
        })),
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.post(
    '/w/:workspace/recurrence/proposals/:id/accept',
    {
      config: { ...manage, idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema.extend({ id: z.uuid() }), body: AcceptBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const problem = await acceptProposal(ctx, request.params.id, request.body);
      return reply
        .status(201)
        .send({ problem: presentProblem(problem, { ownerPartyName: null, serviceName: null }) });
    },
  );

  app.post(
    '/w/:workspace/recurrence/proposals/:id/dismiss',
    {
      config: manage,
      schema: {
        tags,
        params: WorkspaceParamsSchema.extend({ id: z.uuid() }),
        body: z.strictObject({ reason: z.string().trim().min(1, 'say why it is not a problem').max(2000) }),
      },
    },
    async (request) => {
      await dismissProposal(workspaceContext(db, request), request.params.id, request.body.reason);
      return { dismissed: true };
    },
  );

  app.get(
    '/w/:workspace/recurrence/runs',
    { config: view, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({ items: await listRecurrenceRuns(workspaceContext(db, request)) }),
  );

  app.post(
    '/w/:workspace/recurrence/runs',
    {
      config: { access: 'workspace', action: 'problem.runDetection' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request, reply) => {
      await requestRecurrenceRun(workspaceContext(db, request));
      return reply.status(202).send({ queued: true });
    },
  );
};
