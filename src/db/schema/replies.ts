import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { COMMENT_VISIBILITIES } from './tickets.ts';

/**
 * A reply staff insert from the reply box: workspace-wide (party_id null) or one party's own.
 * The body may hold placeholders ({{requester.firstName}}, {{ticket.key}} …) filled on use.
 */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    /** null = every staff member of the workspace may use it. */
    partyId: uuid(),
    title: text().notNull(),
    body: text().notNull(),
    visibility: text({ enum: COMMENT_VISIBILITIES }).notNull(),
    usageCount: integer().notNull().default(0),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index().on(t.workspaceId, t.partyId, t.title), workspaceKey(t)],
);
export type CannedResponse = typeof cannedResponses.$inferSelect;
