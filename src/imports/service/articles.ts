import { ARTICLE_TYPES, ARTICLE_VISIBILITIES, type ArticleType } from '../../db/schema/knowledge.ts';
import type { ImportRow } from '../../domain/imports.ts';
import { insertArticle } from '../../knowledge/service/write-articles.ts';
import { firstOfEachId, type ImportPlan, type PlanInput, partiesByName, recordByRecord } from './common.ts';

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/**
 * Knowledge articles: each a draft (version 1) through the knowledge area's own insert, so its
 * version history, search and audit event are the same as an article written here.
 */
export async function planArticles({
  tx,
  ctx,
  rows,
  seen,
  errors,
}: PlanInput<ImportRow<'articles'>>): Promise<ImportPlan> {
  const partyOf = await partiesByName(tx, ctx.actor.workspaceId);
  const items = [];
  for (const row of firstOfEachId(rows, (r) => r.externalId, seen, errors)) {
    let ok = true;
    const type = row.type.toLowerCase().replace(/[\s-]+/g, '_');
    if (!isOneOf(ARTICLE_TYPES, type)) {
      ok = false;
      errors.push({ row: row.row, field: 'type', message: `must be one of ${ARTICLE_TYPES.join(', ')}` });
    }
    const visibility = (row.visibility ?? 'staff').toLowerCase();
    if (!isOneOf(ARTICLE_VISIBILITIES, visibility)) {
      ok = false;
      errors.push({ row: row.row, field: 'visibility', message: 'must be public or staff' });
    }
    const owner = row.owner ? partyOf.get(row.owner.toLowerCase()) : undefined;
    if (row.owner && !owner) {
      ok = false;
      errors.push({ row: row.row, field: 'owner', message: `names no party "${row.owner}" here` });
    }
    if (!ok || !isOneOf(ARTICLE_VISIBILITIES, visibility)) continue;
    items.push({
      externalId: row.externalId,
      create: async () =>
        (
          await insertArticle(tx, ctx, {
            type: type as ArticleType,
            title: row.title,
            summary: row.summary ?? '',
            body: row.body ?? '',
            visibility,
            ...(owner && { ownerPartyId: owner.id }),
            reviewDueOn: row.reviewDueOn ?? null,
          })
        ).id,
    });
  }
  return recordByRecord(tx, ctx, 'articles', items);
}
