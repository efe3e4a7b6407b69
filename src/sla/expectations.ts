import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { type SlaClockKind, slaCalendars, slaClockEvents, slaClocks } from '../db/schema/sla.ts';
import type { Ticket } from '../db/schema/tickets.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { findVisibleTicket } from '../db/visibility.ts';
import { notify } from '../notifications/notify.ts';
import type { WorkspaceContext } from '../server/context.ts';
import type { SlaActor } from './actor.ts';
import { assertCanSla } from './policy.ts';

export type ExpectationState = 'due' | 'paused' | 'done';
export type Expectation = { kind: SlaClockKind; state: ExpectationState; dueAt: Date | null; late: boolean };

/**
 * When the requester can expect a first response and a resolution, read from the ticket's SLA
 * clocks. Security: only due times and states leave here (no policy, target, calendar or
 * escalation rule), since a requester may call it about their own request.
 */
export async function getTicketExpectations(ctx: WorkspaceContext, number: number, now = new Date()) {
  assertCanSla(ctx.actor, 'expect');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, number);
    const rows = await tx
      .select({ clock: slaClocks, timeZone: slaCalendars.timeZone })
      .from(slaClocks)
      .leftJoin(slaCalendars, eq(slaCalendars.id, slaClocks.calendarId))
      .where(and(eq(slaClocks.workspaceId, ctx.actor.workspaceId), eq(slaClocks.ticketId, ticket.id)));
    const [moved] = await tx
      .select({ at: slaClockEvents.at })
      .from(slaClockEvents)
      .where(
        and(
          eq(slaClockEvents.workspaceId, ctx.actor.workspaceId),
          eq(slaClockEvents.ticketId, ticket.id),
          eq(slaClockEvents.kind, 'retargeted'),
        ),
      )
      .orderBy(desc(slaClockEvents.at))
      .limit(1);
    const order: SlaClockKind[] = ['first_response', 'resolution'];
    const items: Expectation[] = rows
      .sort((a, b) => order.indexOf(a.clock.kind) - order.indexOf(b.clock.kind))
      .map(({ clock }) => {
        const state: ExpectationState =
          clock.state === 'stopped' ? 'done' : clock.state === 'paused' ? 'paused' : 'due';
        const dueAt = state === 'due' ? clock.dueAt : null;
        return { kind: clock.kind, state, dueAt, late: dueAt !== null && dueAt < now };
      });
    return { items, timeZone: rows[0]?.timeZone ?? null, changedAt: moved?.at ?? null };
  });
}

const KIND_WORDS: Record<SlaClockKind, string> = { first_response: 'reply', resolution: 'resolve it' };

/** "Thursday 3 December, 14:00" in the business's time zone. */
export function plainDue(at: Date, timeZone: string) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .replace(' at ', ', ');
}

/**
 * Tells the requester, inside the change's transaction, that a running due time moved (a priority
 * change brings other targets). Paused clocks and clocks that did not move say nothing.
 */
export async function notifyExpectationChanged(
  tx: Tx,
  a: SlaActor,
  ticket: Pick<Ticket, 'id' | 'number' | 'subject' | 'requesterMembershipId'>,
  moved: Array<{ kind: SlaClockKind; dueAt: Date }>,
  timeZone: string,
) {
  if (moved.length === 0) return;
  const [ws] = await tx
    .select({ slug: workspaces.slug, prefix: workspaces.ticketPrefix })
    .from(workspaces)
    .where(eq(workspaces.id, a.workspaceId));
  if (!ws) return;
  const key = `${ws.prefix}-${ticket.number}`;
  const lines = moved.map((m) => `We now aim to ${KIND_WORDS[m.kind]} by ${plainDue(m.dueAt, timeZone)}.`);
  await notify(
    tx,
    { workspaceId: a.workspaceId, actorMembershipId: a.membershipId, jobs: a.jobs },
    {
      event: 'ticket.expectation_changed',
      recipients: [{ membershipId: ticket.requesterMembershipId }],
      subject: `${key}: when to expect an answer has changed`,
      body: `${lines.join(' ')} (Your request "${ticket.subject}" was re-prioritised.)`,
      link: `/w/${ws.slug}/portal/requests/${key}`,
      dedupeKey: `expectation:${ticket.id}:${moved.map((m) => `${m.kind}@${m.dueAt.toISOString()}`).join(',')}`,
      data: {
        ticketId: ticket.id,
        key,
        due: moved.map((m) => ({ kind: m.kind, dueAt: m.dueAt.toISOString() })),
      },
    },
  );
}
