import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../audit/record.ts';
import { decryptSecret, safeEqual, sha256 } from '../crypto/secrets.ts';
import { type Database, selectRows } from '../db/client.ts';
import {
  type AlertIntegration,
  alertIntegrations,
  alertNotifications,
  type IntegrationKind,
} from '../db/schema/alerts.ts';
import { withScopedTx } from '../db/tenant.ts';
import { checkSignature, type IncomingAlert } from '../domain/alert-rules.ts';
import type { Jobs } from '../jobs/queue.ts';
import type { RequestMeta } from '../server/context.ts';
import { AppError, Invalid, NotFound, Unauthenticated } from '../server/errors.ts';
import {
  type AlertmanagerPayload,
  AlertmanagerPayloadSchema,
  type SignedWebhookPayload,
  SignedWebhookPayloadSchema,
} from './contract.ts';

const parseTime = (value: string | undefined) => {
  if (!value) return null;
  const at = new Date(value);
  // Alertmanager's "no end yet" is year 1.
  return at.getUTCFullYear() < 1970 ? null : at;
};

/** Both intakes' alerts in one shape for the processing job. */
export function normaliseAlerts(kind: IntegrationKind, payload: unknown): IncomingAlert[] {
  if (kind === 'alertmanager') {
    return (payload as AlertmanagerPayload).alerts.map((a) => ({
      fingerprint: a.fingerprint,
      status: a.status,
      name: a.labels.alertname ?? 'alert',
      summary: a.annotations.summary ?? a.annotations.description ?? '',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.startsAt),
      endsAt: parseTime(a.endsAt),
    }));
  }
  return (payload as SignedWebhookPayload).alerts.map((a) => ({
    fingerprint: a.id,
    status: a.status,
    name: a.title,
    summary: '',
    labels: a.labels,
    annotations: (a.description ? { description: a.description } : {}) as Record<string, string>,
    startsAt: new Date(a.startsAt),
    endsAt: parseTime(a.endsAt),
  }));
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = ['body', ...issue.path.map(String)].join('.');
  throw new Invalid(`${what}: ${path} ${issue.message}`, path);
}

async function integrationWorkspace(db: Database, slug: string, id: string) {
  const [row] = await selectRows<{ workspace_id: string }>(
    db,
    sql`select workspace_id from tandem_alert_integration_workspace(${slug}, ${id})`,
  );
  // An unknown, disabled or other workspace's integration all answer the same.
  if (!row) throw new NotFound('No such integration.');
  return row.workspace_id;
}

export type IntakeRequest = {
  slug: string;
  integrationId: string;
  kind: IntegrationKind;
  bearer: string | null;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  body: unknown;
  /** Why the body could not be read (not UTF-8, not JSON): refused once the integration is known. */
  bodyProblem: AppError | null;
};

function authenticate(integration: AlertIntegration, request: IntakeRequest, key: Buffer) {
  if (integration.kind === 'alertmanager') {
    if (
      !request.bearer ||
      !integration.tokenHash ||
      !safeEqual(sha256(request.bearer), integration.tokenHash)
    )
      throw new Unauthenticated(
        'The bearer token is missing or is not this integration’s token.',
        'INVALID_INTEGRATION_TOKEN',
      );
    return;
  }
  const secrets = [decryptSecret(key, integration.sealedSecret!)];
  const graceUntil = integration.previousSecretValidUntil;
  if (integration.previousSealedSecret && graceUntil && graceUntil > new Date())
    secrets.push(decryptSecret(key, integration.previousSealedSecret));
  const check = checkSignature({
    secrets,
    timestamp: request.timestamp,
    signature: request.signature,
    body: request.rawBody,
    now: new Date(),
  });
  if (!check.ok) throw new AppError(401, check.code, check.message);
}

/**
 * Stores one notification and enqueues its processing in the same transaction: a storm of a
 * thousand alerts is accepted at once and worked through by the job. The same body twice is
 * stored once (a retry changes nothing).
 */
export async function receiveNotification(
  db: Database,
  jobs: Jobs,
  key: Buffer,
  meta: RequestMeta,
  request: IntakeRequest,
) {
  const workspaceId = await integrationWorkspace(db, request.slug, request.integrationId);
  try {
    return await storeNotification(db, jobs, key, meta, request, workspaceId);
  } catch (error) {
    // A refused delivery (wrong token or signature, wrong shape) writes nothing of it, but its
    // reason is the integration's last error: the lead sees on its page why alerts do not arrive.
    if (error instanceof AppError && (error.statusCode === 400 || error.statusCode === 401))
      await noteRefusal(db, workspaceId, request, error).catch(() => {});
    throw error;
  }
}

async function noteRefusal(db: Database, workspaceId: string, request: IntakeRequest, error: AppError) {
  await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    tx
      .update(alertIntegrations)
      .set({
        lastError: `A delivery was refused (${error.statusCode} ${error.code}): ${error.message}`.slice(
          0,
          500,
        ),
        lastErrorAt: new Date(),
      })
      .where(
        and(
          eq(alertIntegrations.id, request.integrationId),
          eq(alertIntegrations.workspaceId, workspaceId),
          eq(alertIntegrations.kind, request.kind),
        ),
      ),
  );
}

async function storeNotification(
  db: Database,
  jobs: Jobs,
  key: Buffer,
  meta: RequestMeta,
  request: IntakeRequest,
  workspaceId: string,
) {
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const [integration] = await tx
      .select()
      .from(alertIntegrations)
      .where(
        and(eq(alertIntegrations.id, request.integrationId), eq(alertIntegrations.workspaceId, workspaceId)),
      );
    if (!integration || integration.kind !== request.kind) throw new NotFound('No such integration.');
    // Before the signature check: a body that is not UTF-8 cannot be checked, and the lead should
    // read on the page that the sender's body is broken rather than that its signature is.
    if (request.bodyProblem) throw request.bodyProblem;
    authenticate(integration, request, key);
    const payload =
      request.kind === 'alertmanager'
        ? parseBody(
            AlertmanagerPayloadSchema,
            request.body,
            'Not an Alertmanager webhook payload (version 4)',
          )
        : parseBody(SignedWebhookPayloadSchema, request.body, 'Not a Tandem alert payload');
    const bodyHash = createHash('sha256').update(request.rawBody).digest('hex');
    const [stored] = await tx
      .insert(alertNotifications)
      .values({
        workspaceId,
        integrationId: integration.id,
        bodyHash,
        alertCount: payload.alerts.length,
        payload,
      })
      .onConflictDoNothing()
      .returning({ id: alertNotifications.id });
    if (!stored) return { notificationId: null, alerts: payload.alerts.length, duplicate: true };
    await tx
      .update(alertIntegrations)
      .set({ lastEventAt: new Date() })
      .where(eq(alertIntegrations.id, integration.id));
    await jobs.enqueue(tx, 'alerts.process', { workspaceId, notificationId: stored.id });
    await recordAudit(tx, meta, {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'integration.notification_received',
      entityType: 'alert_integration',
      entityId: integration.id,
      after: { notificationId: stored.id, alerts: payload.alerts.length },
    });
    return { notificationId: stored.id, alerts: payload.alerts.length, duplicate: false };
  });
}
