import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NOTIFICATION_EVENT_NAMES, NOTIFICATION_EVENTS } from '../domain/notifications.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { IdParamsSchema, NoContent, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
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

  app.get(
    '/w/:workspace/notifications',
    {
      config: route('readOwn'),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: ListQuerySchema,
        response: { 200: NotificationPageSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const page = await listNotifications(ctx, request.query);
      return {
        items: page.items.map(presentNotification),
        nextCursor: page.nextCursor,
        unread: await countUnread(ctx),
        abilities: notificationAbilities(ctx.actor),
      };
    },
  );

  app.get(
    '/w/:workspace/notifications/unread-count',
    {
      config: route('readOwn'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: UnreadSchema } },
    },
    async (request) => ({ unread: await countUnread(workspaceContext(db, request)) }),
  );

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

  app.get(
    '/w/:workspace/notification-preferences',
    {
      config: route('readOwn'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: PreferencesSchema } },
    },
    async (request) => getPreferences(workspaceContext(db, request)),
  );

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

  app.get(
    '/w/:workspace/notification-deliveries',
    {
      config: route('viewDeliveryLog'),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: EmailDeliveriesQuerySchema,
        response: { 200: EmailDeliveriesSchema },
      },
    },
    async (request) => ({
      items: (await listEmailDeliveries(workspaceContext(db, request), request.query)).map((r) => ({
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
  );

  app.get(
    '/w/:workspace/notification-events',
    {
      config: route('readOwn'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: EventListSchema } },
    },
    async () => ({
      items: NOTIFICATION_EVENT_NAMES.map((event) => ({ event, label: NOTIFICATION_EVENTS[event].label })),
    }),
  );

  app.get(
    '/w/:workspace/webhooks',
    {
      config: route('manageWebhooks'),
      schema: { tags: hooks, params: WorkspaceParamsSchema, response: { 200: EndpointListSchema } },
    },
    async (request) => ({
      items: (await listEndpoints(workspaceContext(db, request))).map((r) => ({
        ...presentEndpoint(r.endpoint),
        failingDeliveries: r.failing,
        lastAttemptAt: asDate(r.lastAttemptAt),
      })),
    }),
  );

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

  app.get(
    '/w/:workspace/webhooks/:id',
    {
      config: route('manageWebhooks'),
      schema: { tags: hooks, params: IdParamsSchema, response: { 200: EndpointResponseSchema } },
    },
    async (request) => ({
      endpoint: presentEndpoint(await getEndpoint(workspaceContext(db, request), request.params.id)),
    }),
  );

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

  app.get(
    '/w/:workspace/webhooks/:id/deliveries',
    {
      config: route('manageWebhooks'),
      schema: {
        tags: hooks,
        params: IdParamsSchema,
        querystring: DeliveriesQuerySchema,
        response: { 200: DeliveryPageSchema },
      },
    },
    async (request) => {
      const page = await listEndpointDeliveries(
        workspaceContext(db, request),
        request.params.id,
        request.query,
      );
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );

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
