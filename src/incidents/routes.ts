import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ActionFieldsSchema } from '../backlog/contract.ts';
import { presentBacklogItem } from '../backlog/presenter.ts';
import { incidentKey } from '../domain/incidents.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  BannerSchema,
  ChangeBodySchema,
  DeclareBodySchema,
  IncidentListSchema,
  IncidentPageSchema,
  IncidentParamsSchema,
  LinkTicketsBodySchema,
  LinkTicketsResponseSchema,
  ListQuerySchema,
  ResolveBodySchema,
  ReviewActionResponseSchema,
  ReviewBodySchema,
  ReviewResponseSchema,
  SubscribeBodySchema,
  SubscriberParamsSchema,
  SubscriptionSchema,
  UpdateBodySchema,
  VersionBodySchema,
} from './contract.ts';
import type { IncidentAction } from './policy.ts';
import { presentIncidentDetail, presentIncidentSummary, presentReview } from './presenter.ts';
import { declareIncident } from './service/declare.ts';
import {
  changeIncident,
  linkTickets,
  postUpdate,
  resolveIncident,
  subscribe,
  unsubscribe,
} from './service/manage.ts';
import { getIncident, listIncidents, openIncidentBanner } from './service/read.ts';
import { addReviewAction, completeReview, saveReview } from './service/review.ts';

const route = workspaceRoute<'incidents', IncidentAction>('incidents');

export const incidentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['incidents'];
  const page = { 200: IncidentPageSchema };
  const detail = async (ctx: ReturnType<typeof workspaceContext>, number: number) => {
    const found = await getIncident(ctx, number);
    return {
      incident: presentIncidentDetail(ctx.actor, found),
      actions: found.actions.map((a) => presentBacklogItem(ctx.actor, a)),
    };
  };

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/incidents', {
    action: 'incidents.view',
    params: WorkspaceParamsSchema,
    querystring: ListQuerySchema,
    response: IncidentListSchema,
    run: async (ctx, _p, query) => {
      const found = await listIncidents(ctx, query);
      return {
        items: found.rows.map((r) => ({
          ...presentIncidentSummary(r, found.names),
          ticketCount: found.ticketCounts.get(r.id) ?? 0,
          lastUpdateAt: found.lastUpdates.get(r.id) ?? null,
        })),
        abilities: { declare: found.canDeclare },
        declareRightHolder: found.declareHolder,
      };
    },
  });

  app.post(
    '/w/:workspace/incidents',
    {
      config: route('declare', { idempotent: true }),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: DeclareBodySchema,
        response: { 201: IncidentPageSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const incident = await declareIncident(ctx, request.body);
      return reply.status(201).send(await detail(ctx, incident.number));
    },
  );

  // Any member, requesters included: the portal's banner shows only the latest public update.
  read('/w/:workspace/incidents/banner', {
    action: 'incidents.readBanner',
    params: WorkspaceParamsSchema,
    response: BannerSchema,
    run: async (ctx) => {
      const open = await openIncidentBanner(ctx);
      return {
        items: open.map(({ incident, latest, subscribed }) => ({
          key: incidentKey(incident.number),
          title: incident.title,
          declaredAt: incident.declaredAt,
          latestUpdate: latest && { body: latest.body, createdAt: latest.createdAt },
          subscribed,
        })),
      };
    },
  });

  app.get(
    '/w/:workspace/incidents/:key',
    {
      config: route('view'),
      schema: { tags, params: IncidentParamsSchema, response: page },
    },
    async (request) => detail(workspaceContext(db, request), request.params.key),
  );

  const write = recordWrites(app, db, {
    tags,
    params: IncidentParamsSchema,
    response: IncidentPageSchema,
    detail: (ctx, params) => detail(ctx, params.key),
  });
  write('PATCH', '/w/:workspace/incidents/:key', {
    action: 'incidents.changeRoles',
    body: ChangeBodySchema,
    run: (ctx, p, body) => changeIncident(ctx, p.key, body),
  });

  app.post(
    '/w/:workspace/incidents/:key/tickets',
    {
      config: route('linkTickets'),
      schema: {
        tags,
        params: IncidentParamsSchema,
        body: LinkTicketsBodySchema,
        response: { 200: LinkTicketsResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const added = await linkTickets(ctx, request.params.key, request.body.ticketKeys);
      return { added, ...(await detail(ctx, request.params.key)) };
    },
  );

  write('POST', '/w/:workspace/incidents/:key/updates', {
    action: 'incidents.postUpdate',
    body: UpdateBodySchema,
    created: true,
    run: (ctx, p, body) => postUpdate(ctx, p.key, body),
  });

  app.post(
    '/w/:workspace/incidents/:key/subscribers',
    {
      config: route('subscribe'),
      schema: {
        tags,
        params: IncidentParamsSchema,
        body: SubscribeBodySchema,
        response: { 200: SubscriptionSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { membershipId } = await subscribe(ctx, request.params.key, request.body.membershipId);
      return { subscribed: true, membershipId };
    },
  );

  app.delete(
    '/w/:workspace/incidents/:key/subscribers/:membershipId',
    {
      config: route('subscribe'),
      schema: { tags, params: SubscriberParamsSchema, response: { 200: SubscriptionSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await unsubscribe(ctx, request.params.key, request.params.membershipId);
      return { subscribed: false, membershipId: request.params.membershipId };
    },
  );

  write('POST', '/w/:workspace/incidents/:key/resolve', {
    action: 'incidents.resolve',
    body: ResolveBodySchema,
    run: (ctx, p, body) => resolveIncident(ctx, p.key, body),
  });

  app.put(
    '/w/:workspace/incidents/:key/review',
    {
      config: route('writeReview'),
      schema: {
        tags,
        params: IncidentParamsSchema,
        body: ReviewBodySchema,
        response: { 200: ReviewResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const review = await saveReview(ctx, request.params.key, request.body);
      return { review: presentReview(review, new Map()) };
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/review/actions',
    {
      config: route('writeReview', { idempotent: true }),
      schema: {
        tags,
        params: IncidentParamsSchema,
        body: ActionFieldsSchema,
        response: { 201: ReviewActionResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const item = await addReviewAction(ctx, request.params.key, request.body);
      const found = await detail(ctx, request.params.key);
      return reply
        .status(201)
        .send({ item: found.actions.find((a) => a.id === item.id)!, actions: found.actions });
    },
  );

  write('POST', '/w/:workspace/incidents/:key/review/complete', {
    action: 'incidents.completeReview',
    body: VersionBodySchema,
    run: (ctx, p, body) => completeReview(ctx, p.key, body.version),
  });
};
