import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { governanceReference } from '../defaults/governance.ts';
import type { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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
import { presentRiskDetail, presentRiskList } from './presenter.ts';
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

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/risks', {
    action: 'risk.view',
    params: WorkspaceParamsSchema,
    querystring: RiskListQuerySchema,
    response: RiskListResponseSchema,
    run: async (ctx, _p, query) => presentRiskList(await listRisks(ctx, query)),
  });
  read('/w/:workspace/risks/categories', {
    action: 'risk.view',
    params: WorkspaceParamsSchema,
    response: RiskCategoriesResponseSchema,
    run: () => {
      const ref = governanceReference();
      return { csfFunctions: ref.csfFunctions, cyberEssentialsControls: ref.cyberEssentialsControls };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/risks', {
    action: 'risk.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateRiskBodySchema,
    status: 201,
    response: RiskResponseSchema,
    run: async (ctx, _p, body) => detail(ctx, (await createRisk(ctx, body)).number),
  });

  read('/w/:workspace/risks/:key', {
    action: 'risk.view',
    params: RiskParamsSchema,
    response: RiskResponseSchema,
    run: (ctx, p) => detail(ctx, p.key),
  });

  const writeRisk = recordWrites(app, db, {
    tags,
    params: RiskParamsSchema,
    response: RiskResponseSchema,
    detail: (ctx, params) => detail(ctx, params.key),
  });
  writeRisk('PATCH', '/w/:workspace/risks/:key', {
    action: 'risk.edit',
    body: UpdateRiskBodySchema,
    run: (ctx, p, body) => updateRisk(ctx, p.key, body),
  });
  writeRisk('POST', '/w/:workspace/risks/:key/accept', {
    action: 'decision.decide',
    body: AcceptRiskBodySchema,
    run: (ctx, p, body) => acceptRisk(ctx, p.key, body),
  });
  writeRisk('POST', '/w/:workspace/risks/:key/actions', {
    action: 'risk.addAction',
    body: RiskActionBodySchema,
    created: true,
    run: (ctx, p, body) => addRiskAction(ctx, p.key, body),
  });
  writeRisk('POST', '/w/:workspace/risks/:key/changes', {
    action: 'risk.edit',
    body: LinkRiskChangeBodySchema,
    created: true,
    run: (ctx, p, body) => linkRiskChange(ctx, p.key, body.change),
  });

  write('DELETE', '/w/:workspace/risks/:key/changes/:change', {
    action: 'risk.edit',
    params: RiskChangeParamsSchema,
    status: 204,
    run: (ctx, p) => unlinkRiskChange(ctx, p.key, p.change),
  });
};
