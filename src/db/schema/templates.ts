import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { LEVELS } from '../../domain/tickets.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { services } from './responsibility.ts';

/**
 * A ticket template for staff-raised tickets: chosen on the new-ticket page to prefill subject,
 * description, service, impact/urgency (hence priority), category and catalogue field values.
 * Workspace-wide (party_id null) or one party's own, like canned responses.
 */
export const ticketTemplates = pgTable(
  'ticket_templates',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    partyId: uuid(),
    title: text().notNull(),
    subject: text().notNull(),
    description: text().notNull().default(''),
    serviceId: uuid(),
    impact: text({ enum: LEVELS }),
    urgency: text({ enum: LEVELS }),
    category: text(),
    fieldValues: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.partyId, t.title),
    workspaceKey(t),
    sameWorkspace(t, t.serviceId, services),
  ],
);
export type TicketTemplate = typeof ticketTemplates.$inferSelect;
