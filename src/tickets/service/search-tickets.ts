import { sql } from 'drizzle-orm';
import { PLANNED_PER_CALL } from '../../db/client.ts';
import { ticketComments, tickets } from '../../db/schema/tickets.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { commentReaderOf } from '../../db/visibility.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { parseTicketKey, ticketNumberIn } from '../../server/http.ts';
import { visibleComments, visibleTickets } from '../queries.ts';
import { scopeOf } from './common.ts';

export type SearchHit = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  rank: number;
  snippet: string;
};

/**
 * Ranking looks at the most recent matches only (tickets by last update, with their comments' words;
 * a party's own notes by date): a word found in half the desk would otherwise rank tens of thousands
 * of rows for one page of twenty. With an index on the date, the database then reads a few hundred
 * rows for a common word; a rare one comes from the GIN index.
 */
const CANDIDATES = 200;

const HIGHLIGHT = 'StartSel=⟦, StopSel=⟧, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "';

/** The rank of the ticket a key or number names (10.0 in the query below too): above any text match. */
const KEY_RANK = 10;

/**
 * Full-text search over subjects, descriptions and the comments the reader may see, ranked, with
 * highlighted snippets. Security: the snippet of a comment obeys the same visibility as the comment.
 * A ticket key or number finds that ticket first. A query that is exactly a key of this workspace
 * (`ACME-42`) and names a ticket the reader may see answers with that ticket alone, through the
 * (workspace_id, number) index: the full-text part would cost more than everything else (its GIN
 * index visits the whole workspace's entry even when nothing matches), and where a key is written
 * elsewhere the ticket's links and a search by words find it. A bare number (`404`) may be an error
 * code as well, so it still searches the text too.
 */
