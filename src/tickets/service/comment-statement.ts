import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { prebuilt } from '../../db/prebuilt.ts';
import { type CommentVisibility, ticketComments, tickets } from '../../db/schema/tickets.ts';
import { firstResponseClockOpen, slaDueAfterStaffReply } from '../../sla/clocks.ts';

/** Past this size (bytes) a ticket's comment words stop growing: the same limit as migration 0065's trigger. */
const COMMENT_WORDS_LIMIT = 262_144;

type NewComment = {
  workspaceId: string;
  ticketId: string;
  authorMembershipId: string;
  body: string;
  visibility: CommentVisibility;
  partyId: string | null;
  now: Date;
};

/** What the comment does to its ticket besides touching it. */
type CommentEffects = {
  /** A staff public reply: it may stop the first-response clock, which moves the SLA due time. */
  staffPublic: boolean;
  /** The ticket's first answer by staff. */
  firstResponse: boolean;
  /** The requester answers while the desk waits on them: the work resumes. */
  resumesWork: boolean;
};

/**
 * The comment and its ticket's touch in one statement (a data-modifying CTE each), built once per
 * combination of effects (db/prebuilt.ts). Answers the comment and whether its ticket still had a
 * first-response clock to stop.
 */
export const insertComment = prebuilt<NewComment, CommentEffects>()(
  'ticket.comment.insert',
  (tx, value, { staffPublic, firstResponse, resumesWork }) => {
    const inserted = tx.$with('inserted').as(
      tx
        .insert(ticketComments)
        .values({
          workspaceId: value('workspaceId'),
          ticketId: value('ticketId'),
          authorMembershipId: value('authorMembershipId'),
          body: value('body'),
          visibility: value('visibility'),
          partyId: value('partyId'),
          createdAt: value('now'),
        })
        .returning({
          ...getTableColumns(ticketComments),
          // Read here, a later reply (the ticket long answered) spares the clock's own read (applySlaComment).
          firstResponseOpen: (staffPublic
            ? firstResponseClockOpen(value('workspaceId'), value('ticketId'))
            : sql<boolean>`false`
          ).as('first_response_open'),
        }),
    );
    const touched = tx.$with('touched').as(
      tx
        .update(tickets)
        // An update's values are SQL here (drizzle types a set's value as a plain value); both drivers send a Date.
        .set({
          updatedAt: sql`${value('now')}`,
          // What staff read joins the ticket's comment words (search) in this same write, taken from the
          // comment's own vector rather than parsed again; the trigger tickets_comment_search finds them
          // there and writes nothing more (migration 0065).
          commentsSearch: sql`case
            when ${value('visibility')} = 'party' or pg_column_size(${tickets.commentsSearch}) > ${sql.raw(String(COMMENT_WORDS_LIMIT))}
              then ${tickets.commentsSearch}
            else coalesce(${tickets.commentsSearch}, ''::tsvector) || (select search from inserted) end`,
          ...(firstResponse && { firstResponseAt: sql`${value('now')}` }),
          // The reply stops the first-response clock (applySlaComment): the due time it leaves, written now.
          ...(staffPublic && { slaDueAt: slaDueAfterStaffReply(value('workspaceId'), value('ticketId')) }),
          // `version` guards the fields staff edit (status, priority, assignee, category, lane): a reply
          // that changes none of them leaves it, so a change made on the ticket as read still applies.
          // One that moves the status (the requester answers while the desk waits) makes it stale.
          ...(resumesWork && { status: sql`'in_progress'`, version: sql`${tickets.version} + 1` }),
        })
        .where(and(eq(tickets.workspaceId, value('workspaceId')), eq(tickets.id, value('ticketId'))))
        .returning({ id: tickets.id }),
    );
    return tx.with(inserted, touched).select().from(inserted);
  },
);
