import { z } from 'zod';
import {
  EMAIL_DELIVERY_STATUSES,
  EMAIL_MODES,
  WEBHOOK_DELIVERY_STATUSES,
} from '../db/schema/notifications.ts';
import { NOTIFICATION_EVENT_NAMES, webhookUrlProblem } from '../domain/notifications.ts';
import { IdParamsSchema, Timestamp } from '../server/http.ts';

/** Notifications' API contract: in-app notifications, preferences, e-mail log and webhooks. */

export const DeliveryParamsSchema = IdParamsSchema.extend({ deliveryId: z.uuid() });
const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(300).optional(),
};
export const ListQuerySchema = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...PageQuery,
});
export const DeliveriesQuerySchema = z.strictObject(PageQuery);
export const EmailDeliveriesQuerySchema = z.strictObject({
  status: z.enum(EMAIL_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const EventName = z.enum(NOTIFICATION_EVENT_NAMES, { message: 'names an event Tandem does not send' });
const EventsSchema = z
  .array(EventName)
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
export const CreateEndpointBodySchema = z.strictObject({
  url: UrlSchema,
  description: z.string().trim().max(500).default(''),
  events: EventsSchema,
  active: z.boolean().default(true),
});
export const UpdateEndpointBodySchema = z.strictObject({
  version: z.number().int().positive(),
  url: UrlSchema.optional(),
  description: z.string().trim().max(500).optional(),
  events: EventsSchema.optional(),
  active: z.boolean().optional(),
});
export const PreferencesBodySchema = z.strictObject({
  events: z
    .array(z.strictObject({ event: EventName, inApp: z.boolean(), email: z.enum(EMAIL_MODES) }))
    .max(NOTIFICATION_EVENT_NAMES.length)
    .optional(),
  digestHour: z
    .number()
    .int()
    .min(0, 'an hour from 0 to 23 (UTC)')
    .max(23, 'an hour from 0 to 23 (UTC)')
    .optional(),
});
export type NewEndpointBody = z.input<typeof CreateEndpointBodySchema>;
export type UpdateEndpointBody = z.input<typeof UpdateEndpointBodySchema>;
export type PreferencesBody = z.input<typeof PreferencesBodySchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  event: z.string(),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type NotificationView = z.output<typeof NotificationSchema>;
export const NotificationAbilitiesSchema = z.object({
  manageWebhooks: z.boolean(),
  viewDeliveryLog: z.boolean(),
});
export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  nextCursor: z.string().nullable(),
  unread: z.number(),
  abilities: NotificationAbilitiesSchema,
});
export type NotificationPage = z.output<typeof NotificationPageSchema>;
export const UnreadSchema = z.object({ unread: z.number() });
export const ReadResponseSchema = z.object({ notification: NotificationSchema, unread: z.number() });
export const ReadAllResponseSchema = z.object({ marked: z.number(), unread: z.number() });
export const PreferencesSchema = z.object({
  events: z.array(
    z.object({ event: EventName, label: z.string(), inApp: z.boolean(), email: z.enum(EMAIL_MODES) }),
  ),
  digestHour: z.number(),
});
export type Preferences = z.output<typeof PreferencesSchema>;
export const EventListSchema = z.object({
  items: z.array(z.object({ event: EventName, label: z.string() })),
});
export const EmailDeliveriesSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      event: z.string(),
      subject: z.string(),
      to: z.string(),
      mode: z.enum(['immediate', 'digest']),
      status: z.enum(EMAIL_DELIVERY_STATUSES),
      attempts: z.number(),
      lastError: z.string().nullable(),
      lastAttemptAt: Timestamp.nullable(),
      sentAt: Timestamp.nullable(),
      createdAt: Timestamp,
    }),
  ),
});
export type EmailDeliveries = z.output<typeof EmailDeliveriesSchema>;

// Security: the secret is never part of an endpoint's shape; it is sent once, beside it.
export const EndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});
export type EndpointView = z.output<typeof EndpointSchema>;
export const EndpointListSchema = z.object({
  items: z.array(
    EndpointSchema.extend({ failingDeliveries: z.number(), lastAttemptAt: Timestamp.nullable() }),
  ),
});
export type EndpointList = z.output<typeof EndpointListSchema>;
export const EndpointResponseSchema = z.object({ endpoint: EndpointSchema });
export const EndpointWithSecretSchema = z.object({ endpoint: EndpointSchema, secret: z.string() });
export const DeliverySchema = z.object({
  id: z.string(),
  event: z.string(),
  eventId: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastDurationMs: z.number().nullable(),
  lastError: z.string().nullable(),
  attemptLog: z.array(
    z.object({
      at: z.string(),
      statusCode: z.number().nullable(),
      durationMs: z.number(),
      error: z.string().nullable(),
      manual: z.boolean().optional(),
    }),
  ),
  payload: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
  lastAttemptAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable(),
});
export type DeliveryView = z.output<typeof DeliverySchema>;
export const DeliveryPageSchema = z.object({
  items: z.array(DeliverySchema),
  nextCursor: z.string().nullable(),
});
export type DeliveryPage = z.output<typeof DeliveryPageSchema>;
export const DeliveryResponseSchema = z.object({ delivery: DeliverySchema });
