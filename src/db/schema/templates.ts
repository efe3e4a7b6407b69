import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LEVELS } from '../../domain/tickets.ts';
import { rowId, sameWorkspace, updatedAt, version, workspaceKey } from './columns.ts';
import { services } from './responsibility.ts';
import { workspaces } from './workspaces.ts';

/**
 * A ticket template for staff-raised tickets: chosen on the new-ticket page to prefill subject,
 * description, service, impact/urgency (hence priority), category and catalogue field values.
 * Workspace-wide (party_id null) or one party's own, like canned responses.
 */
export const ticketTemplates = pgTable(
  'ticket_templates',
  {
    id: rowId(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
