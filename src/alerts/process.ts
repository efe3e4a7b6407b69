import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/client.ts';
import {
  type AlertIntegration,
  type AlertNotification,
  alertIntegrations,
  alertNotifications,
  alertOccurrences,
  alerts,
} from '../db/schema/alerts.ts';
import { systems } from '../db/schema/systems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import {
  alertDescription,
  alertSubject,
  type IncomingAlert,
  levelsOfPriority,
  routeAlert,
} from '../domain/alert-rules.ts';
import { isOpenStatus } from '../domain/tickets.ts';
import type { Jobs } from '../jobs/queue.ts';
import { inTransaction, systemMeta, type WorkspaceContext } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { insertTicketAsset } from '../systems/service.ts';
import { addComment } from '../tickets/service/conversation.ts';
import { createTicket } from '../tickets/service/create-ticket.ts';
import { updateTicket } from '../tickets/service/update-ticket.ts';
import { memberActor } from '../workspaces/queries.ts';
import { normaliseAlerts } from './intake.ts';

type Outcome = 'created' | 'occurrence' | 'resolved' | 'unchanged';

const OWNER_INACTIVE =
  'The member this integration raises tickets for is no longer an active member of a party; a lead should edit the integration.';

/** The member in whose name the integration raises tickets (the lead who set it up), if still one of a party. */
async function requesterActor(tx: Tx, integration: AlertIntegration): Promise<WorkspaceActor | null> {
  const actor = await memberActor(tx, integration.workspaceId, integration.requesterMembershipId);
  return actor?.partyId == null ? null : actor;
}

async function ticketOf(tx: Tx, ticketId: string) {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
  return ticket!;
}

/** Whether this run of the alert (fingerprint and start) was recorded already with this status. */
async function occurrenceSeen(
  tx: Tx,
  integrationId: string,
  alert: IncomingAlert,
  status: IncomingAlert['status'],
) {
  const [seen] = await tx
    .select({ id: alertOccurrences.id })
    .from(alertOccurrences)
    .where(
      and(
        eq(alertOccurrences.integrationId, integrationId),
        eq(alertOccurrences.fingerprint, alert.fingerprint),
        eq(alertOccurrences.startsAt, alert.startsAt),
        eq(alertOccurrences.status, status),
      ),
    );
  return seen !== undefined;
}

/**
 * One alert, in the caller's transaction. Security/idempotency: (fingerprint, startsAt, status) is
 * recorded once, so the same alert seen again (a retried notification) changes nothing.
 */
