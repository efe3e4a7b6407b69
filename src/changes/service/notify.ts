import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { type Change, changeWatchers } from '../../db/schema/changes.ts';
import { mapAssignments, mapVersions } from '../../db/schema/responsibility.ts';
import { changeKey } from '../../domain/changes.ts';
import type { NotificationEvent } from '../../domain/notifications.ts';
import { notify, type RecipientSelector } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { loadLinkIds } from './common.ts';

/** The parties the current map ties to the change's services (R, A, C or I), besides the implementer. */
async function affectedParties(tx: Tx, change: Change): Promise<string[]> {
  const serviceIds = (await loadLinkIds(tx, [change.id])).get(change.id)?.service ?? [];
  const parties = new Set<string>(change.implementingPartyId ? [change.implementingPartyId] : []);
  if (serviceIds.length > 0) {
    const [version] = await tx
      .select({ id: mapVersions.id })
      .from(mapVersions)
      .where(eq(mapVersions.workspaceId, change.workspaceId))
      .orderBy(desc(mapVersions.number))
      .limit(1);
    if (version) {
      const rows = await tx
        .select({ partyId: mapAssignments.partyId })
        .from(mapAssignments)
        .where(and(eq(mapAssignments.versionId, version.id), inArray(mapAssignments.serviceId, serviceIds)));
      for (const r of rows) parties.add(r.partyId);
    }
  }
  return [...parties];
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
  const watchers = await tx
    .select({ membershipId: changeWatchers.membershipId })
    .from(changeWatchers)
    .where(eq(changeWatchers.changeId, change.id));
  const recipients: RecipientSelector[] = [
    ...watchers.map((w) => ({ membershipId: w.membershipId })),
    ...(await affectedParties(tx, change)).map((partyId) => ({ partyId })),
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
