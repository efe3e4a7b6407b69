import { and, asc, eq, inArray } from 'drizzle-orm';
import { auditorFor } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { type Change, changeEvents, changeLinks, changes } from '../../db/schema/changes.ts';
import { loadDecisionRight } from '../../decisions/types.ts';
import type { WorkspaceActor } from '../../domain/actor.ts';
import { type ChangeLinkKind, type ChangeType, changeKey, decisionTypeFor } from '../../domain/changes.ts';
import { canDecide, type DecisionRight } from '../../domain/decision-rights.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, NotFound } from '../../server/errors.ts';

export type ChangeRight = {
  right: DecisionRight;
  typeId: string | null;
  name: string;
  holder: string;
};

const INTERNAL_LEAD_ONLY = (name: string): DecisionRight => ({
  name,
  proposerKinds: ['internal', 'provider'],
  decider: 'internal_lead',
  delegateMembershipId: null,
  delegatePartyId: null,
});

/** The decision right that authorises a change of this type (standard templates use the normal one). */
export async function loadChangeRight(tx: Tx, workspaceId: string, type: ChangeType): Promise<ChangeRight> {
  return loadDecisionRight(
    tx,
    workspaceId,
    decisionTypeFor(type),
    INTERNAL_LEAD_ONLY(type === 'emergency' ? 'Authorise an emergency change' : 'Approve a normal change'),
  );
}

export const holdsChangeRight = (actor: WorkspaceActor, right: ChangeRight) => canDecide(actor, right.right);

export async function loadChange(tx: Tx, workspaceId: string, number: number): Promise<Change> {
  const [change] = await tx
    .select()
    .from(changes)
    .where(and(eq(changes.workspaceId, workspaceId), eq(changes.number, number)));
  if (!change) throw new NotFound(`No change ${changeKey(number)}.`);
  return change;
}

/** Writes the new row only if nobody changed it since it was read; bumps version and updatedAt. */
export async function updateChange(tx: Tx, before: Change, set: Partial<Change>, expectedVersion?: number) {
  if (expectedVersion !== undefined && expectedVersion !== before.version)
    throw new Conflict(
      `${changeKey(before.number)} was changed by someone else since you loaded it; reload and try again.`,
      'STALE_VERSION',
    );
  const [after] = await tx
    .update(changes)
    .set({ ...set, updatedAt: new Date(), version: before.version + 1 })
    .where(and(eq(changes.id, before.id), eq(changes.version, before.version)))
    .returning();
  if (!after)
    throw new Conflict(
      `${changeKey(before.number)} was changed by someone else at the same moment; reload and try again.`,
      'STALE_VERSION',
    );
  return after;
}

let lastEventAt = 0;
/** Events of one transaction share now(); a strictly increasing clock keeps their order. */
function eventClock(): Date {
  lastEventAt = Math.max(Date.now(), lastEventAt + 1);
  return new Date(lastEventAt);
}

export async function addEvent(
  tx: Tx,
  ctx: Pick<WorkspaceContext, 'actor'>,
  change: Pick<Change, 'id' | 'workspaceId'>,
  kind: string,
  detail: Record<string, unknown> = {},
) {
  await tx.insert(changeEvents).values({
    workspaceId: change.workspaceId,
    changeId: change.id,
    kind,
    actorMembershipId: ctx.actor.membershipId,
    detail,
    at: eventClock(),
  });
}

export const auditChange = auditorFor('change');

export type LinkIds = Record<ChangeLinkKind, string[]>;

export async function loadLinkIds(tx: Tx, changeIds: string[]): Promise<Map<string, LinkIds>> {
  const out = new Map<string, LinkIds>();
  if (changeIds.length === 0) return out;
  const rows = await tx
    .select()
    .from(changeLinks)
    .where(inArray(changeLinks.changeId, changeIds))
    .orderBy(asc(changeLinks.position));
  for (const id of changeIds) out.set(id, { service: [], system: [], ticket: [], problem: [], incident: [] });
  for (const r of rows) out.get(r.changeId)![r.kind].push(r.targetId);
  return out;
}
