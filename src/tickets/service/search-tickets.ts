import { sql } from 'drizzle-orm';
import { ticketComments, tickets } from '../../db/schema/tickets.ts';
import { withScopedTx } from '../../db/tenant.ts';
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
 * Ranking looks at the most recent matches only (tickets by last update, comments by date): a word
 * found in half the desk would otherwise rank tens of thousands of rows for one page of twenty.
 * With an index on the date, the database then reads a few hundred rows whatever the word.
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
    // (workspace_id, search) GIN indexes of tickets and comments.
    const tsq = sql`websearch_to_tsquery('english', ${q})`;
    // Whether a hit's snippet comes from the ticket itself is read from its stored vector, not from its
    // text parsed again for each of the page's hits.
    const result = await tx.execute(sql`
      with ticket_hits as (
        select ${tickets.id} as id, ts_rank(${tickets.search}, ${tsq}) as rank
        from ${tickets}
        where ${tickets.workspaceId} = ${actor.workspaceId} and ${tickets.search} @@ ${tsq} and ${visible}
        order by ${tickets.updatedAt} desc
        limit ${CANDIDATES}
      ),
      comment_hits as (
        select ${ticketComments.ticketId} as id, ts_rank(${ticketComments.search}, ${tsq}) * 0.5 as rank
        from ${ticketComments}
        where ${ticketComments.workspaceId} = ${actor.workspaceId} and ${ticketComments.search} @@ ${tsq} and ${commentVisible}
        order by ${ticketComments.createdAt} desc
        limit ${CANDIDATES}
      ),
      by_ticket as (
        select * from ticket_hits
        union all
        select * from comment_hits
        ${keyNumber ? sql`union all select ${tickets.id}, 10.0 from ${tickets} where ${tickets.workspaceId} = ${actor.workspaceId} and ${tickets.number} = ${keyNumber}` : sql``}
      ),
      ranked as (
        select id, sum(rank) as rank from by_ticket group by id
      ),
      top as (
        select ${tickets.id} as id, ${tickets.number} as number, ${tickets.subject} as subject, ${tickets.description} as description,
               ${tickets.search} as search, ${tickets.status} as status, ${tickets.priority} as priority, ranked.rank
        from ranked join ${tickets} on ${tickets.id} = ranked.id
        where ${visible}
        order by ranked.rank desc, ${tickets.number} desc
        limit ${limit}
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
