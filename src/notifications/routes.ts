import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NOTIFICATION_EVENT_NAMES, NOTIFICATION_EVENTS } from '../domain/notifications.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { IdParamsSchema, NoContent, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  CreateEndpointBodySchema,
  DeliveriesQuerySchema,
  DeliveryPageSchema,
  DeliveryParamsSchema,
  DeliveryResponseSchema,
  EmailDeliveriesQuerySchema,
  EmailDeliveriesSchema,
  EndpointListSchema,
  EndpointResponseSchema,
  EndpointWithSecretSchema,
  EventListSchema,
  ListQuerySchema,
  NotificationPageSchema,
  PreferencesBodySchema,
  PreferencesSchema,
  ReadAllResponseSchema,
  ReadResponseSchema,
  UnreadSchema,
  UpdateEndpointBodySchema,
} from './contract.ts';
import { type NotificationAction, notificationAbilities } from './policy.ts';
import { asDate, presentDelivery, presentEndpoint, presentNotification } from './presenter.ts';
import {
  countUnread,
  getPreferences,
  listEmailDeliveries,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  updatePreferences,
} from './service.ts';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpointDeliveries,
  listEndpoints,
  pingEndpoint,
  redeliver,
  rotateEndpointSecret,
  updateEndpoint,
} from './webhooks.ts';

const route = workspaceRoute<'notifications', NotificationAction>('notifications');

export const notificationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['notifications'];
  const hooks = ['webhooks'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/notifications', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    querystring: ListQuerySchema,
    response: NotificationPageSchema,
    run: async (ctx, _p, query) => {
      const page = await listNotifications(ctx, query);
      return {
        items: page.items.map(presentNotification),
        nextCursor: page.nextCursor,
        unread: await countUnread(ctx),
        abilities: notificationAbilities(ctx.actor),
      };
    },
  });

  read('/w/:workspace/notifications/unread-count', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    response: UnreadSchema,
    run: async (ctx) => ({ unread: await countUnread(ctx) }),
  });

  app.post(
    '/w/:workspace/notifications/:id/read',
    {
      config: route('readOwn'),
      schema: { tags, params: IdParamsSchema, response: { 200: ReadResponseSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const notification = await markNotificationRead(ctx, request.params.id);
      return { notification: presentNotification(notification), unread: await countUnread(ctx) };
    },
  );

  app.post(
    '/w/:workspace/notifications/read-all',
    {
      config: route('readOwn'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: ReadAllResponseSchema } },
    },
    async (request) => ({ marked: await markAllNotificationsRead(workspaceContext(db, request)), unread: 0 }),
  );

  read('/w/:workspace/notification-preferences', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    response: PreferencesSchema,
    run: (ctx) => getPreferences(ctx),
  });

  app.patch(
    '/w/:workspace/notification-preferences',
    {
      config: route('readOwn'),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: PreferencesBodySchema,
        response: { 200: PreferencesSchema },
      },
    },
    async (request) => updatePreferences(workspaceContext(db, request), request.body),
  );

  read('/w/:workspace/notification-deliveries', {
    action: 'notifications.viewDeliveryLog',
    params: WorkspaceParamsSchema,
    querystring: EmailDeliveriesQuerySchema,
    response: EmailDeliveriesSchema,
    run: async (ctx, _p, query) => ({
      items: (await listEmailDeliveries(ctx, query)).map((r) => ({
        id: r.delivery.id,
        event: r.event,
        subject: r.subject,
        to: r.delivery.toAddress,
        mode: r.delivery.mode,
        status: r.delivery.status,
        attempts: r.delivery.attempts,
        lastError: r.delivery.lastError,
        lastAttemptAt: r.delivery.lastAttemptAt,
        sentAt: r.delivery.sentAt,
        createdAt: r.delivery.createdAt,
      })),
    }),
  });

  read('/w/:workspace/notification-events', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    response: EventListSchema,
    run: () => ({
      items: NOTIFICATION_EVENT_NAMES.map((event) => ({ event, label: NOTIFICATION_EVENTS[event].label })),
    }),
  });

  const readWebhook = workspaceReads(app, db, hooks);
  readWebhook('/w/:workspace/webhooks', {
    action: 'notifications.manageWebhooks',
    params: WorkspaceParamsSchema,
    response: EndpointListSchema,
    run: async (ctx) => ({
      items: (await listEndpoints(ctx)).map((r) => ({
        ...presentEndpoint(r.endpoint),
        failingDeliveries: r.failing,
        lastAttemptAt: asDate(r.lastAttemptAt),
      })),
    }),
  });

  app.post(
    '/w/:workspace/webhooks',
    {
      config: route('manageWebhooks', { idempotent: true }),
      schema: {
        tags: hooks,
        params: WorkspaceParamsSchema,
        body: CreateEndpointBodySchema,
        response: { 201: EndpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const created = await createEndpoint(
        workspaceContext(db, request),
        request.body,
        deps.config.webhookAllowList,
      );
      return reply.status(201).send({ endpoint: presentEndpoint(created.endpoint), secret: created.secret });
    },
  );

  readWebhook('/w/:workspace/webhooks/:id', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    response: EndpointResponseSchema,
    run: async (ctx, p) => ({
      endpoint: presentEndpoint(await getEndpoint(ctx, p.id)),
    }),
  });

  app.patch(
    '/w/:workspace/webhooks/:id',
    {
      config: route('manageWebhooks'),
      schema: {
        tags: hooks,
        params: IdParamsSchema,
        body: UpdateEndpointBodySchema,
        response: { 200: EndpointResponseSchema },
      },
    },
    async (request) => ({
      endpoint: presentEndpoint(
        await updateEndpoint(
          workspaceContext(db, request),
          request.params.id,
          request.body,
          deps.config.webhookAllowList,
        ),
      ),
    }),
  );

  app.delete(
    '/w/:workspace/webhooks/:id',
    {
      config: route('manageWebhooks'),
      schema: { tags: hooks, params: IdParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteEndpoint(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/w/:workspace/webhooks/:id/rotate-secret',
    {
      config: route('manageWebhooks'),
      schema: { tags: hooks, params: IdParamsSchema, response: { 200: EndpointWithSecretSchema } },
    },
    async (request) => {
      const rotated = await rotateEndpointSecret(workspaceContext(db, request), request.params.id);
      return { endpoint: presentEndpoint(rotated.endpoint), secret: rotated.secret };
    },
  );

  app.post(
    '/w/:workspace/webhooks/:id/ping',
    {
      config: route('manageWebhooks'),
      schema: { tags: hooks, params: IdParamsSchema, response: { 202: DeliveryResponseSchema } },
    },
    async (request, reply) =>
      reply.status(202).send({
        delivery: presentDelivery(await pingEndpoint(workspaceContext(db, request), request.params.id)),
      }),
  );

  readWebhook('/w/:workspace/webhooks/:id/deliveries', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    querystring: DeliveriesQuerySchema,
    response: DeliveryPageSchema,
    run: async (ctx, p, query) => {
      const page = await listEndpointDeliveries(ctx, p.id, query);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  });

  app.post(
    '/w/:workspace/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: route('manageWebhooks'),
      schema: { tags: hooks, params: DeliveryParamsSchema, response: { 202: DeliveryResponseSchema } },
    },
    async (request, reply) => {
      const delivery = await redeliver(
        workspaceContext(db, request),
        request.params.id,
        request.params.deliveryId,
      );
      return reply.status(202).send({ delivery: presentDelivery(delivery) });
    },
  );
};
