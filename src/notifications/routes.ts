import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NOTIFICATION_EVENT_NAMES, NOTIFICATION_EVENTS } from '../domain/notifications.ts';
import type { AppDeps } from '../server/context.ts';
import { IdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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
import { notificationAbilities } from './policy.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/notifications/:id/read', {
    action: 'notifications.readOwn',
    params: IdParamsSchema,
    response: ReadResponseSchema,
    run: async (ctx, p) => {
      const notification = await markNotificationRead(ctx, p.id);
      return { notification: presentNotification(notification), unread: await countUnread(ctx) };
    },
  });

  write('POST', '/w/:workspace/notifications/read-all', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    response: ReadAllResponseSchema,
    run: async (ctx) => ({ marked: await markAllNotificationsRead(ctx), unread: 0 }),
  });

  read('/w/:workspace/notification-preferences', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    response: PreferencesSchema,
    run: (ctx) => getPreferences(ctx),
  });

  write('PATCH', '/w/:workspace/notification-preferences', {
    action: 'notifications.readOwn',
    params: WorkspaceParamsSchema,
    body: PreferencesBodySchema,
    response: PreferencesSchema,
    run: (ctx, _p, body) => updatePreferences(ctx, body),
  });

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
  const writeWebhook = workspaceWrites(app, db, hooks);
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

  writeWebhook('POST', '/w/:workspace/webhooks', {
    action: 'notifications.manageWebhooks',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateEndpointBodySchema,
    status: 201,
    response: EndpointWithSecretSchema,
    run: async (ctx, _p, body) => {
      const created = await createEndpoint(ctx, body, deps.config.webhookAllowList);
      return { endpoint: presentEndpoint(created.endpoint), secret: created.secret };
    },
  });

  readWebhook('/w/:workspace/webhooks/:id', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    response: EndpointResponseSchema,
    run: async (ctx, p) => ({
      endpoint: presentEndpoint(await getEndpoint(ctx, p.id)),
    }),
  });

  writeWebhook('PATCH', '/w/:workspace/webhooks/:id', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    body: UpdateEndpointBodySchema,
    response: EndpointResponseSchema,
    run: async (ctx, p, body) => ({
      endpoint: presentEndpoint(await updateEndpoint(ctx, p.id, body, deps.config.webhookAllowList)),
    }),
  });

  writeWebhook('DELETE', '/w/:workspace/webhooks/:id', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    status: 204,
    run: (ctx, p) => deleteEndpoint(ctx, p.id),
  });

  writeWebhook('POST', '/w/:workspace/webhooks/:id/rotate-secret', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    response: EndpointWithSecretSchema,
    run: async (ctx, p) => {
      const rotated = await rotateEndpointSecret(ctx, p.id);
      return { endpoint: presentEndpoint(rotated.endpoint), secret: rotated.secret };
    },
  });

  writeWebhook('POST', '/w/:workspace/webhooks/:id/ping', {
    action: 'notifications.manageWebhooks',
    params: IdParamsSchema,
    status: 202,
    response: DeliveryResponseSchema,
    run: async (ctx, p) => ({
      delivery: presentDelivery(await pingEndpoint(ctx, p.id)),
    }),
  });

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

  writeWebhook('POST', '/w/:workspace/webhooks/:id/deliveries/:deliveryId/redeliver', {
    action: 'notifications.manageWebhooks',
    params: DeliveryParamsSchema,
    status: 202,
    response: DeliveryResponseSchema,
    run: async (ctx, p) => {
      const delivery = await redeliver(ctx, p.id, p.deliveryId);
      return { delivery: presentDelivery(delivery) };
    },
  });
};
