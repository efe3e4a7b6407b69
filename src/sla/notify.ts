import type { Tx } from '../db/client.ts';
import { notifyAll } from '../notifications/notify.ts';
import type { SlaActor } from './actor.ts';

export type SlaNotice = {
  kind: 'sla.page' | 'sla.at_risk' | 'sla.breached' | 'sla.escalated';
  ticketId: string;
  title: string;
  body: string;
  /** Same key again sends nothing new (a retried job). */
  dedupeKey?: string;
};

const EVENT = {
  'sla.page': 'oncall.paged',
  'sla.at_risk': 'sla.at_risk',
  'sla.breached': 'sla.breached',
  'sla.escalated': 'escalation.triggered',
} as const;

/** In-app, e-mail and webhooks through the notifications area, inside the caller's transaction. */
export async function notifyMembers(tx: Tx, a: SlaActor, membershipIds: string[], notice: SlaNotice) {
  await notifyMembersOfEach(tx, a, [{ membershipIds, notice }]);
}

/** Several notices in one go (a batch of escalations): see notifyAll. */
export async function notifyMembersOfEach(
  tx: Tx,
  a: SlaActor,
  notices: { membershipIds: string[]; notice: SlaNotice }[],
) {
  const wanted = notices.filter((n) => n.membershipIds.length > 0);
  await notifyAll(
    tx,
    { workspaceId: a.workspaceId, actorMembershipId: a.membershipId, jobs: a.jobs },
    wanted.map(({ membershipIds, notice }) => ({
      event: EVENT[notice.kind],
      recipients: membershipIds.map((membershipId) => ({ membershipId })),
      subject: notice.title,
      body: notice.body,
      dedupeKey: notice.dedupeKey ?? `${notice.kind}:${notice.ticketId}`,
      data: { ticketId: notice.ticketId },
      includeActor: true,
    })),
  );
}