export async function searchTickets(ctx: WorkspaceContext, q: string, limit: number): Promise<SearchHit[]> {
  const { actor } = ctx;
  // A key of another workspace (BRAMBL-3 in Acme) is searched as text, never as ticket 3 here.
  const key = parseTicketKey(q.trim());
  const keyNumber = key && ticketNumberIn(key, actor.ticketPrefix);
  const visible = visibleTickets(actor) ?? sql`true`;
  const commentVisible = visibleComments(actor) ?? sql`true`;
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    if (keyNumber && key.prefix !== null) {
      const byKey = await tx.execute(sql`
        select ${tickets.id} as id, ${tickets.number} as number, ${tickets.subject} as subject,
               ${tickets.status} as status, ${tickets.priority} as priority
        from ${tickets}
        where ${tickets.workspaceId} = ${actor.workspaceId} and ${tickets.number} = ${keyNumber} and ${visible}`);
      const [hit] = (byKey as unknown as { rows: Omit<SearchHit, 'rank' | 'snippet'>[] }).rows;
      if (hit) return [{ ...hit, number: Number(hit.number), rank: KEY_RANK, snippet: hit.subject }];
    }
    // The tsquery is written inline (not from a CTE) so the planner sees a constant and uses the
    // (workspace_id, search, …) GIN index when a word is rare.
    const tsq = sql`websearch_to_tsquery('english', ${q})`;
    const staff = commentReaderOf(actor) === 'staff';
    // Staff: the ticket's words and its public and staff comments' (kept on the ticket by the database,
    // migration 0065). A requester matches the ticket's words or its public comments', read per ticket
    // once (the lateral `public_comments` below) for both the match and the rank; their words are on the
    // ticket with the staff notes', so the comments are read only for a ticket whose comment words hold
    // the query, and the walk (or the GIN index, for a rare word) goes by the ticket alone. Reading
    // every one of a busy requester's tickets' comments for a word none of them holds took 37 ms at
    // 25,000 tickets (bench/README.md, *A requester's search by the ticket's words*).
    // A comment's words weigh half the ticket's.
    const publicComments = sql`left join lateral (
        select sum(ts_rank(${ticketComments.search}, ${tsq})) as rank from ${ticketComments}
        where ${ticketComments.workspaceId} = ${actor.workspaceId} and ${ticketComments.ticketId} = ${tickets.id}
          and ${ticketComments.visibility} = 'public' and ${ticketComments.search} @@ ${tsq}
      ) public_comments on true`;
    const onTicket = sql`(${tickets.search} @@ ${tsq} or ${tickets.commentsSearch} @@ ${tsq})`;
    const words = staff
      ? onTicket
      : sql`${onTicket} and (${tickets.search} @@ ${tsq} or public_comments.rank is not null)`;
    const rank = staff
      ? sql`ts_rank(${tickets.search}, ${tsq}) + 0.5 * ts_rank(coalesce(${tickets.commentsSearch}, ''), ${tsq})`
      : sql`ts_rank(${tickets.search}, ${tsq}) + 0.5 * coalesce(public_comments.rank, 0)`;
    // A party's own notes are not on the ticket (each party sees its own): its most recent matches,
    // found through their partial index, add to their tickets' rank or bring in a ticket of their own.
    const partyHits =
      staff && actor.partyId
        ? sql`
      party_hits as materialized (
        select ticket_id as id, sum(rank) as rank from (
          select ${ticketComments.ticketId} as ticket_id, ts_rank(${ticketComments.search}, ${tsq}) * 0.5 as rank
          from ${ticketComments}
          where ${ticketComments.workspaceId} = ${actor.workspaceId} and ${ticketComments.visibility} = 'party'
            and ${ticketComments.partyId} = ${actor.partyId} and ${ticketComments.search} @@ ${tsq}
          order by ${ticketComments.createdAt} desc
          limit ${CANDIDATES}) notes
        group by ticket_id
      ),`
        : sql`party_hits as (select null::uuid as id, 0::real as rank where false),`;
    // Every candidate is ranked from the row the walk read; only the page's tickets are read again. A
    // ticket found by a party note alone has no number yet (nor a check of who may see it): `numbered`
    // reads it for that one only (COALESCE runs its subquery only when the number is missing; a lateral
    // join read every candidate's row), and one the reader may not see drops out there.
    const result = await tx.execute(sql`${sql.raw(PLANNED_PER_CALL)}
      with ticket_hits as materialized (
        select ${tickets.id} as id, ${tickets.number} as number, ${rank} as rank
        from ${tickets} ${staff ? sql`` : publicComments}
        where ${tickets.workspaceId} = ${actor.workspaceId} and ${words} and ${visible}
        order by ${tickets.updatedAt} desc
        limit ${CANDIDATES}
      ),
      ${partyHits}
      ranked as (
        select id, sum(rank) as rank, max(number) as number from (
          select id, rank, number from ticket_hits
          union all
          select id, rank, null from party_hits
          ${keyNumber ? sql`union all select ${tickets.id}, ${KEY_RANK}, ${tickets.number} from ${tickets} where ${tickets.workspaceId} = ${actor.workspaceId} and ${tickets.number} = ${keyNumber} and ${visible}` : sql``}
        ) hits
        group by id
      ),
      numbered as (
        select ranked.id, ranked.rank, coalesce(ranked.number, (
          select ${tickets.number} from ${tickets}
          where ${tickets.workspaceId} = ${actor.workspaceId} and ${tickets.id} = ranked.id and ${visible}
        )) as number
        from ranked
      ),
      top as (
        select ${tickets.id} as id, ${tickets.number} as number, ${tickets.subject} as subject, ${tickets.description} as description,
               ${tickets.search} as search, ${tickets.status} as status, ${tickets.priority} as priority, page.rank
        from (select id, rank from numbered where number is not null order by rank desc, number desc limit ${limit}) page
        join ${tickets} on ${tickets.workspaceId} = ${actor.workspaceId} and ${tickets.id} = page.id
      )
      select top.id, top.number, top.subject, top.status, top.priority, top.rank::float8 as rank,
        case when top.search @@ ${tsq}
          then ts_headline('english', top.subject || ' — ' || left(top.description, 5000), ${tsq}, ${HIGHLIGHT})
          else coalesce((
            select ts_headline('english', left(${ticketComments.body}, 5000), ${tsq}, ${HIGHLIGHT})
            from ${ticketComments}
            where ${ticketComments.ticketId} = top.id and ${ticketComments.search} @@ ${tsq} and ${commentVisible}
            order by ${ticketComments.createdAt} limit 1), top.subject)
        end as snippet
      from top
      order by top.rank desc, top.number desc
    `);
    return (result as unknown as { rows: SearchHit[] }).rows.map((r) => ({
      ...r,
      number: Number(r.number),
      rank: Number(r.rank),
    }));
  });
}
