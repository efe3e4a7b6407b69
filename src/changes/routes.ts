import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
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

  app.get(
    '/w/:workspace/changes',
    {
      config: { access: 'workspace', action: 'change.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: ListChangesQuerySchema,
        response: { 200: ChangeListResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { page, parties } = await listChanges(ctx, request.query);
      return {
        items: page.items.map((c) => presentChangeSummary(c, parties)),
        nextCursor: page.nextCursor,
        abilities: changeListAbilities(ctx.actor),
      };
    },
  );

  app.post(
    '/w/:workspace/changes',
    {
      config: { access: 'workspace', action: 'change.create', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateChangeBodySchema,
        response: { 201: ChangeResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const change = await createChange(ctx, request.body);
      return reply.status(201).send(await detail(ctx, change.number));
    },
  );

  app.get(
    '/w/:workspace/changes/calendar',
    {
      config: { access: 'workspace', action: 'change.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: CalendarQuerySchema,
        response: { 200: CalendarResponseSchema },
      },
    },
    async (request) => {
      const found = await changeCalendar(workspaceContext(db, request), request.query);
      return {
        changes: found.rows.map((r) => ({
          ...presentChangeSummary(r.change, found.parties),
          serviceIds: r.service,
          systemIds: r.system,
        })),
        freezes: found.freezes.map(presentFreeze),
      };
    },
  );

  app.get(
    '/w/:workspace/changes/success-rate',
    {
      config: { access: 'workspace', action: 'change.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: SuccessRateQuerySchema,
        response: { 200: SuccessRateResponseSchema },
      },
    },
    async (request) => changeSuccessRate(workspaceContext(db, request), request.query),
  );

  app.get(
    '/w/:workspace/changes/:key',
    {
      config: { access: 'workspace', action: 'change.view' },
      schema: { tags, params: ChangeParamsSchema, response: { 200: ChangeResponseSchema } },
    },
    async (request) => detail(workspaceContext(db, request), request.params.key),
  );

  app.patch(
    '/w/:workspace/changes/:key',
    {
      config: { access: 'workspace', action: 'change.edit' },
      schema: {
        tags,
        params: ChangeParamsSchema,
        body: EditChangeBodySchema,
        response: { 200: ChangeResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await editChange(ctx, request.params.key, request.body);
      return detail(ctx, request.params.key);
    },
  );

  const transitions = [
    ['submit', 'change.submit', (ctx, key, body) => submitChange(ctx, key, body.version)],
    ['start', 'change.implement', (ctx, key, body) => startChange(ctx, key, body.version)],
    ['close', 'change.close', (ctx, key, body) => closeChange(ctx, key, body.version)],
  ] as const satisfies ReadonlyArray<
    readonly [
      string,
      string,
      (ctx: ReturnType<typeof workspaceContext>, key: number, body: { version: number }) => Promise<unknown>,
    ]
  >;
  for (const [path, action, run] of transitions) {
    app.post(
      `/w/:workspace/changes/:key/${path}`,
      {
        config: { access: 'workspace', action },
        schema: {
          tags,
          params: ChangeParamsSchema,
          body: VersionBodySchema,
          response: { 200: ChangeResponseSchema },
        },
      },
      async (request) => {
        const ctx = workspaceContext(db, request);
        await run(ctx, request.params.key, request.body);
        return detail(ctx, request.params.key);
      },
    );
  }

  app.post(
    '/w/:workspace/changes/:key/complete',
    {
      config: { access: 'workspace', action: 'change.implement' },
      schema: {
        tags,
        params: ChangeParamsSchema,
        body: CompleteBodySchema,
        response: { 200: ChangeResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await completeChange(ctx, request.params.key, request.body);
      return detail(ctx, request.params.key);
    },
  );

  app.put(
    '/w/:workspace/changes/:key/review',
    {
      config: { access: 'workspace', action: 'change.writeReview' },
      schema: {
        tags,
        params: ChangeParamsSchema,
        body: ReviewBodySchema,
        response: { 200: ChangeResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await saveReview(ctx, request.params.key, request.body);
      return detail(ctx, request.params.key);
    },
  );

  app.post(
    '/w/:workspace/changes/:key/review/actions',
    {
      config: { access: 'workspace', action: 'change.writeReview', idempotent: true },
      schema: {
        tags,
        params: ChangeParamsSchema,
        body: ReviewActionBodySchema,
        response: { 201: ChangeResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      await addReviewAction(ctx, request.params.key, request.body);
      return reply.status(201).send(await detail(ctx, request.params.key));
    },
  );

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
