import type { Alert, AlertIntegration, AlertNotification } from '../db/schema/alerts.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { AlertView, IntegrationView, NotificationView } from './contract.ts';
import { alertsAbilities } from './policy.ts';

const PATHS = { alertmanager: 'alertmanager', signed_webhook: 'webhook' } as const;

export const intakePath = (slug: string, integration: Pick<AlertIntegration, 'id' | 'kind'>) =>
  `/api/v1/w/${slug}/integrations/${PATHS[integration.kind]}/${integration.id}`;

export const presentIntegration = (actor: WorkspaceActor, i: AlertIntegration): IntegrationView => ({
  id: i.id,
  kind: i.kind,
  name: i.name,
  endpoint: intakePath(actor.workspaceSlug, i),
  defaultServiceId: i.defaultServiceId,
  defaultPriority: i.defaultPriority,
  rules: i.rules,
  resolveTickets: i.resolveTickets,
  status: i.status,
  lastEventAt: i.lastEventAt,
  lastError: i.lastError,
  lastErrorAt: i.lastErrorAt,
  previousSecretValidUntil:
    i.previousSecretValidUntil && i.previousSecretValidUntil > new Date() ? i.previousSecretValidUntil : null,
  createdAt: i.createdAt,
  version: i.version,
  abilities: alertsAbilities(actor),
});

export const presentNotification = (n: AlertNotification): NotificationView => ({
  id: n.id,
  receivedAt: n.receivedAt,
  alertCount: n.alertCount,
  status: n.status,
  ticketsCreated: n.ticketsCreated,
  error: n.error,
  processedAt: n.processedAt,
});

export const presentAlert = (actor: WorkspaceActor, a: Alert, ticketNumber: number): AlertView => ({
  id: a.id,
  fingerprint: a.fingerprint,
  name: a.name,
  status: a.status,
  occurrences: a.occurrences,
  open: a.open,
  ticketKey: `${actor.ticketPrefix}-${ticketNumber}`,
  firstSeenAt: a.firstSeenAt,
  lastSeenAt: a.lastSeenAt,
  resolvedAt: a.resolvedAt,
});
