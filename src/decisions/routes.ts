import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('PATCH', '/w/:workspace/decision-types/:id', {
    action: 'decision.manageTypes',
    params: DecisionTypeParamsSchema,
    body: DelegationBodySchema,
    response: DecisionTypeAnswerSchema,
    run: async (ctx, p, body) => {
      const type = await changeDecisionRight(ctx, p.id, body);
      return { decisionType: presentDecisionType(type, null, null) };
    },
  });

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

  write('POST', '/w/:workspace/decisions', {
    action: 'decision.propose',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: ProposeBodySchema,
    status: 201,
    response: DecisionAnswerSchema,
    run: async (ctx, _p, body) => {
      const { decision, type } = await proposeDecision(ctx, body);
      return { decision: presentDecision(decision, type) };
    },
  });

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

  write('POST', '/w/:workspace/decisions/:number/comments', {
    action: 'decision.comment',
    idempotent: true,
    params: DecisionNumberParamsSchema,
    body: CommentBodySchema,
    status: 201,
    response: DecisionCommentAnswerSchema,
    run: async (ctx, p, body) => {
      const comment = await commentOnDecision(ctx, p.number, body.body);
      return { comment: { id: comment.id, body: comment.body, createdAt: comment.createdAt } };
    },
  });

  for (const outcome of ['approved', 'rejected'] as const) {
    write('POST', `/w/:workspace/decisions/:number/${outcome === 'approved' ? 'approve' : 'reject'}`, {
      action: 'decision.decide',
      params: DecisionNumberParamsSchema,
      body: DecideBodySchema,
      response: DecisionAnswerSchema,
      run: async (ctx, p, body) => {
        const { decision, type } = await decide(ctx, p.number, outcome, body.rationale);
        return { decision: presentDecision(decision, type) };
      },
    });
  }

  write('POST', '/w/:workspace/decisions/:number/withdraw', {
    action: 'decision.withdraw',
    params: DecisionNumberParamsSchema,
    body: DecideBodySchema,
    response: DecisionAnswerSchema,
    run: async (ctx, p, body) => {
      const { decision, type } = await withdrawDecision(ctx, p.number, body.rationale);
      return { decision: presentDecision(decision, type) };
    },
  });
};
