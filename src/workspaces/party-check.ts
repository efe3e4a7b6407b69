import type { Tx } from '../db/client.ts';
import { Invalid } from '../server/errors.ts';
import { isWorkspaceParty } from './queries.ts';

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
  if (!(await isWorkspaceParty(tx, workspaceId, partyId))) throw new Invalid(message, field);
  return partyId;
}
