import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { memberships } from './workspaces.ts';

export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** One recipient's copy of an event; the dedupe key makes a repeated event a no-op. */
export const notifications = pgTable(
  'notifications',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    membershipId: uuid().notNull(),
    event: text().notNull(),
    subject: text().notNull(),
    body: text().notNull().default(''),
    link: text(),
    dedupeKey: text().notNull(),
    actorMembershipId: uuid(),
    /** false when the person turned the in-app channel off for this event (the row still anchors e-mail). */
    inApp: boolean().notNull().default(true),
    readAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('notifications_once').on(t.workspaceId, t.membershipId, t.dedupeKey),
    index('notifications_inbox').on(t.membershipId, t.createdAt),
    index('notifications_unread').on(t.membershipId).where(sql`read_at is null and in_app`),
    workspaceKey(t),
    sameWorkspace(t, t.membershipId, memberships),
  ],
);

export const EMAIL_DELIVERY_STATUSES = ['queued', 'retrying', 'sent', 'failed', 'digest_pending'] as const;
export type EmailDeliveryStatus = (typeof EMAIL_DELIVERY_STATUSES)[number];

/** E-mail delivery log: one row per notification (unique), so a notification is mailed at most once. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    notificationId: uuid().notNull(),
    membershipId: uuid().notNull(),
    channel: text({ enum: ['email'] })
      .notNull()
      .default('email'),
    mode: text({ enum: ['immediate', 'digest'] }).notNull(),
    toAddress: text().notNull(),
    status: text({ enum: EMAIL_DELIVERY_STATUSES }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('notification_deliveries_once').on(t.workspaceId, t.notificationId, t.channel),
    index('notification_deliveries_log').on(t.workspaceId, t.createdAt),
    index('notification_deliveries_digest').on(t.membershipId).where(sql`status = 'digest_pending'`),
    workspaceKey(t),
    sameWorkspace(t, t.notificationId, notifications),
  ],
);

/** Per person and event: in-app on/off and e-mail off / immediate / daily digest. No row = defaults. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    workspaceId: workspaceId(),
    membershipId: uuid().notNull(),
    event: text().notNull(),
    inApp: boolean().notNull(),
    email: text({ enum: EMAIL_MODES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.membershipId, t.event] }),
    sameWorkspace(t, t.membershipId, memberships),
  ],
);

export const notificationSettings = pgTable(
  'notification_settings',
  {
    membershipId: uuid().notNull(),
    workspaceId: workspaceId(),
    /** Hour of the day (UTC) the daily digest is sent. */
    digestHour: smallint().notNull().default(7),
    lastDigestAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    sameWorkspace(t, t.membershipId, memberships),
    primaryKey({ columns: [t.workspaceId, t.membershipId] }),
  ],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    url: text().notNull(),
    description: text().notNull().default(''),
    events: text().array().notNull(),
    // The signing secret must be readable to sign, so it is stored; the API shows it only once.
    secret: text().notNull(),
    active: boolean().notNull().default(true),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index().on(t.workspaceId), workspaceKey(t)],
);

export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'retrying', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export type WebhookAttempt = {
  at: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  manual?: boolean;
};

/** Delivery log per endpoint; unique per endpoint and event, so an event is posted once (plus manual redeliveries). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    endpointId: uuid().notNull(),
    event: text().notNull(),
    dedupeKey: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastDurationMs: integer(),
    lastError: text(),
    attemptLog: jsonb().$type<WebhookAttempt[]>().notNull().default([]),
    createdAt: createdAt(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique('webhook_deliveries_once').on(t.workspaceId, t.endpointId, t.dedupeKey),
    index('webhook_deliveries_log').on(t.endpointId, t.createdAt),
    workspaceKey(t),
    sameWorkspace(t, t.endpointId, webhookEndpoints).onDelete('cascade'),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
