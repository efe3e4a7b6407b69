import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { workspaceCounters } from './schema/responsibility.ts';

/** The next human number of a kind in a workspace (proposal #4, DEC-12); the row lock orders callers. */
export async function nextNumber(tx: Tx, workspaceId: string, name: string): Promise<number> {
  const [row] = await tx
    .insert(workspaceCounters)
    .values({ workspaceId, name, value: 1 })
    .onConflictDoUpdate({
      target: [workspaceCounters.workspaceId, workspaceCounters.name],
      set: { value: sql`${workspaceCounters.value} + 1` },
    })
    .returning({ value: workspaceCounters.value });
  return row!.value;
}
