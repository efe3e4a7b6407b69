import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import {
  notificationPreferences,
  notifications,
  webhookDeliveries,
  webhookEndpoints,
} from '../db/schema/notifications.ts';
import { tickets } from '../db/schema/tickets.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';

export type NotificationPeople = { lead: string; agent: string; engineer: string };

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/**
 * Acme's notifications: a few unread and read ones for the lead, the agent and the engineer on the
 * latest tickets, Ian's digest choice, and a paused chat webhook with one good and one failed delivery.
 */
export async function seedDemoNotifications(db: Database, workspaceId: string, people: NotificationPeople) {
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    const latest = await tx
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject })
      .from(tickets)
      .where(eq(tickets.workspaceId, workspaceId))
      .orderBy(desc(tickets.createdAt))
      .limit(4);
    if (!workspace || latest.length === 0) return;
    const keyOf = (n: number) => `${workspace.ticketPrefix}-${n}`;
    const link = (n: number) => `/w/${workspace.slug}/tickets/${keyOf(n)}`;
    const rows = latest.flatMap((t, i) => [
      {
        membershipId: people.lead,
        event: 'ticket.created',
        subject: `New ticket: ${keyOf(t.number)} ${t.subject}`,
        minutes: 20 + i * 45,
        read: i > 1,
      },
      {
        membershipId: people.agent,
        event: i === 0 ? 'ticket.assigned' : 'ticket.created',
        subject: `${i === 0 ? 'Assigned to you' : 'New ticket'}: ${keyOf(t.number)} ${t.subject}`,
        minutes: 15 + i * 45,
        read: i > 0,
      },
      {
        membershipId: people.engineer,
        event: 'ticket.handed_off',
        subject: `Handed off: ${keyOf(t.number)} ${t.subject}`,
        minutes: 30 + i * 60,
        read: i > 2,
      },
    ]);
    await tx.insert(notifications).values(
      rows.map((r, i) => ({
        workspaceId,
        membershipId: r.membershipId,
        event: r.event,
        subject: r.subject,
        link: link(latest[Math.floor(i / 3)]!.number),
        dedupeKey: `demo:${i}`,
        createdAt: minutesAgo(r.minutes),
        readAt: r.read ? minutesAgo(r.minutes - 5) : null,
      })),
    );
    await tx.insert(notificationPreferences).values({
      workspaceId,
      membershipId: people.agent,
      event: 'ticket.created',
      inApp: true,
      email: 'digest',
    });
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        workspaceId,
        url: 'https://chat.acme.example/hooks/tandem',
        description: 'Acme IT chat channel (paused while the chat server moves)',
        events: ['ticket.created', 'sla.breached', 'incident.declared'],
        secret: `whsec_${randomBytes(24).toString('base64url')}`,
        active: false,
        createdByMembershipId: people.lead,
      })
      .returning();
    const first = latest[0]!;
    const payload = (n: number, subject: string) => ({
      id: `demo-ticket.created:${n}`,
      event: 'ticket.created',
      occurredAt: minutesAgo(90).toISOString(),
      workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
      data: { subject: `New ticket: ${keyOf(n)} ${subject}`, link: `https://tandem.acme.example${link(n)}` },
    });
    await tx.insert(webhookDeliveries).values([
      {
        workspaceId,
        endpointId: endpoint!.id,
        event: 'ticket.created',
        dedupeKey: `demo:ok:${first.number}`,
        payload: payload(first.number, first.subject),
        status: 'succeeded',
        attempts: 1,
        lastStatusCode: 200,
        lastDurationMs: 142,
        attemptLog: [{ at: minutesAgo(90).toISOString(), statusCode: 200, durationMs: 142, error: null }],
        createdAt: minutesAgo(90),
        lastAttemptAt: minutesAgo(90),
        deliveredAt: minutesAgo(90),
      },
      {
        workspaceId,
        endpointId: endpoint!.id,
        event: 'ticket.created',
        dedupeKey: `demo:failed:${latest[1]?.number ?? first.number}`,
        payload: payload(latest[1]?.number ?? first.number, latest[1]?.subject ?? first.subject),
        status: 'failed',
        attempts: 3,
        lastStatusCode: 503,
        lastDurationMs: 240,
        lastError: 'answered HTTP 503',
        attemptLog: [
          { at: minutesAgo(60).toISOString(), statusCode: 502, durationMs: 88, error: 'answered HTTP 502' },
          {
            at: minutesAgo(59).toISOString(),
            statusCode: null,
            durationMs: 10_000,
            error: 'no answer within 10 s',
          },
          { at: minutesAgo(55).toISOString(), statusCode: 503, durationMs: 240, error: 'answered HTTP 503' },
        ],
        createdAt: minutesAgo(60),
        lastAttemptAt: minutesAgo(55),
      },
    ]);
  });
}
