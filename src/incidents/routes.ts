import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ActionFieldsSchema } from '../backlog/contract.ts';
import { presentBacklogItem } from '../backlog/presenter.ts';
import { incidentKey } from '../domain/incidents.ts';
import type { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

export const incidentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['incidents'];
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

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/incidents', {
    action: 'incidents.declare',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: DeclareBodySchema,
    status: 201,
    response: IncidentPageSchema,
    run: async (ctx, _p, body) => detail(ctx, (await declareIncident(ctx, body)).number),
  });

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

  read('/w/:workspace/incidents/:key', {
    action: 'incidents.view',
    params: IncidentParamsSchema,
    response: IncidentPageSchema,
    run: (ctx, p) => detail(ctx, p.key),
  });

  const writeIncident = recordWrites(app, db, {
    tags,
    params: IncidentParamsSchema,
    response: IncidentPageSchema,
    detail: (ctx, params) => detail(ctx, params.key),
  });
  writeIncident('PATCH', '/w/:workspace/incidents/:key', {
    action: 'incidents.changeRoles',
    body: ChangeBodySchema,
    run: (ctx, p, body) => changeIncident(ctx, p.key, body),
  });

  write('POST', '/w/:workspace/incidents/:key/tickets', {
    action: 'incidents.linkTickets',
    params: IncidentParamsSchema,
    body: LinkTicketsBodySchema,
    response: LinkTicketsResponseSchema,
    run: async (ctx, p, body) => {
      const added = await linkTickets(ctx, p.key, body.ticketKeys);
      return { added, ...(await detail(ctx, p.key)) };
    },
  });

  writeIncident('POST', '/w/:workspace/incidents/:key/updates', {
    action: 'incidents.postUpdate',
    body: UpdateBodySchema,
    created: true,
    run: (ctx, p, body) => postUpdate(ctx, p.key, body),
  });

  write('POST', '/w/:workspace/incidents/:key/subscribers', {
    action: 'incidents.subscribe',
    params: IncidentParamsSchema,
    body: SubscribeBodySchema,
    response: SubscriptionSchema,
    run: async (ctx, p, body) => {
      const { membershipId } = await subscribe(ctx, p.key, body.membershipId);
      return { subscribed: true, membershipId };
    },
  });

  write('DELETE', '/w/:workspace/incidents/:key/subscribers/:membershipId', {
    action: 'incidents.subscribe',
    params: SubscriberParamsSchema,
    response: SubscriptionSchema,
    run: async (ctx, p) => {
      await unsubscribe(ctx, p.key, p.membershipId);
      return { subscribed: false, membershipId: p.membershipId };
    },
  });

  writeIncident('POST', '/w/:workspace/incidents/:key/resolve', {
    action: 'incidents.resolve',
    body: ResolveBodySchema,
    run: (ctx, p, body) => resolveIncident(ctx, p.key, body),
  });

  write('PUT', '/w/:workspace/incidents/:key/review', {
    action: 'incidents.writeReview',
    params: IncidentParamsSchema,
    body: ReviewBodySchema,
    response: ReviewResponseSchema,
    run: async (ctx, p, body) => ({ review: presentReview(await saveReview(ctx, p.key, body), new Map()) }),
  });

  write('POST', '/w/:workspace/incidents/:key/review/actions', {
    action: 'incidents.writeReview',
    idempotent: true,
    params: IncidentParamsSchema,
    body: ActionFieldsSchema,
    status: 201,
    response: ReviewActionResponseSchema,
    run: async (ctx, p, body) => {
      const item = await addReviewAction(ctx, p.key, body);
      const found = await detail(ctx, p.key);
      return { item: found.actions.find((a) => a.id === item.id)!, actions: found.actions };
    },
  });

  writeIncident('POST', '/w/:workspace/incidents/:key/review/complete', {
    action: 'incidents.completeReview',
    body: VersionBodySchema,
    run: (ctx, p, body) => completeReview(ctx, p.key, body.version),
  });
};
