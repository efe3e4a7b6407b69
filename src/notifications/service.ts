import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import {
  type EmailMode,
  notificationDeliveries,
  notificationPreferences,
  notificationSettings,
  notifications,
} from '../db/schema/notifications.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import {
  defaultPreference,
  NOTIFICATION_EVENT_NAMES,
  NOTIFICATION_EVENTS,
  type NotificationEvent,
} from '../domain/notifications.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { decodeCursor, pageOf } from '../server/cursor.ts';
import { NotFound } from '../server/errors.ts';
import { assertCanNotification } from './policy.ts';

const mine = (ctx: WorkspaceContext) =>
  and(
    eq(notifications.workspaceId, ctx.actor.workspaceId),
    eq(notifications.membershipId, ctx.actor.membershipId),
    eq(notifications.inApp, true),
  );

export async function listNotifications(
  ctx: WorkspaceContext,
  query: { unread?: boolean | undefined; limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select()
      .from(notifications)
      .where(
        and(
          mine(ctx),
          query.unread ? isNull(notifications.readAt) : undefined,
          after
            ? or(
                lt(notifications.createdAt, new Date(after[0])),
                and(eq(notifications.createdAt, new Date(after[0])), lt(notifications.id, after[1])),
              )
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(query.limit + 1);
    return pageOf(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  });
}

export async function countUnread(ctx: WorkspaceContext) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(mine(ctx), isNull(notifications.readAt)));
    return row?.n ?? 0;
  });
}

// Reading one's own notifications is personal state, not a change to the workspace: not audited.
export async function markNotificationRead(ctx: WorkspaceContext, id: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [found] = await tx
      .select()
      .from(notifications)
      .where(and(mine(ctx), eq(notifications.id, id)));
    if (!found) throw new NotFound('No such notification.');
    if (found.readAt) return found;
    const [after] = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(eq(notifications.id, id))
      .returning();
    return after!;
  });
}

export async function markAllNotificationsRead(ctx: WorkspaceContext) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const updated = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(mine(ctx), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return updated.length;
  });
}

export type PreferenceRow = { event: NotificationEvent; label: string; inApp: boolean; email: EmailMode };

async function readPreferences(tx: Parameters<Parameters<typeof withScopedTx>[2]>[0], ctx: WorkspaceContext) {
  const rows = await tx
    .select()
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.workspaceId, ctx.actor.workspaceId),
        eq(notificationPreferences.membershipId, ctx.actor.membershipId),
      ),
    );
  const [settings] = await tx
    .select()
    .from(notificationSettings)
    .where(eq(notificationSettings.membershipId, ctx.actor.membershipId));
  const byEvent = new Map(rows.map((r) => [r.event, r]));
  const events: PreferenceRow[] = NOTIFICATION_EVENT_NAMES.map((event) => {
    const saved = byEvent.get(event);
    const fallback = defaultPreference(event);
    return {
      event,
      label: NOTIFICATION_EVENTS[event].label,
      inApp: saved?.inApp ?? fallback.inApp,
      email: (saved?.email as EmailMode | undefined) ?? fallback.email,
    };
  });
  return { events, digestHour: settings?.digestHour ?? 7 };
}

export async function getPreferences(ctx: WorkspaceContext) {
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => readPreferences(tx, ctx));
}

export async function updatePreferences(
  ctx: WorkspaceContext,
  input: {
    events?: { event: NotificationEvent; inApp: boolean; email: EmailMode }[] | undefined;
    digestHour?: number | undefined;
  },
) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { actor } = ctx;
      const before = await readPreferences(tx, ctx);
      if (input.events && input.events.length > 0) {
        await tx
          .insert(notificationPreferences)
          .values(
            input.events.map((e) => ({
              workspaceId: actor.workspaceId,
              membershipId: actor.membershipId,
              event: e.event,
              inApp: e.inApp,
              email: e.email,
            })),
          )
          .onConflictDoUpdate({
            target: [
              notificationPreferences.workspaceId,
              notificationPreferences.membershipId,
              notificationPreferences.event,
            ],
            set: { inApp: sql`excluded.in_app`, email: sql`excluded.email` },
          });
      }
      if (input.digestHour !== undefined) {
        await tx
          .insert(notificationSettings)
          .values({
            membershipId: actor.membershipId,
            workspaceId: actor.workspaceId,
            digestHour: input.digestHour,
          })
          .onConflictDoUpdate({
            target: [notificationSettings.workspaceId, notificationSettings.membershipId],
            set: { digestHour: input.digestHour },
          });
      }
      const after = await readPreferences(tx, ctx);
      const changed = after.events.filter((e, i) => {
        const b = before.events[i]!;
        return b.inApp !== e.inApp || b.email !== e.email;
      });
      await recordWorkspaceAudit(tx, ctx, {
        action: 'notification_preferences.updated',
        entityType: 'membership',
        entityId: actor.membershipId,
        before: { digestHour: before.digestHour },
        after: {
          digestHour: after.digestHour,
          changed: changed.map(({ event, inApp, email }) => ({ event, inApp, email })),
        },
      });
      return after;
    },
    ctx.meta,
  );
}

/** The e-mail delivery log of the workspace: queued, retried, sent or failed, with the last error. */
export async function listEmailDeliveries(
  ctx: WorkspaceContext,
  query: { status?: string | undefined; limit: number },
) {
  assertCanNotification(ctx.actor, 'viewDeliveryLog');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({
        delivery: notificationDeliveries,
        event: notifications.event,
        subject: notifications.subject,
      })
      .from(notificationDeliveries)
      .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
      .where(
        and(
          eq(notificationDeliveries.workspaceId, ctx.actor.workspaceId),
          query.status ? inArray(notificationDeliveries.status, [query.status as 'queued']) : undefined,
        ),
      )
      .orderBy(desc(notificationDeliveries.createdAt))
      .limit(query.limit),
  );
}
