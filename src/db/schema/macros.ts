import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { MACRO_ASSIGNS, MACRO_HANDOFFS } from '../../domain/macros.ts';
import { TICKET_STATUSES } from '../../domain/tickets.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { cannedResponses } from './replies.ts';

/**
 * One action that sets a ticket's status and assignee, hands it to a lane with a reason and adds
 * a canned reply, applied in one transaction and audited as one change. Workspace-wide
 * (party_id null) or one party's own, like canned responses.
 */
export const macros = pgTable(
  'macros',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    /** null = every staff member of the workspace may use it. */
    partyId: uuid(),
    title: text().notNull(),
    /** The status to set; null leaves it. */
    status: text({ enum: TICKET_STATUSES }),
    /** 'me' assigns the person applying it, 'nobody' unassigns; null leaves the assignee. */
    assign: text({ enum: MACRO_ASSIGNS }),
    /** 'party' hands to handoff_party_id, 'triage' to joint triage; null does not hand off. */
    handoff: text({ enum: MACRO_HANDOFFS }),
    handoffPartyId: uuid(),
    handoffReason: text(),
    /** The canned reply added (filled for the ticket); null adds none. */
    cannedResponseId: uuid(),
    usageCount: integer().notNull().default(0),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.partyId, t.title),
    workspaceKey(t),
    sameWorkspace(t, t.cannedResponseId, cannedResponses).onDelete('set null'),
  ],
);
export type Macro = typeof macros.$inferSelect;
