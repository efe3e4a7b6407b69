import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { jsonOf, rowsOf } from '../../db/rows.ts';
import { type Change, changeLinks, changeWatchers } from '../../db/schema/changes.ts';
import { mapAssignments, mapVersions } from '../../db/schema/responsibility.ts';
import { changeKey } from '../../domain/changes.ts';
import type { NotificationEvent } from '../../domain/notifications.ts';
import { notify, type RecipientSelector } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';

/**
 * Who hears of a change, in one statement: its watchers, and the parties the current map ties to its
 * services (R, A, C or I).
 */
async function audienceOf(tx: Tx, change: Change): Promise<{ watchers: string[]; parties: string[] }> {
  const ws = change.workspaceId;
  const result = await tx.execute(sql`
    select
      coalesce((select json_agg(w.membership_id) from ${changeWatchers} w
        where w.workspace_id = ${ws} and w.change_id = ${change.id}), '[]'::json) as watchers,
      coalesce((select json_agg(distinct a.party_id) from ${mapAssignments} a
        where a.workspace_id = ${ws}
          and a.version_id = (select v.id from ${mapVersions} v where v.workspace_id = ${ws}
            order by v.number desc limit 1)
          and a.service_id in (select l.target_id from ${changeLinks} l
            where l.workspace_id = ${ws} and l.change_id = ${change.id} and l.kind = 'service')), '[]'::json)
        as parties`);
  const [row] = rowsOf<{ watchers: unknown; parties: unknown }>(result);
  return { watchers: jsonOf<string[]>(row?.watchers), parties: jsonOf<string[]>(row?.parties) };
}

/** Watchers and affected parties (their leads and agents) hear of approval, start and completion. */
export async function notifyChange(
  tx: Tx,
  ctx: WorkspaceContext,
  change: Change,
  event: NotificationEvent,
  subject: string,
  body = '',
) {
  const audience = await audienceOf(tx, change);
  const parties = new Set([
    ...(change.implementingPartyId ? [change.implementingPartyId] : []),
    ...audience.parties,
  ]);
  const recipients: RecipientSelector[] = [
    ...audience.watchers.map((membershipId) => ({ membershipId })),
    ...[...parties].map((partyId) => ({ partyId })),
    ...(change.submittedByMembershipId ? [{ membershipId: change.submittedByMembershipId }] : []),
  ];
  const key = changeKey(change.number);
  await notify(tx, ctx, {
    event,
    recipients,
    subject: `${key} ${subject}: ${change.title}`,
    body,
    link: `/w/${ctx.actor.workspaceSlug}/changes/${key}`,
    dedupeKey: `${event}:${change.id}:${change.version}`,
    data: { change: key, status: change.status },
  });
}
