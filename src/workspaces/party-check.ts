import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { parties } from '../db/schema/workspaces.ts';
import { Invalid } from '../server/errors.ts';

/**
 * A party id a request names must be one of this workspace's: an unknown or another workspace's
 * id is a 400 on that field (the message is the caller's, as its area has always worded it).
 */
export async function checkWorkspaceParty(
  tx: Tx,
  workspaceId: string,
  partyId: string,
  field: string,
  message = 'must name a party of this workspace',
) {
  const [party] = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.id, partyId), eq(parties.workspaceId, workspaceId)));
  if (!party) throw new Invalid(message, field);
  return party.id;
}
