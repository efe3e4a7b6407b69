import type { TicketTemplate } from '../db/schema/templates.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { TicketTemplateView } from './contract.ts';
import { templateAbilities } from './policy.ts';

export function presentTemplate(
  actor: WorkspaceActor,
  t: TicketTemplate,
  serviceName: string | null,
): TicketTemplateView {
  return {
    id: t.id,
    title: t.title,
    scope: t.partyId === null ? 'workspace' : 'party',
    partyId: t.partyId,
    subject: t.subject,
    description: t.description,
    service: t.serviceId ? { id: t.serviceId, name: serviceName } : null,
    impact: t.impact,
    urgency: t.urgency,
    category: t.category,
    fieldValues: t.fieldValues,
    updatedAt: t.updatedAt,
    version: t.version,
    abilities: templateAbilities(actor, t),
  };
}
