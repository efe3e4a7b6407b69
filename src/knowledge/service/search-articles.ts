import { and, sql } from 'drizzle-orm';
import {
  type ArticleStatus,
  type ArticleType,
  type ArticleVisibility,
  articleLinks,
  articles,
} from '../../db/schema/knowledge.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { isStaff } from '../../domain/actor.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { findVisibleTicket } from '../../tickets/queries.ts';
import { visibleArticles } from '../queries.ts';
import {
  type ArticleFilters,
  type ArticleSummaryRow,
  articleConditions,
  withNames,
} from './read-articles.ts';

const HIGHLIGHT = 'StartSel=⟦, StopSel=⟧, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';
/** Matches ranked per query: enough for relevance, bounded so a common word cannot rank the world. */
const CANDIDATES = 300;
/** The least pg_trgm word_similarity of the words to a title for the fallback when no stem matches. */
const SIMILAR_TITLE = 0.5;
/** The least ts_rank (subject and description against an article) that makes a suggestion. */
const MIN_RANK = 0.1;

type Row = ArticleSummaryRow & { rank: number; snippet: string };

/**
 * Full-text search with the list's filters: matches come from the GIN index, the CANDIDATES most
 * recently updated of them are ranked with ts_rank, and ts_headline runs only for the page returned.
 */
export async function searchArticles(
  ctx: WorkspaceContext,
  q: string,
  filters: ArticleFilters & { limit: number },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const where = and(...articleConditions(ctx.actor, filters));
    // The tsquery is inline (a constant to the planner, so the GIN index can answer under RLS), and
    // the candidates are the most recently updated matches: with the (workspace, updated) index the
    // database stops after CANDIDATES of them instead of rechecking every row holding the words.
    const tsq = sql`websearch_to_tsquery('english', ${q})`;
    const result = await tx.execute(sql`
      with candidates as (
        select ${articles.id} as id, ${articles.search} as search from ${articles}
        where ${articles.search} @@ ${tsq} and ${where}
        order by ${articles.updatedAt} desc
        limit ${CANDIDATES}
      ),
      top as (
        select candidates.id, ts_rank(candidates.search, ${tsq}) as rank
        from candidates order by rank desc, candidates.id limit ${filters.limit}
      )
      select a.id, a.number, a.type, a.title, a.summary, a.status, a.visibility,
        a.owner_party_id as "ownerPartyId", a.reviewer_membership_id as "reviewerMembershipId",
        a.review_due_on::text as "reviewDueOn", a.updated_at as "updatedAt",
        a.updated_by_membership_id as "updatedByMembershipId", a.version, top.rank::float8 as rank,
        ts_headline('english', a.title || ' — ' || left(a.summary || ' ' || a.body, 20000), ${tsq}, ${HIGHLIGHT}) as snippet
      from top join ${articles} a on a.id = top.id
      order by top.rank desc, a.number desc
    `);
    let rows = (result as unknown as { rows: Row[] }).rows;
    // Nothing shares a stem with the words ("printer" is not "print" to the English stemmer):
    // titles with a similar word (pg_trgm word_similarity) answer instead of an empty page.
    if (rows.length === 0) {
      const similar = await tx.execute(sql`
        select id, number, type, title, summary, status, visibility,
          owner_party_id as "ownerPartyId", reviewer_membership_id as "reviewerMembershipId",
          review_due_on::text as "reviewDueOn", updated_at as "updatedAt",
          updated_by_membership_id as "updatedByMembershipId", version,
          (word_similarity(${q}, title) / 10)::float8 as rank,
          title || ' — ' || left(summary, 300) as snippet
        from ${articles}
        where ${where} and word_similarity(${q}, title) >= ${SIMILAR_TITLE}
        order by word_similarity(${q}, title) desc, number desc
        limit ${filters.limit}
      `);
      rows = (similar as unknown as { rows: Row[] }).rows;
    }
    return withNames(tx, ctx.actor, rows.map(normalise));
  });
}

const normalise = (r: Row): Row => ({
  ...r,
  number: Number(r.number),
  version: Number(r.version),
  rank: Number(r.rank),
  updatedAt: new Date(r.updatedAt),
});

/**
 * Articles likely to help with a ticket. A suggestion needs a meaningful match: a word of the
 * ticket's subject in the article's title or summary (a word that only turns up in some article's
 * steps, or only in the ticket's description — for a catalogue request often the item's own
 * blurb — does not qualify), and a ts_rank on the subject and description of at least MIN_RANK.
 * Matches are ranked by that ts_rank, raised a little (0.1) by a link to the ticket's service (never
 * a reason on its own); an article linked to the ticket itself always comes first. Requesters get
 * only published public articles; staff published and needing review.
 */
export async function suggestArticles(ctx: WorkspaceContext, ticketNumber: number, limit: number) {
  const { actor } = ctx;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, actor, ticketNumber);
    const subject = ticket.subject.slice(0, 300);
    const text = `${ticket.subject} ${ticket.description}`.slice(0, 1000);
    const readable = visibleArticles(actor) ?? sql`true`;
    const live = isStaff(actor) ? sql`${articles.status} in ('published', 'needs_review')` : sql`true`;
    const anyWord = (words: string) =>
      sql`coalesce(nullif(replace(plainto_tsquery('english', ${words})::text, ' & ', ' | '), ''), 'zzzznomatch')::tsquery`;
    const result = await tx.execute(sql`
      with query as (
        select ${anyWord(subject)} as subject, ${anyWord(text)} as q
      ),
      matches as (
        select ${articles.id} as id, ${articles.search} as search
        from ${articles}, query
        where ${articles.workspaceId} = ${actor.workspaceId} and ${readable} and ${live}
          and ${articles.search} @@ query.subject
          and to_tsvector('english', ${articles.title} || ' ' || ${articles.summary}) @@ query.subject
        limit ${CANDIDATES}
      ),
      candidates as (
        select matches.id, ts_rank(matches.search, query.q) as rank from matches, query
        where ts_rank(matches.search, query.q) >= ${MIN_RANK}
        union all
        select l.article_id, 0 from ${articleLinks} l
        where l.workspace_id = ${actor.workspaceId} and l.kind = 'ticket' and l.target_id = ${ticket.id}
      ),
      scored as (
        select c.id, max(c.rank)
          + case when exists (select 1 from ${articleLinks} l where l.article_id = c.id and l.kind = 'service' and l.target_id = ${ticket.serviceId}) then 0.1 else 0 end
          + case when exists (select 1 from ${articleLinks} l where l.article_id = c.id and l.kind = 'ticket' and l.target_id = ${ticket.id}) then 1 else 0 end
          as score
        from candidates c group by c.id
      )
      select ${articles.id} as id, ${articles.number} as number, ${articles.type} as type, ${articles.title} as title,
        ${articles.summary} as summary, ${articles.status} as status, ${articles.visibility} as visibility, scored.score::float8 as score
      from scored join ${articles} on ${articles.id} = scored.id
      where ${articles.workspaceId} = ${actor.workspaceId} and ${readable} and ${live}
      order by scored.score desc, ${articles.number} desc
      limit ${limit}
    `);
    return (
      result as unknown as {
        rows: Array<{
          id: string;
          number: number;
          type: ArticleType;
          title: string;
          summary: string;
          status: ArticleStatus;
          visibility: ArticleVisibility;
          score: number;
        }>;
      }
    ).rows.map((r) => ({ ...r, number: Number(r.number), score: Number(r.score) }));
  });
}
