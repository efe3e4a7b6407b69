import { z } from 'zod';
import { INTEGRATION_KINDS } from '../db/schema/alerts.ts';
import { PRIORITIES } from '../domain/tickets.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ── Incoming alerts ───────────────────────────────────────────────────────────────────────────

const LabelMap = z.record(z.string().max(200), z.string().max(4000));
/** Alertmanager writes 0001-01-01T00:00:00Z for "no end yet". */
const AlertTime = z.iso.datetime({ offset: true });

/** Alertmanager's webhook payload, version 4 (fields we do not use are allowed and ignored). */
export const AlertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook payload version)' }),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(500).optional(),
  groupKey: z.string().max(5000).optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: LabelMap.refine((l) => typeof l.alertname === 'string', 'must include alertname'),
        annotations: LabelMap.default({}),
        startsAt: AlertTime,
        endsAt: AlertTime.optional(),
        generatorURL: z.string().max(4000).optional(),
        fingerprint: z.string().min(1).max(200),
      }),
    )
    .max(5000),
});
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayloadSchema>;

/** The generic signed webhook: any tool can post this shape (docs/api.md). */
export const SignedWebhookPayloadSchema = z.strictObject({
  alerts: z
    .array(
      z.strictObject({
        /** The tool's stable id of the alert: repeats with the same id land on the same ticket. */
        id: z.string().min(1).max(200),
        status: z.enum(['firing', 'resolved']),
        title: z.string().trim().min(1).max(200),
        description: z.string().max(10_000).default(''),
        labels: LabelMap.default({}),
        startsAt: AlertTime,
        endsAt: AlertTime.optional(),
      }),
    )
    .min(1)
    .max(5000),
});
export type SignedWebhookPayload = z.infer<typeof SignedWebhookPayloadSchema>;

export const IntakeParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });

export const IntakeAcceptedSchema = z.object({
  notificationId: z.uuid().nullable(),
  alerts: z.number().int(),
  /** The same notification was received before: nothing changed. */
  duplicate: z.boolean(),
});

// ── Configuration ─────────────────────────────────────────────────────────────────────────────

export const AlertRuleSchema = z.strictObject({
  match: z
    .record(z.string().min(1).max(200), z.string().max(4000))
    .refine((m) => Object.keys(m).length > 0, 'must name at least one label'),
  serviceId: z.uuid().optional(),
  systemId: z.uuid().optional(),
  priority: z.enum(PRIORITIES).optional(),
});

export const CreateIntegrationBodySchema = z.strictObject({
  kind: z.enum(INTEGRATION_KINDS),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  defaultServiceId: z.uuid(),
  defaultPriority: z.enum(PRIORITIES).default('P3'),
  rules: z.array(AlertRuleSchema).max(100).default([]),
  resolveTickets: z.boolean().default(false),
});

export const UpdateIntegrationBodySchema = z.strictObject({
  version: z.number().int().positive(),
  name: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  defaultServiceId: z.uuid().optional(),
  defaultPriority: z.enum(PRIORITIES).optional(),
  rules: z.array(AlertRuleSchema).max(100).optional(),
  resolveTickets: z.boolean().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const IntegrationParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });

export const IntegrationAbilitiesSchema = z.object({ configure: z.boolean() });

export const IntegrationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(INTEGRATION_KINDS),
  name: z.string(),
  /** Where the tool posts (path under the public URL). */
  endpoint: z.string(),
  defaultServiceId: z.uuid(),
  defaultPriority: z.enum(PRIORITIES),
  rules: z.array(AlertRuleSchema),
  resolveTickets: z.boolean(),
  status: z.enum(['active', 'disabled']),
  lastEventAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: Timestamp.nullable(),
  /** Until when the previous secret is still accepted after a rotation (signed webhooks). */
  previousSecretValidUntil: Timestamp.nullable(),
  createdAt: Timestamp,
  version: z.number().int(),
  abilities: IntegrationAbilitiesSchema,
});
export type IntegrationView = z.infer<typeof IntegrationSchema>;
export type AlertRuleInput = z.infer<typeof AlertRuleSchema>;
export type CreateIntegrationBody = z.input<typeof CreateIntegrationBodySchema>;
export type UpdateIntegrationBody = z.input<typeof UpdateIntegrationBodySchema>;

export const NotificationSchema = z.object({
  id: z.uuid(),
  receivedAt: Timestamp,
  alertCount: z.number().int(),
  status: z.enum(['queued', 'processed', 'failed']),
  ticketsCreated: z.number().int(),
  error: z.string().nullable(),
  processedAt: Timestamp.nullable(),
});
export type NotificationView = z.infer<typeof NotificationSchema>;

export const AlertSchema = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  name: z.string(),
  status: z.enum(['firing', 'resolved']),
  occurrences: z.number().int(),
  open: z.boolean(),
  ticketKey: z.string(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
});
export type AlertView = z.infer<typeof AlertSchema>;

export const IntegrationListResponseSchema = z.object({
  integrations: z.array(IntegrationSchema),
  abilities: z.object({ create: z.boolean() }),
});
export const IntegrationDetailResponseSchema = z.object({
  integration: IntegrationSchema,
  notifications: z.array(NotificationSchema),
  alerts: z.array(AlertSchema),
});
/** The credential is shown once, at creation and at each rotation. */
export const IntegrationCredentialResponseSchema = z.object({
  integration: IntegrationSchema,
  credential: z.object({ kind: z.enum(['bearer_token', 'hmac_secret']), value: z.string() }),
});
export const IntegrationResponseSchema = z.object({ integration: IntegrationSchema });
export type IntegrationListResponse = z.infer<typeof IntegrationListResponseSchema>;
export type IntegrationDetailResponse = z.infer<typeof IntegrationDetailResponseSchema>;
export type IntegrationCredentialResponse = z.infer<typeof IntegrationCredentialResponseSchema>;
export type IntegrationResponse = z.infer<typeof IntegrationResponseSchema>;
