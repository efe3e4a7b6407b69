import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AlertRule } from '../../domain/alert-rules.ts';
import { PRIORITIES } from '../../domain/tickets.ts';
import {
  createdAt,
  intakeHealth,
  rowId,
  sameWorkspace,
  updatedAt,
  version,
  workspaceId,
  workspaceKey,
} from './columns.ts';
import { services } from './responsibility.ts';
import { tickets } from './tickets.ts';

export const INTEGRATION_KINDS = ['alertmanager', 'signed_webhook'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/**
 * A monitoring source posting alerts into one workspace. Alertmanager authenticates with a bearer
 * token (only its SHA-256 is kept); the signed webhook with an HMAC secret sealed with the server key,
 * the previous one still accepted until `previousSecretValidUntil` after a rotation.
 */
export const alertIntegrations = pgTable(
  'alert_integrations',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    kind: text({ enum: INTEGRATION_KINDS }).notNull(),
    name: text().notNull(),
    tokenHash: text(),
    sealedSecret: text(),
    previousSealedSecret: text(),
    previousSecretValidUntil: timestamp({ withTimezone: true }),
    /** Unmatched alerts are raised on this service, in joint triage. */
    defaultServiceId: uuid().notNull(),
    /** Tickets are raised in this member's name (the lead who set the integration up). */
    requesterMembershipId: uuid().notNull(),
    rules: jsonb().$type<AlertRule[]>().notNull().default([]),
    defaultPriority: text({ enum: PRIORITIES }).notNull().default('P3'),
    resolveTickets: boolean().notNull().default(false),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    ...intakeHealth(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId),
    unique().on(t.workspaceId, t.id),
    workspaceKey(t),
    sameWorkspace(t, t.defaultServiceId, services),
  ],
);

/** One received notification, stored as sent and processed by a job (a storm is accepted at once). */
export const alertNotifications = pgTable(
  'alert_notifications',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    integrationId: uuid().notNull(),
    /** SHA-256 of the body: the same notification sent again is recognised and stored once. */
    bodyHash: text().notNull(),
    alertCount: integer().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    status: text({ enum: ['queued', 'processed', 'failed'] })
      .notNull()
      .default('queued'),
    error: text(),
    ticketsCreated: integer().notNull().default(0),
    receivedAt: createdAt(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique().on(t.workspaceId, t.integrationId, t.bodyHash),
    index().on(t.integrationId, t.receivedAt),
    sameWorkspace(t, t.integrationId, alertIntegrations),
    workspaceKey(t),
  ],
);

/** One alert (a fingerprint) and the ticket it raised; `open` until its ticket is resolved. */
export const alerts = pgTable(
  'alerts',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    integrationId: uuid().notNull(),
    fingerprint: text().notNull(),
    ticketId: uuid().notNull(),
    name: text().notNull(),
    labels: jsonb().$type<Record<string, string>>().notNull(),
    status: text({ enum: ['firing', 'resolved'] }).notNull(),
    occurrences: integer().notNull().default(1),
    open: boolean().notNull().default(true),
    firstSeenAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // One open ticket per fingerprint: a repeat firing lands on it.
    uniqueIndex('alerts_open_fingerprint').on(t.workspaceId, t.integrationId, t.fingerprint).where(sql`open`),
    index().on(t.ticketId),
    unique().on(t.workspaceId, t.id),
    sameWorkspace(t, t.integrationId, alertIntegrations),
    workspaceKey(t),
    sameWorkspace(t, t.ticketId, tickets),
  ],
);

/** Each firing or resolution seen; the unique key makes a retried notification change nothing. */
export const alertOccurrences = pgTable(
  'alert_occurrences',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    integrationId: uuid().notNull(),
    alertId: uuid().notNull(),
    fingerprint: text().notNull(),
    status: text({ enum: ['firing', 'resolved'] }).notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }),
    notificationId: uuid().notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.integrationId, t.fingerprint, t.startsAt, t.status),
    index().on(t.alertId, t.receivedAt),
    sameWorkspace(t, t.integrationId, alertIntegrations),
    sameWorkspace(t, t.alertId, alerts),
    workspaceKey(t),
  ],
);

export type AlertIntegration = typeof alertIntegrations.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
export type AlertNotification = typeof alertNotifications.$inferSelect;
