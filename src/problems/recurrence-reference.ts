import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import type { SimilarPair } from '../domain/recurrence.ts';
import { recentFreeTickets, type Scope } from './recurrence-neighbours.ts';

/**
 * The full comparison the job made before it was incremental, kept for tests only: every recent
 * ticket of the scope with its five nearest subjects in a fresh temporary table. The incremental
 * job must find the same pairs.
 */
export async function fullSimilarPairs(
  tx: Tx,
  workspaceId: string,
  scope: Scope,
  o: { windowDays: number; maxScopeTickets: number; threshold: number },
): Promise<SimilarPair[]> {
  await tx.execute(sql`drop table if exists recurrence_reference`);
  await tx.execute(
    sql`create temporary table recurrence_reference as ${recentFreeTickets(workspaceId, scope, o)}`,
  );
  const rows = rowsOf<{ a: string; b: string; similarity: number }>(
    await tx.execute(sql`select a.id as a, n.id as b,
        round((${0.8} * (1 - n.distance) + ${1 - 0.8} * similarity(a.descr, n.descr))::numeric, 3)::float8 as similarity
      from recurrence_reference a
      cross join lateral (
        select b.id, b.descr, b.subj <-> a.subj as distance from recurrence_reference b
        where b.id <> a.id order by b.subj <-> a.subj limit 5
      ) n
      where n.distance <= ${0.7}`),
  );
  await tx.execute(sql`drop table recurrence_reference`);
  const seen = new Set<string>();
  const pairs: SimilarPair[] = [];
  for (const r of rows) {
    const key = r.a < r.b ? `${r.a}|${r.b}` : `${r.b}|${r.a}`;
    if (Number(r.similarity) < o.threshold || seen.has(key)) continue;
    seen.add(key);
    pairs.push({ a: r.a, b: r.b, similarity: Number(r.similarity) });
  }
  return pairs;
}
