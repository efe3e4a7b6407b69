import type { Tx } from '../../db/client.ts';

export type HeldReview = { heldAt: Date; link: string };

/**
 * The most recent service review that was held, for the Metrics check. No service reviews are
 * recorded yet (src/reviews is being built in parallel): this answers null, which the check reads
 * as "No service reviews are recorded yet". When src/reviews lands, point this one query at its
 * reviews table (the newest held review of the workspace, and the app path of its page).
 */
export async function findLastHeldReview(
  _tx: Tx,
  _workspaceId: string,
  _base: string,
): Promise<HeldReview | null> {
  return null;
}
