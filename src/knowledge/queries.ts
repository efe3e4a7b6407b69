import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { type ArticleLinkKind, articleLinks, articles } from '../db/schema/knowledge.ts';
import { services } from '../db/schema/responsibility.ts';
import { tickets } from '../db/schema/tickets.ts';
import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { NotFound } from '../server/errors.ts';
import { visibleTickets } from '../tickets/queries.ts';

/**
 * Security: which articles the actor may read, inside every article query (never after paging).
 * Staff of any party read every article; everyone else only published public ones.
 */
export function visibleArticles(actor: WorkspaceActor): SQL | undefined {
  if (isStaff(actor)) return undefined;
  return and(eq(articles.status, 'published'), eq(articles.visibility, 'public'));
}

export async function findVisibleArticle(tx: Tx, actor: WorkspaceActor, number: number) {
  const [article] = await tx
    .select()
    .from(articles)
    .where(
      and(eq(articles.workspaceId, actor.workspaceId), eq(articles.number, number), visibleArticles(actor)),
    );
  // Security: an article the actor may not read answers exactly like one that does not exist.
  if (!article) throw new NotFound(`No article KB-${number} here.`);
  return article;
}

async function existsIn(tx: Tx, table: string, workspaceId: string, id: string) {
  // Tables of other areas (systems, problems) may not exist yet in this database.
  const result = await tx.execute(sql`select to_regclass(${`public.${table}`}) is not null as present`);
  const present = (result as unknown as { rows: Array<{ present: boolean }> }).rows[0]?.present;
  if (!present) return false;
  const found = await tx.execute(
    sql`select 1 from ${sql.identifier(table)} where id = ${id} and workspace_id = ${workspaceId}`,
  );
  return (found as unknown as { rows: unknown[] }).rows.length > 0;
}

/**
 * Security: a link target must be a record of the actor's own workspace that the actor can see;
 * anything else answers 404, as if it did not exist.
 */
export async function assertLinkTarget(tx: Tx, actor: WorkspaceActor, kind: ArticleLinkKind, id: string) {
  let found = false;
  if (kind === 'service') {
    const [row] = await tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.id, id), eq(services.workspaceId, actor.workspaceId)));
    found = row !== undefined;
  } else if (kind === 'ticket') {
    const [row] = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, id), eq(tickets.workspaceId, actor.workspaceId), visibleTickets(actor)));
    found = row !== undefined;
  } else {
    found = await existsIn(tx, kind === 'asset' ? 'systems' : 'problems', actor.workspaceId, id);
  }
  if (!found) throw new NotFound(`No ${kind} ${id} here.`);
}

/** A ticket id from its number, among the tickets the actor can see. */
export async function ticketIdByNumber(tx: Tx, actor: WorkspaceActor, number: number) {
  const [row] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(eq(tickets.workspaceId, actor.workspaceId), eq(tickets.number, number), visibleTickets(actor)),
    );
  if (!row) throw new NotFound(`No ticket ${number} here.`);
  return row.id;
}

/** The article's links with a readable label for each (services and tickets; others by id). */
export async function loadLinks(tx: Tx, actor: WorkspaceActor, articleId: string) {
  const rows = await tx
    .select({
      kind: articleLinks.kind,
      targetId: articleLinks.targetId,
      createdAt: articleLinks.createdAt,
      serviceName: services.name,
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
    })
    .from(articleLinks)
    .leftJoin(services, and(eq(articleLinks.kind, 'service'), eq(services.id, articleLinks.targetId)))
    .leftJoin(
      tickets,
      and(eq(articleLinks.kind, 'ticket'), eq(tickets.id, articleLinks.targetId), visibleTickets(actor)),
    )
    .where(and(eq(articleLinks.articleId, articleId), eq(articleLinks.workspaceId, actor.workspaceId)))
    .orderBy(articleLinks.kind, articleLinks.createdAt);
  // Security: a linked ticket the reader cannot see is left out entirely.
  return rows
    .filter((r) => r.kind !== 'ticket' || r.ticketNumber !== null)
    .map((r) => ({
      kind: r.kind,
      targetId: r.targetId,
      label:
        r.kind === 'service'
          ? (r.serviceName ?? 'Service')
          : r.kind === 'ticket'
            ? `${actor.ticketPrefix}-${r.ticketNumber}: ${r.ticketSubject}`
            : `${r.kind} ${r.targetId.slice(0, 8)}`,
      ticketKey: r.kind === 'ticket' ? `${actor.ticketPrefix}-${r.ticketNumber}` : null,
      createdAt: r.createdAt,
    }));
}
