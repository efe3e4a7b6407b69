import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { type WebhookEndpoint, webhookDeliveries, webhookEndpoints } from '../db/schema/notifications.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { type NotificationEvent, WEBHOOK_PING_EVENT, webhookUrlProblem } from '../domain/notifications.ts';
import { type WebhookAllowList, webhookTargetProblem } from '../domain/webhook-targets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { decodeCursor, pageOf } from '../server/cursor.ts';
import { AppError, NotFound, StaleVersion } from '../server/errors.ts';
import { assertCanNotification } from './policy.ts';

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function assertUrl(url: string, allow: WebhookAllowList) {
  const problem = webhookUrlProblem(url) ?? webhookTargetProblem(url, allow);
  // The same shape as a schema refusal: the message names the field, the detail says why.
  if (problem)
    throw new AppError(400, 'VALIDATION_FAILED', `body.url: ${problem}`, [
      { path: 'body.url', message: problem },
    ]);
}

const audit = auditorFor('webhook_endpoint');

// Security: the secret never goes into the audit log or any answer except create and rotate.
const auditView = (e: WebhookEndpoint) => ({
  url: e.url,
  description: e.description,
  events: e.events,
  active: e.active,
});

async function findEndpoint(tx: Tx, ctx: WorkspaceContext, id: string) {
  const [found] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, ctx.actor.workspaceId), eq(webhookEndpoints.id, id)));
  if (!found) throw new NotFound('No such webhook endpoint.');
  return found;
}

export async function listEndpoints(ctx: WorkspaceContext) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const endpoints = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.workspaceId, ctx.actor.workspaceId))
      .orderBy(webhookEndpoints.createdAt);
    const stats = await tx
      .select({
        endpointId: webhookDeliveries.endpointId,
        failing: sql<number>`count(*) filter (where ${webhookDeliveries.status} in ('retrying', 'failed'))::int`,
        lastAttemptAt: sql<string | null>`max(${webhookDeliveries.lastAttemptAt})`,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, ctx.actor.workspaceId))
      .groupBy(webhookDeliveries.endpointId);
    const byId = new Map(stats.map((s) => [s.endpointId, s]));
    return endpoints.map((e) => ({
      endpoint: e,
      failing: byId.get(e.id)?.failing ?? 0,
      lastAttemptAt: byId.get(e.id)?.lastAttemptAt ?? null,
    }));
  });
}

export async function getEndpoint(ctx: WorkspaceContext, id: string) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => findEndpoint(tx, ctx, id));
}

/** The signing secret is returned here and by rotation only. */
export async function createEndpoint(
  ctx: WorkspaceContext,
  input: { url: string; description: string; events: NotificationEvent[]; active: boolean },
  allow: WebhookAllowList,
) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  assertUrl(input.url, allow);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const secret = newSecret();
      const [endpoint] = await tx
        .insert(webhookEndpoints)
        .values({
          workspaceId: ctx.actor.workspaceId,
          url: input.url,
          description: input.description,
          events: [...new Set(input.events)],
          active: input.active,
          secret,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await audit(tx, ctx, 'webhook_endpoint.created', endpoint!.id, undefined, auditView(endpoint!));
      return { endpoint: endpoint!, secret };
    },
    ctx.meta,
  );
}

export async function updateEndpoint(
  ctx: WorkspaceContext,
  id: string,
  input: {
    version: number;
    url?: string | undefined;
    description?: string | undefined;
    events?: NotificationEvent[] | undefined;
    active?: boolean | undefined;
  },
  allow: WebhookAllowList,
) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  if (input.url !== undefined) assertUrl(input.url, allow);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findEndpoint(tx, ctx, id);
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        ...(input.url !== undefined && { url: input.url }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.events !== undefined && { events: [...new Set(input.events)] }),
        ...(input.active !== undefined && { active: input.active }),
        updatedAt: new Date(),
        version: sql`${webhookEndpoints.version} + 1`,
      })
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('webhook endpoint', before.version);
    await audit(tx, ctx, 'webhook_endpoint.updated', id, auditView(before), auditView(after));
    return after;
  });
}

export async function rotateEndpointSecret(ctx: WorkspaceContext, id: string) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await findEndpoint(tx, ctx, id);
    const secret = newSecret();
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ secret, updatedAt: new Date(), version: sql`${webhookEndpoints.version} + 1` })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await audit(tx, ctx, 'webhook_endpoint.secret_rotated', id);
    return { endpoint: endpoint!, secret };
  });
}

/** Removes the endpoint and its delivery log; queued deliveries find nothing and stop. */
export async function deleteEndpoint(ctx: WorkspaceContext, id: string) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findEndpoint(tx, ctx, id);
    await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await audit(tx, ctx, 'webhook_endpoint.deleted', id, auditView(before));
  });
}

export async function listEndpointDeliveries(
  ctx: WorkspaceContext,
  id: string,
  query: { limit: number; cursor?: string | undefined },
) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await findEndpoint(tx, ctx, id);
    const rows = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.endpointId, id),
          after
            ? or(
                lt(webhookDeliveries.createdAt, new Date(after[0])),
                and(eq(webhookDeliveries.createdAt, new Date(after[0])), lt(webhookDeliveries.id, after[1])),
              )
            : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(query.limit + 1);
    return pageOf(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  });
}

/** Sends the same payload again (a new signature and timestamp); the attempt log keeps the earlier tries. */
export async function redeliver(ctx: WorkspaceContext, endpointId: string, deliveryId: string) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  const jobs = ctx.jobs;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await findEndpoint(tx, ctx, endpointId);
    const [delivery] = await tx
      .update(webhookDeliveries)
      .set({ status: 'queued', attempts: 0 })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      .returning();
    if (!delivery) throw new NotFound('No such delivery for this endpoint.');
    await jobs.enqueue(tx, 'webhooks.deliver', { workspaceId: ctx.actor.workspaceId, deliveryId });
    await audit(tx, ctx, 'webhook_endpoint.redelivered', endpointId, undefined, {
      deliveryId,
      event: delivery.event,
    });
    return delivery;
  });
}

/** A signed `webhook.ping` to check an endpoint is reachable and verifies signatures. */
export async function pingEndpoint(ctx: WorkspaceContext, id: string) {
  assertCanNotification(ctx.actor, 'manageWebhooks');
  const jobs = ctx.jobs;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await findEndpoint(tx, ctx, id);
    const [workspace] = await tx
      .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.actor.workspaceId));
    const eventId = `${WEBHOOK_PING_EVENT}:${randomUUID()}`;
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        workspaceId: ctx.actor.workspaceId,
        endpointId: id,
        event: WEBHOOK_PING_EVENT,
        dedupeKey: eventId,
        payload: {
          id: eventId,
          event: WEBHOOK_PING_EVENT,
          occurredAt: new Date().toISOString(),
          workspace: workspace!,
          data: {},
        },
      })
      .returning();
    await jobs.enqueue(tx, 'webhooks.deliver', {
      workspaceId: ctx.actor.workspaceId,
      deliveryId: delivery!.id,
    });
    await audit(tx, ctx, 'webhook_endpoint.pinged', id, undefined, { deliveryId: delivery!.id });
    return delivery!;
  });
}