async function applyAlert(
  tx: Tx,
  ctx: WorkspaceContext,
  integration: AlertIntegration,
  notificationId: string,
  alert: IncomingAlert,
): Promise<Outcome> {
  const ws = integration.workspaceId;
  if (await occurrenceSeen(tx, integration.id, alert, alert.status)) return 'unchanged';
  if (alert.status === 'firing') {
    // The end of this very run was seen already (it overtook its firing): old news.
    if (await occurrenceSeen(tx, integration.id, alert, 'resolved')) return 'unchanged';
  }
  let [open] = await tx
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.integrationId, integration.id),
        eq(alerts.fingerprint, alert.fingerprint),
        eq(alerts.open, true),
      ),
    )
    .for('update');
  // A ticket someone resolved or closed by hand ends the alert's run: the next firing opens a new one.
  if (open && !isOpenStatus((await ticketOf(tx, open.ticketId)).status)) {
    await tx.update(alerts).set({ open: false }).where(eq(alerts.id, open.id));
    open = undefined;
  }
  const occurrence = (alertId: string) =>
    tx.insert(alertOccurrences).values({
      workspaceId: ws,
      integrationId: integration.id,
      alertId,
      fingerprint: alert.fingerprint,
      status: alert.status,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      notificationId,
    });
  const now = new Date();
  const inTx = inTransaction(ctx, tx);

  if (alert.status === 'resolved') {
    if (!open) return 'unchanged'; // the end of an alert we never saw firing (or already closed)
    await occurrence(open.id);
    const ticket = await ticketOf(tx, open.ticketId);
    const at = (alert.endsAt ?? now).toISOString();
    await addComment(inTx, ticket.number, {
      body: `Monitoring reports alert ${alert.name} resolved at ${at}.`,
      visibility: 'staff',
    });
    const resolveTicket = integration.resolveTickets && isOpenStatus(ticket.status);
    if (resolveTicket) {
      const current = await ticketOf(tx, ticket.id);
      await updateTicket(inTx, ticket.number, { version: current.version, status: 'resolved' });
    }
    await tx
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: alert.endsAt ?? now, lastSeenAt: now, open: !resolveTicket })
      .where(eq(alerts.id, open.id));
    return 'resolved';
  }

  if (open) {
    await occurrence(open.id);
    const [updated] = await tx
      .update(alerts)
      .set({
        status: 'firing',
        occurrences: sql`${alerts.occurrences} + 1`,
        lastSeenAt: now,
        resolvedAt: null,
      })
      .where(eq(alerts.id, open.id))
      .returning({ occurrences: alerts.occurrences });
    const ticket = await ticketOf(tx, open.ticketId);
    await addComment(inTx, ticket.number, {
      body: `Monitoring reports alert ${alert.name} firing again since ${alert.startsAt.toISOString()} (occurrence ${updated!.occurrences}).`,
      visibility: 'staff',
    });
    return 'occurrence';
  }

  const routing = routeAlert(integration.rules, alert.labels);
  let serviceId = routing.serviceId;
  let systemId: string | null = null;
  if (routing.systemId) {
    const [system] = await tx
      .select({ id: systems.id, serviceId: systems.serviceId })
      .from(systems)
      .where(
        and(eq(systems.id, routing.systemId), eq(systems.workspaceId, ws), eq(systems.status, 'active')),
      );
    systemId = system?.id ?? null;
    serviceId ??= system?.serviceId ?? null;
  }
  const { impact, urgency } = levelsOfPriority(routing.priority ?? integration.defaultPriority);
  const ticket = await createTicket(inTx, {
    serviceId: serviceId ?? integration.defaultServiceId,
    subject: alertSubject(alert),
    description: alertDescription(alert),
    impact,
    urgency,
    category: 'monitoring',
    jointTriageReason: serviceId
      ? undefined
      : `Alert ${alert.name} from ${integration.name} matched no label rule: joint triage.`,
  });
  if (systemId) await insertTicketAsset(tx, ctx, ticket.id, systemId);
  const [row] = await tx
    .insert(alerts)
    .values({
      workspaceId: ws,
      integrationId: integration.id,
      fingerprint: alert.fingerprint,
      ticketId: ticket.id,
      name: alert.name,
      labels: alert.labels,
      status: 'firing',
    })
    .returning({ id: alerts.id });
  await occurrence(row!.id);
  return 'created';
}

/**
 * The alerts that may change something, found with two queries: a retried storm (every alert
 * seen) or a batch of ends of alerts never seen firing costs no transaction per alert.
 * Each remaining alert is checked again inside its own transaction.
 */
async function needingWork(tx: Tx, integrationId: string, incoming: IncomingAlert[]) {
  const fingerprints = [...new Set(incoming.map((a) => a.fingerprint))];
  if (fingerprints.length === 0) return [];
  const seen = await tx
    .select({
      fingerprint: alertOccurrences.fingerprint,
      startsAt: alertOccurrences.startsAt,
      status: alertOccurrences.status,
    })
    .from(alertOccurrences)
    .where(
      and(
        eq(alertOccurrences.integrationId, integrationId),
        inArray(alertOccurrences.fingerprint, fingerprints),
      ),
    );
  const open = await tx
    .select({ fingerprint: alerts.fingerprint })
    .from(alerts)
    .where(
      and(
        eq(alerts.integrationId, integrationId),
        eq(alerts.open, true),
        inArray(alerts.fingerprint, fingerprints),
      ),
    );
  const seenKeys = new Set(seen.map((o) => `${o.fingerprint}|${o.startsAt.getTime()}|${o.status}`));
  const openFingerprints = new Set(open.map((a) => a.fingerprint));
  // A firing in this same batch opens the alert its end then resolves.
  const firingHere = new Set(incoming.filter((a) => a.status === 'firing').map((a) => a.fingerprint));
  return incoming.filter(
    (a) =>
      !seenKeys.has(`${a.fingerprint}|${a.startsAt.getTime()}|${a.status}`) &&
      (a.status === 'firing' || openFingerprints.has(a.fingerprint) || firingHere.has(a.fingerprint)),
  );
}

