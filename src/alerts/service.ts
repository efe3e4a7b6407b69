import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import { encryptSecret, randomSecret, sha256 } from '../crypto/secrets.ts';
import type { Tx } from '../db/client.ts';
import {
  type AlertIntegration,
  alertIntegrations,
  alertNotifications,
  alerts,
  type IntegrationKind,
} from '../db/schema/alerts.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { type AlertRule, SECRET_GRACE_SECONDS } from '../domain/alert-rules.ts';
import type { Priority } from '../domain/tickets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { type AlertsAction, assertCanAlerts } from './policy.ts';

export type IntegrationInput = {
  kind: IntegrationKind;
  name: string;
  defaultServiceId: string;
  defaultPriority: Priority;
  rules: AlertRule[];
  resolveTickets: boolean;
};

export type IntegrationChanges = Partial<Omit<IntegrationInput, 'kind'>> & {
  version: number;
  status?: 'active' | 'disabled' | undefined;
};

export type Credential = { kind: 'bearer_token' | 'hmac_secret'; value: string };

const audit = auditorFor('alert_integration');

/** The services and systems named by the configuration must be this workspace's, active ones. */
async function checkReferences(
  tx: Tx,
  ws: string,
  defaultServiceId: string | undefined,
  rules: AlertRule[] | undefined,
) {
  const serviceIds = [
    ...(defaultServiceId ? [{ id: defaultServiceId, path: 'body.defaultServiceId' }] : []),
    ...(rules ?? []).flatMap((r, i) =>
      r.serviceId ? [{ id: r.serviceId, path: `body.rules.${i}.serviceId` }] : [],
    ),
  ];
  if (serviceIds.length > 0) {
    const found = await tx
      .select({ id: services.id })
      .from(services)
      .where(
        and(
          eq(services.workspaceId, ws),
          eq(services.status, 'active'),
          inArray(
            services.id,
            serviceIds.map((s) => s.id),
          ),
        ),
      );
    const known = new Set(found.map((s) => s.id));
    const missing = serviceIds.find((s) => !known.has(s.id));
    if (missing) throw new Invalid('names no active service of this workspace.', missing.path);
  }
  const systemIds = (rules ?? []).flatMap((r, i) =>
    r.systemId ? [{ id: r.systemId, path: `body.rules.${i}.systemId` }] : [],
  );
  if (systemIds.length > 0) {
    const found = await tx
      .select({ id: systems.id })
      .from(systems)
      .where(
        and(
          eq(systems.workspaceId, ws),
          eq(systems.status, 'active'),
          inArray(
            systems.id,
            systemIds.map((s) => s.id),
          ),
        ),
      );
    const known = new Set(found.map((s) => s.id));
    const missing = systemIds.find((s) => !known.has(s.id));
    if (missing) throw new Invalid('names no active system of this workspace.', missing.path);
  }
}

async function findIntegration(tx: Tx, ws: string, id: string) {
  const [row] = await tx
    .select()
    .from(alertIntegrations)
    .where(and(eq(alertIntegrations.id, id), eq(alertIntegrations.workspaceId, ws)));
  if (!row) throw new NotFound('No such integration.');
  return row;
}

/** One integration of this workspace, in a transaction, for those who may `action` it (404 when not here). */
async function withIntegration<T>(
  ctx: WorkspaceContext,
  id: string,
  action: AlertsAction,
  use: (tx: Tx, integration: AlertIntegration) => Promise<T>,
) {
  assertCanAlerts(ctx.actor, action);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) =>
    use(tx, await findIntegration(tx, ctx.actor.workspaceId, id)),
  );
}

function newCredential(kind: IntegrationKind, key: Buffer) {
  const value = randomSecret();
  return kind === 'alertmanager'
    ? { credential: { kind: 'bearer_token' as const, value }, columns: { tokenHash: sha256(value) } }
    : {
        credential: { kind: 'hmac_secret' as const, value },
        columns: { sealedSecret: encryptSecret(key, value) },
      };
}

