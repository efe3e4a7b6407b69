import type { Notification, WebhookDelivery, WebhookEndpoint } from '../db/schema/notifications.ts';
import type { DeliveryView, EndpointView, NotificationView } from './contract.ts';

export const presentNotification = (n: Notification): NotificationView => ({
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
export const presentEndpoint = (e: WebhookEndpoint): EndpointView => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  active: e.active,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  version: e.version,
});

export const presentDelivery = (d: WebhookDelivery): DeliveryView => ({
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

/** A timestamp an aggregate query returns (a string on some drivers) as a Date. */
export const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));