/** The integration's last error, on its notifications too (`failed` when they cannot be retried). */
async function recordError(
  db: Database,
  workspaceId: string,
  integrationId: string,
  notificationIds: string[],
  message: string,
  status?: 'failed',
) {
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const at = new Date();
    await tx
      .update(alertIntegrations)
      .set({ lastError: message.slice(0, 500), lastErrorAt: at })
      .where(eq(alertIntegrations.id, integrationId));
    await tx
      .update(alertNotifications)
      .set({ error: message.slice(0, 500), ...(status && { status, processedAt: at }) })
      .where(inArray(alertNotifications.id, notificationIds));
  });
}

/**
 * Works through one stored notification, and first any older one of the same integration still
 * queued: the queue may hand jobs over out of order, and a resolution must not overtake the firing
 * it ends. Each alert gets its own transaction (a storm holds no lock for long; a crash part-way
 * resumes where it stopped, the seen alerts changing nothing). A refusal for one alert (say, a
 * retired service) is kept as the integration's last error; the rest go on.
 */
export async function processNotification(
  db: Database,
  jobs: Jobs,
  payload: { workspaceId: string; notificationId: string },
  logger?: Logger,
) {
  const { workspaceId, notificationId } = payload;
  const loaded = await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const [notification] = await tx
      .select()
      .from(alertNotifications)
      .where(and(eq(alertNotifications.id, notificationId), eq(alertNotifications.workspaceId, workspaceId)));
    if (notification?.status !== 'queued') return null;
    const [integration] = await tx
      .select()
      .from(alertIntegrations)
      .where(eq(alertIntegrations.id, notification.integrationId));
    const due = await tx
      .select()
      .from(alertNotifications)
      .where(
        and(
          eq(alertNotifications.integrationId, notification.integrationId),
          eq(alertNotifications.status, 'queued'),
          // Compared in the database: a JS Date drops the microseconds of the stored time.
          sql`${alertNotifications.receivedAt} <= (select n.received_at from alert_notifications n where n.id = ${notification.id})`,
        ),
      )
      .orderBy(asc(alertNotifications.receivedAt), asc(alertNotifications.id));
    return { due, integration: integration!, actor: await requesterActor(tx, integration!) };
  });
  if (!loaded) return;
  const { due, integration, actor } = loaded;
  if (!actor) {
    // Retrying cannot help until a lead edits the integration: the notifications fail, saying why.
    const ids = due.map((n) => n.id);
    await recordError(db, workspaceId, integration.id, ids, OWNER_INACTIVE, 'failed');
    logger?.warn(
      { integrationId: integration.id },
      'alert notifications refused: the integration owner left',
    );
    return;
  }
  const ctx: WorkspaceContext = { db, actor, meta: systemMeta(`alerts:${integration.id}`), jobs };
  for (const notification of due) await processOne(db, ctx, integration, notification, logger);
}

async function processOne(
  db: Database,
  ctx: WorkspaceContext,
  integration: AlertIntegration,
  notification: AlertNotification,
  logger?: Logger,
) {
  const workspaceId = integration.workspaceId;
  // Firing before resolved for the same start, so one notification carrying both ends resolved.
  const incoming = normaliseAlerts(integration.kind, notification.payload).sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.status === 'firing' ? -1 : 1),
  );
  const pending = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    needingWork(tx, integration.id, incoming),
  );
  let created = 0;
  let lastError: string | null = null;
  for (const alert of pending) {
    try {
      const outcome = await withScopedTx(db, { workspaceId, accountId: ctx.actor.accountId }, (tx) =>
        applyAlert(tx, ctx, integration, notification.id, alert),
      );
      if (outcome === 'created') created += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error; // retried by the queue; done alerts are skipped
      lastError = `Alert ${alert.name} (${alert.fingerprint}): ${error.message}`;
      logger?.warn({ integrationId: integration.id, err: error }, 'alert refused');
      await recordError(db, workspaceId, integration.id, [notification.id], lastError);
    }
  }
  await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    tx
      .update(alertNotifications)
      .set({
        status: lastError ? 'failed' : 'processed',
        processedAt: new Date(),
        ticketsCreated: sql`${alertNotifications.ticketsCreated} + ${created}`,
      })
      .where(eq(alertNotifications.id, notification.id)),
  );
}

export async function startAlertWorker(jobs: Jobs, db: Database, logger?: Logger) {
  await jobs.work('alerts.process', (payload) => processNotification(db, jobs, payload, logger));
}
