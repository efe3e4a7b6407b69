import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { governanceReference } from '../defaults/governance.ts';
import { heatMap } from '../domain/risks.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import {
  AcceptRiskBodySchema,
  CreateRiskBodySchema,
  LinkRiskChangeBodySchema,
  RiskActionBodySchema,
  RiskCategoriesResponseSchema,
  RiskChangeParamsSchema,
  RiskListQuerySchema,
  RiskListResponseSchema,
  RiskParamsSchema,
  RiskResponseSchema,
  UpdateRiskBodySchema,
} from './contract.ts';
import { presentRiskDetail, presentRiskSummary } from './presenter.ts';
import { getRisk, listRisks } from './service/read.ts';
import { linkRiskChange, unlinkRiskChange } from './service/treatment-changes.ts';
import { acceptRisk, addRiskAction, createRisk, updateRisk } from './service/write.ts';

export const riskRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['risks'];
  const detail = async (ctx: ReturnType<typeof workspaceContext>, number: number) => ({
    risk: presentRiskDetail(ctx.actor, await getRisk(ctx, number)),
  });

  app.get(
    '/w/:workspace/risks',
    {
      config: { access: 'workspace', action: 'risk.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: RiskListQuerySchema,
        response: { 200: RiskListResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await listRisks(ctx, request.query);
      const open = found.rows.filter((r) => r.status === 'open');
      return {
        items: found.rows.map((r) => presentRiskSummary(r, found.names, found.sources)),
        heatMap: {
          inherent: heatMap(
            open.map((r) => ({ likelihood: r.inherentLikelihood, impact: r.inherentImpact })),
          ),
          residual: heatMap(
            open.map((r) => ({ likelihood: r.residualLikelihood, impact: r.residualImpact })),
          ),
        },
        abilities: { create: found.canCreate },
        acceptRightHolder: found.acceptHolder,
      };
    },
  );

  app.get(
    '/w/:workspace/risks/categories',
    {
      config: { access: 'workspace', action: 'risk.view' },
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: RiskCategoriesResponseSchema } },
    },
    async () => {
      const ref = governanceReference();
      return { csfFunctions: ref.csfFunctions, cyberEssentialsControls: ref.cyberEssentialsControls };
    },
  );

  app.post(
    '/w/:workspace/risks',
    {
      config: { access: 'workspace', action: 'risk.create', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateRiskBodySchema,
        response: { 201: RiskResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const risk = await createRisk(ctx, request.body);
      return reply.status(201).send(await detail(ctx, risk.number));
    },
  );

  app.get(
    '/w/:workspace/risks/:key',
    {
      config: { access: 'workspace', action: 'risk.view' },
      schema: { tags, params: RiskParamsSchema, response: { 200: RiskResponseSchema } },
    },
    async (request) => detail(workspaceContext(db, request), request.params.key),
  );

  const write = recordWrites(app, db, {
    tags,
    params: RiskParamsSchema,
    response: RiskResponseSchema,
    detail: (ctx, params) => detail(ctx, params.key),
  });
  write('PATCH', '/w/:workspace/risks/:key', {
    action: 'risk.edit',
    body: UpdateRiskBodySchema,
    run: (ctx, p, body) => updateRisk(ctx, p.key, body),
  });
  write('POST', '/w/:workspace/risks/:key/accept', {
    action: 'decision.decide',
    body: AcceptRiskBodySchema,
    run: (ctx, p, body) => acceptRisk(ctx, p.key, body),
  });
  write('POST', '/w/:workspace/risks/:key/actions', {
    action: 'risk.addAction',
    body: RiskActionBodySchema,
    created: true,
    run: (ctx, p, body) => addRiskAction(ctx, p.key, body),
  });
  write('POST', '/w/:workspace/risks/:key/changes', {
    action: 'risk.edit',
    body: LinkRiskChangeBodySchema,
    created: true,
    run: (ctx, p, body) => linkRiskChange(ctx, p.key, body.change),
  });

  app.delete(
    '/w/:workspace/risks/:key/changes/:change',
    {
      config: { access: 'workspace', action: 'risk.edit' },
      schema: { tags, params: RiskChangeParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await unlinkRiskChange(workspaceContext(db, request), request.params.key, request.params.change);
      return reply.status(204).send();
    },
  );
};
