import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { workspaceCounters } from './schema/responsibility.ts';

const takeNumber = (tx: Tx, workspaceId: string | Placeholder, name: string | SQL) =>
  tx
    .insert(workspaceCounters)
    .values({ workspaceId, name, value: sql`1` })
    .onConflictDoUpdate({
      target: [workspaceCounters.workspaceId, workspaceCounters.name],
      set: { value: sql`${workspaceCounters.value} + 1` },
    })
    .returning({ value: workspaceCounters.value });

/** The next human number of a kind in a workspace (proposal #4, DEC-12); the row lock orders callers. */
export async function nextNumber(tx: Tx, workspaceId: string, name: string): Promise<number> {
  const [row] = await takeNumber(tx, workspaceId, name);
  return row!.value;
}

/**
 * The same number as a CTE, so the row that carries it is written in the same statement:
 * `tx.with(next).insert(t).values({ number: sql\`(select ${next.value} from ${next})\` })`.
 * In a prebuilt statement (prebuilt.ts) the workspace is a placeholder and the name a literal.
 */
export const nextNumberCte = (tx: Tx, workspaceId: string | Placeholder, name: string | SQL) =>
  tx.$with('next_number', { value: workspaceCounters.value }).as(takeNumber(tx, workspaceId, name).getSQL());
