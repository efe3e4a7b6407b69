import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  CommentBodySchema,
  DecideBodySchema,
  DecisionAnswerSchema,
  DecisionCommentAnswerSchema,
  DecisionDetailSchema,
  DecisionListQuerySchema,
  DecisionLogCsvSchema,
  DecisionNumberParamsSchema,
  DecisionPageSchema,
  DecisionTypeAnswerSchema,
  DecisionTypeParamsSchema,
  DecisionTypesSchema,
  DelegationBodySchema,
  ProposeBodySchema,
} from './contract.ts';
import { decisionAbilities } from './policy.ts';
import { presentDecision, presentDecisionType } from './presenter.ts';
import {
  commentOnDecision,
  decide,
  exportDecisionLog,
  getDecision,
  listDecisions,
  proposeDecision,
  withdrawDecision,
} from './service.ts';
import { changeDecisionRight, listDecisionTypes } from './types.ts';

export const decisionRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['decisions'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/decision-types', {
    action: 'decision.view',
    params: WorkspaceParamsSchema,
    response: DecisionTypesSchema,
    run: async (ctx) => ({
      items: (await listDecisionTypes(ctx)).map((r) =>
        presentDecisionType(r.type, r.delegateName, r.partyName),
      ),
    }),
  });

  app.patch(
    '/w/:workspace/decision-types/:id',
    {
      config: { access: 'workspace', action: 'decision.manageTypes' },
      schema: {
        tags,
        params: DecisionTypeParamsSchema,
        body: DelegationBodySchema,
        response: { 200: DecisionTypeAnswerSchema },
      },
    },
    async (request) => {
      const type = await changeDecisionRight(workspaceContext(db, request), request.params.id, request.body);
      return { decisionType: presentDecisionType(type, null, null) };
    },
  );

  read('/w/:workspace/decisions', {
    action: 'decision.view',
    params: WorkspaceParamsSchema,
    querystring: DecisionListQuerySchema,
    response: DecisionPageSchema,
    run: async (ctx, _p, query) => {
      const page = await listDecisions(ctx, query);
      return {
        items: page.items.map((r) => ({
          ...presentDecision(r.decision, r.type),
          proposedBy: r.proposedBy,
          abilities: decisionAbilities(ctx.actor, r.type, r.decision),
        })),
        nextCursor: page.nextCursor,
      };
    },
  });

  app.get(
    '/w/:workspace/decisions/export.csv',
    {
      config: { access: 'workspace', action: 'decision.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        response: { 200: { content: { 'text/csv': { schema: DecisionLogCsvSchema } } } },
      },
    },
    async (request, reply) => {
      const { filename, csv } = await exportDecisionLog(workspaceContext(db, request));
      return sendExport(reply, { contentType: 'text/csv; charset=utf-8', filename, content: csv });
    },
  );

  app.post(
    '/w/:workspace/decisions',
    {
      config: { access: 'workspace', action: 'decision.propose', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: ProposeBodySchema,
        response: { 201: DecisionAnswerSchema },
      },
    },
    async (request, reply) => {
      const { decision, type } = await proposeDecision(workspaceContext(db, request), request.body);
      return reply.status(201).send({ decision: presentDecision(decision, type) });
    },
  );

  read('/w/:workspace/decisions/:number', {
    action: 'decision.view',
    params: DecisionNumberParamsSchema,
    response: DecisionDetailSchema,
    run: async (ctx, p) => {
      const found = await getDecision(ctx, p.number);
      const { decision, type } = found;
      return {
        decision: {
          ...presentDecision(decision, type),
          proposedBy: found.names.get(decision.proposedByMembershipId) ?? null,
          decidedBy: decision.decidedByMembershipId
            ? (found.names.get(decision.decidedByMembershipId) ?? null)
            : null,
        },
        decisionType: presentDecisionType(type, found.typeRow.delegateName, found.typeRow.partyName),
        comments: found.comments.map((c) => ({
          id: c.comment.id,
          author: c.author,
          body: c.comment.body,
          createdAt: c.comment.createdAt,
        })),
        abilities: decisionAbilities(ctx.actor, type, decision),
      };
    },
  });

  app.post(
    '/w/:workspace/decisions/:number/comments',
    {
      config: { access: 'workspace', action: 'decision.comment', idempotent: true },
      schema: {
        tags,
        params: DecisionNumberParamsSchema,
        body: CommentBodySchema,
        response: { 201: DecisionCommentAnswerSchema },
      },
    },
    async (request, reply) => {
      const comment = await commentOnDecision(
        workspaceContext(db, request),
        request.params.number,
        request.body.body,
      );
      return reply
        .status(201)
        .send({ comment: { id: comment.id, body: comment.body, createdAt: comment.createdAt } });
    },
  );

  for (const outcome of ['approved', 'rejected'] as const) {
    app.post(
      `/w/:workspace/decisions/:number/${outcome === 'approved' ? 'approve' : 'reject'}`,
      {
        config: { access: 'workspace', action: 'decision.decide' },
        schema: {
          tags,
          params: DecisionNumberParamsSchema,
          body: DecideBodySchema,
          response: { 200: DecisionAnswerSchema },
        },
      },
      async (request) => {
        const ctx = workspaceContext(db, request);
        const { decision, type } = await decide(ctx, request.params.number, outcome, request.body.rationale);
        return { decision: presentDecision(decision, type) };
      },
    );
  }

  app.post(
    '/w/:workspace/decisions/:number/withdraw',
    {
      config: { access: 'workspace', action: 'decision.withdraw' },
      schema: {
        tags,
        params: DecisionNumberParamsSchema,
        body: DecideBodySchema,
        response: { 200: DecisionAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { decision, type } = await withdrawDecision(ctx, request.params.number, request.body.rationale);
      return { decision: presentDecision(decision, type) };
    },
  );
};