export async function listIntegrations(ctx: WorkspaceContext) {
  assertCanAlerts(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(alertIntegrations)
      .where(eq(alertIntegrations.workspaceId, ctx.actor.workspaceId))
      .orderBy(alertIntegrations.createdAt),
  );
}

/** A new integration; its token or secret is returned once and kept only as a digest or sealed. */
export async function createIntegration(ctx: WorkspaceContext, input: IntegrationInput, key: Buffer) {
  assertCanAlerts(ctx.actor, 'configure');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await checkReferences(tx, ws, input.defaultServiceId, input.rules);
      const { credential, columns } = newCredential(input.kind, key);
      const [row] = await tx
        .insert(alertIntegrations)
        .values({ workspaceId: ws, requesterMembershipId: ctx.actor.membershipId, ...input, ...columns })
        .returning();
      await audit(tx, ctx, 'integration.created', row!.id, undefined, {
        kind: input.kind,
        name: input.name,
        rules: input.rules.length,
      });
      return { integration: row!, credential };
    },
    ctx.meta,
  );
}

export async function updateIntegration(ctx: WorkspaceContext, id: string, input: IntegrationChanges) {
  return withIntegration(ctx, id, 'configure', async (tx, before) => {
    await checkReferences(tx, ctx.actor.workspaceId, input.defaultServiceId, input.rules);
    const { version, ...changes } = input;
    const [after] = await tx
      .update(alertIntegrations)
      .set({ ...changes, updatedAt: new Date(), version: sql`${alertIntegrations.version} + 1` })
      .where(and(eq(alertIntegrations.id, id), eq(alertIntegrations.version, version)))
      .returning();
    if (!after) throw new StaleVersion('integration', before.version);
    await audit(tx, ctx, 'integration.updated', id, undefined, changes);
    return after;
  });
}

/**
 * A new token or secret. A signed webhook's previous secret stays valid for a grace period so the
 * sending tool can be switched over without losing alerts; an Alertmanager token changes at once.
 */
export async function rotateCredential(ctx: WorkspaceContext, id: string, key: Buffer) {
  return withIntegration(ctx, id, 'configure', async (tx, before) => {
    const { credential, columns } = newCredential(before.kind, key);
    const grace =
      before.kind === 'signed_webhook'
        ? {
            previousSealedSecret: before.sealedSecret,
            previousSecretValidUntil: new Date(Date.now() + SECRET_GRACE_SECONDS * 1000),
          }
        : {};
    const [after] = await tx
      .update(alertIntegrations)
      .set({ ...columns, ...grace, updatedAt: new Date(), version: sql`${alertIntegrations.version} + 1` })
      .where(eq(alertIntegrations.id, id))
      .returning();
    await audit(tx, ctx, 'integration.secret_rotated', id, undefined, {
      kind: credential.kind,
      previousValidUntil: grace.previousSecretValidUntil ?? null,
    });
    return { integration: after!, credential };
  });
}

/** The integration with its last notifications (status, errors) and its recent alerts. */
export async function getIntegration(ctx: WorkspaceContext, id: string) {
  const ws = ctx.actor.workspaceId;
  return withIntegration(ctx, id, 'view', async (tx, integration) => {
    const notifications = await tx
      .select()
      .from(alertNotifications)
      .where(and(eq(alertNotifications.integrationId, id), eq(alertNotifications.workspaceId, ws)))
      .orderBy(desc(alertNotifications.receivedAt))
      .limit(20);
    const recent = await tx
      .select({ alert: alerts, ticketNumber: tickets.number })
      .from(alerts)
      .innerJoin(tickets, eq(tickets.id, alerts.ticketId))
      .where(and(eq(alerts.integrationId, id), eq(alerts.workspaceId, ws)))
      .orderBy(desc(alerts.lastSeenAt))
      .limit(50);
    return { integration, notifications, alerts: recent };
  });
}
