import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  CalendarQuerySchema,
  CalendarResponseSchema,
  ChangeListResponseSchema,
  ChangeParamsSchema,
  ChangeResponseSchema,
  CompleteBodySchema,
  CreateChangeBodySchema,
  EditChangeBodySchema,
  ListChangesQuerySchema,
  ReviewActionBodySchema,
  ReviewBodySchema,
  SuccessRateQuerySchema,
  SuccessRateResponseSchema,
  VersionBodySchema,
  WatcherBodySchema,
} from './contract.ts';
import { changeListAbilities } from './policy.ts';
import { presentChangeDetail, presentChangeSummary, presentFreeze } from './presenter.ts';
import { registerChangeDecisionOutcomes, submitChange } from './service/approval.ts';
import { createChange, editChange } from './service/draft.ts';
import {
  addReviewAction,
  closeChange,
  completeChange,
  saveReview,
  startChange,
  watchChange,
} from './service/progress.ts';
import { changeCalendar, changeSuccessRate, getChange, listChanges } from './service/read.ts';

export const changeRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  registerChangeDecisionOutcomes();
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['changes'];
  const detail = async (ctx: ReturnType<typeof workspaceContext>, number: number) => ({
    change: presentChangeDetail(ctx.actor, await getChange(ctx, number)),
  });

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/changes', {
    action: 'change.view',
    params: WorkspaceParamsSchema,
    querystring: ListChangesQuerySchema,
    response: ChangeListResponseSchema,
    run: async (ctx, _p, query) => {
      const { page, parties } = await listChanges(ctx, query);
      return {
        items: page.items.map((c) => presentChangeSummary(c, parties)),
        nextCursor: page.nextCursor,
        abilities: changeListAbilities(ctx.actor),
      };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/changes', {
    action: 'change.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateChangeBodySchema,
    status: 201,
    response: ChangeResponseSchema,
    run: async (ctx, _p, body) => detail(ctx, (await createChange(ctx, body)).number),
  });

  read('/w/:workspace/changes/calendar', {
    action: 'change.view',
    params: WorkspaceParamsSchema,
    querystring: CalendarQuerySchema,
    response: CalendarResponseSchema,
    run: async (ctx, _p, query) => {
      const found = await changeCalendar(ctx, query);
      return {
        changes: found.rows.map((r) => ({
          ...presentChangeSummary(r.change, found.parties),
          serviceIds: r.service,
          systemIds: r.system,
        })),
        freezes: found.freezes.map(presentFreeze),
      };
    },
  });

  read('/w/:workspace/changes/success-rate', {
    action: 'change.view',
    params: WorkspaceParamsSchema,
    querystring: SuccessRateQuerySchema,
    response: SuccessRateResponseSchema,
    run: (ctx, _p, query) => changeSuccessRate(ctx, query),
  });

  read('/w/:workspace/changes/:key', {
    action: 'change.view',
    params: ChangeParamsSchema,
    response: ChangeResponseSchema,
    run: (ctx, p) => detail(ctx, p.key),
  });

  const writeChange = recordWrites(app, db, {
    tags,
    params: ChangeParamsSchema,
    response: ChangeResponseSchema,
    detail: (ctx, params) => detail(ctx, params.key),
  });
  writeChange('PATCH', '/w/:workspace/changes/:key', {
    action: 'change.edit',
    body: EditChangeBodySchema,
    run: (ctx, p, body) => editChange(ctx, p.key, body),
  });
  writeChange('POST', '/w/:workspace/changes/:key/submit', {
    action: 'change.submit',
    body: VersionBodySchema,
    run: (ctx, p, body) => submitChange(ctx, p.key, body.version),
  });
  writeChange('POST', '/w/:workspace/changes/:key/start', {
    action: 'change.implement',
    body: VersionBodySchema,
    run: (ctx, p, body) => startChange(ctx, p.key, body.version),
  });
  writeChange('POST', '/w/:workspace/changes/:key/close', {
    action: 'change.close',
    body: VersionBodySchema,
    run: (ctx, p, body) => closeChange(ctx, p.key, body.version),
  });
  writeChange('POST', '/w/:workspace/changes/:key/complete', {
    action: 'change.implement',
    body: CompleteBodySchema,
    run: (ctx, p, body) => completeChange(ctx, p.key, body),
  });
  writeChange('PUT', '/w/:workspace/changes/:key/review', {
    action: 'change.writeReview',
    body: ReviewBodySchema,
    run: (ctx, p, body) => saveReview(ctx, p.key, body),
  });
  writeChange('POST', '/w/:workspace/changes/:key/review/actions', {
    action: 'change.writeReview',
    body: ReviewActionBodySchema,
    created: true,
    run: (ctx, p, body) => addReviewAction(ctx, p.key, body),
  });

  for (const on of [true, false]) {
    app.route({
      method: on ? 'POST' : 'DELETE',
      url: on ? '/w/:workspace/changes/:key/watchers' : '/w/:workspace/changes/:key/watchers/:membershipId',
      config: { access: 'workspace', action: 'change.watch' },
      schema: {
        tags,
        params: on ? ChangeParamsSchema : ChangeParamsSchema.extend({ membershipId: z.uuid() }),
        ...(on && { body: WatcherBodySchema }),
        response: { 200: z.object({ membershipId: z.uuid(), watching: z.boolean() }) },
      },
      handler: async (request) => {
        const params = request.params as { key: number; membershipId?: string };
        const body = (request.body ?? {}) as { membershipId?: string };
        return watchChange(
          workspaceContext(db, request),
          params.key,
          params.membershipId ?? body.membershipId,
          on,
        );
      },
    });
  }
};
