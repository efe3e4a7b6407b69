import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EMAIL_DELIVERY_STATUSES,
  EMAIL_MODES,
  type Notification,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../db/schema/notifications.ts';
import { NOTIFICATION_EVENT_NAMES, NOTIFICATION_EVENTS, webhookUrlProblem } from '../domain/notifications.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { notificationAbilities } from './policy.ts';
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

const IdParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
const DeliveryParamsSchema = IdParamsSchema.extend({ deliveryId: z.uuid() });
const ListQuerySchema = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(300).optional(),
});
const EventsSchema = z
  .array(z.enum(NOTIFICATION_EVENT_NAMES, { message: 'names an event Tandem does not send' }))
  .min(1, 'choose at least one event')
  .max(NOTIFICATION_EVENT_NAMES.length * 2);
const UrlSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000)
  .superRefine((value, check) => {
    const problem = webhookUrlProblem(value);
    if (problem) check.addIssue({ code: 'custom', message: problem });
  });
const CreateEndpointBodySchema = z.strictObject({
  url: UrlSchema,
  description: z.string().trim().max(500).default(''),
  events: EventsSchema,
  active: z.boolean().default(true),
});
const UpdateEndpointBodySchema = z.strictObject({
  version: z.number().int().positive(),
  url: UrlSchema.optional(),
  description: z.string().trim().max(500).optional(),
  events: EventsSchema.optional(),
  active: z.boolean().optional(),
});
const PreferencesBodySchema = z.strictObject({
  events: z
    .array(
      z.strictObject({
        event: z.enum(NOTIFICATION_EVENT_NAMES, { message: 'names an event Tandem does not send' }),
        inApp: z.boolean(),
        email: z.enum(EMAIL_MODES),
      }),
    )
    .max(NOTIFICATION_EVENT_NAMES.length)
    .optional(),
  digestHour: z
    .number()
    .int()
    .min(0, 'an hour from 0 to 23 (UTC)')
    .max(23, 'an hour from 0 to 23 (UTC)')
    .optional(),
});

const presentNotification = (n: Notification) => ({
  id: n.id,
  event: n.event,
  subject: n.subject,
  body: n.body,
  link: n.link,
  read: n.readAt !== null,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

// Security: the secret is never part of this shape.
const presentEndpoint = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  active: e.active,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  version: e.version,
});

const presentDelivery = (d: WebhookDelivery) => ({
  id: d.id,
  event: d.event,
  eventId: d.dedupeKey,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastDurationMs: d.lastDurationMs,
  lastError: d.lastError,
  attemptLog: d.attemptLog,
  payload: d.payload,
  createdAt: d.createdAt,
  lastAttemptAt: d.lastAttemptAt,
  deliveredAt: d.deliveredAt,
});

export const notificationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['notifications'];
  const hooks = ['webhooks'];

  app.get(
    '/w/:workspace/notifications',
    {
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: ListQuerySchema },
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
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => ({ unread: await countUnread(workspaceContext(db, request)) }),
  );

  app.post(
    '/w/:workspace/notifications/:id/read',
    {
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: IdParamsSchema },
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
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => ({ marked: await markAllNotificationsRead(workspaceContext(db, request)), unread: 0 }),
  );

  app.get(
    '/w/:workspace/notification-preferences',
    {
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => getPreferences(workspaceContext(db, request)),
  );

  app.patch(
    '/w/:workspace/notification-preferences',
    {
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: WorkspaceParamsSchema, body: PreferencesBodySchema },
    },
    async (request) => updatePreferences(workspaceContext(db, request), request.body),
  );

  app.get(
    '/w/:workspace/notification-deliveries',
    {
      config: { access: 'workspace', action: 'notification.viewDeliveryLog' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({
          status: z.enum(EMAIL_DELIVERY_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
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
      config: { access: 'workspace', action: 'notification.readOwn' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async () => ({
      items: NOTIFICATION_EVENT_NAMES.map((event) => ({ event, label: NOTIFICATION_EVENTS[event].label })),
    }),
  );

  app.get(
    '/w/:workspace/webhooks',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: WorkspaceParamsSchema },
    },
    async (request) => ({
      items: (await listEndpoints(workspaceContext(db, request))).map((r) => ({
        ...presentEndpoint(r.endpoint),
        failingDeliveries: r.failing,
        lastAttemptAt: r.lastAttemptAt,
      })),
    }),
  );

  app.post(
    '/w/:workspace/webhooks',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks', idempotent: true },
      schema: { tags: hooks, params: WorkspaceParamsSchema, body: CreateEndpointBodySchema },
    },
    async (request, reply) => {
      const created = await createEndpoint(workspaceContext(db, request), request.body);
      return reply.status(201).send({ endpoint: presentEndpoint(created.endpoint), secret: created.secret });
    },
  );

  app.get(
    '/w/:workspace/webhooks/:id',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: IdParamsSchema },
    },
    async (request) => ({
      endpoint: presentEndpoint(await getEndpoint(workspaceContext(db, request), request.params.id)),
    }),
  );

  app.patch(
    '/w/:workspace/webhooks/:id',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: IdParamsSchema, body: UpdateEndpointBodySchema },
    },
    async (request) => ({
      endpoint: presentEndpoint(
        await updateEndpoint(workspaceContext(db, request), request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    '/w/:workspace/webhooks/:id',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: IdParamsSchema },
    },
    async (request, reply) => {
      await deleteEndpoint(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/w/:workspace/webhooks/:id/rotate-secret',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: IdParamsSchema },
    },
    async (request) => {
      const rotated = await rotateEndpointSecret(workspaceContext(db, request), request.params.id);
      return { endpoint: presentEndpoint(rotated.endpoint), secret: rotated.secret };
    },
  );

  app.post(
    '/w/:workspace/webhooks/:id/ping',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: IdParamsSchema },
    },
    async (request, reply) =>
      reply.status(202).send({
        delivery: presentDelivery(await pingEndpoint(workspaceContext(db, request), request.params.id)),
      }),
  );

  app.get(
    '/w/:workspace/webhooks/:id/deliveries',
    {
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: {
        tags: hooks,
        params: IdParamsSchema,
        querystring: ListQuerySchema.omit({ unread: true }),
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
      config: { access: 'workspace', action: 'notification.manageWebhooks' },
      schema: { tags: hooks, params: DeliveryParamsSchema },
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
