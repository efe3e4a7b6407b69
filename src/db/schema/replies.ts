import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { rowId, updatedAt, version, workspaceKey } from './columns.ts';
import { COMMENT_VISIBILITIES } from './tickets.ts';
import { workspaces } from './workspaces.ts';

/**
 * A reply staff insert from the reply box: workspace-wide (party_id null) or one party's own.
 * The body may hold placeholders ({{requester.firstName}}, {{ticket.key}} …) filled on use.
 */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: rowId(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    /** null = every staff member of the workspace may use it. */
    partyId: uuid(),
    title: text().notNull(),
    body: text().notNull(),
    visibility: text({ enum: COMMENT_VISIBILITIES }).notNull(),
    usageCount: integer().notNull().default(0),
    createdByMembershipId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index().on(t.workspaceId, t.partyId, t.title), workspaceKey(t)],
);
export type CannedResponse = typeof cannedResponses.$inferSelect;
