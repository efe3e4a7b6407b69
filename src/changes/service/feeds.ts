import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import { recordWorkspaceAudit } from '../../audit/record.ts';
import { randomSecret, sha256 } from '../../crypto/secrets.ts';
import type { Database } from '../../db/client.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { changeFeedTokens, changes } from '../../db/schema/changes.ts';
import { memberships, workspaces } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { isInternalLead } from '../../domain/actor.ts';
import { changeKey, riskLevel } from '../../domain/changes.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Forbidden, NotFound } from '../../server/errors.ts';
import { assertCanChange } from '../policy.ts';
import { type CalendarChange, calendarRows, calendarVersions } from './read.ts';

/** Feeds the actor can see: the workspace's (internal lead) and their own. */
export async function listFeeds(ctx: WorkspaceContext) {
  assertCanChange(ctx.actor, 'usePersonalFeed');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ feed: changeFeedTokens, owner: accounts.name })
      .from(changeFeedTokens)
      .leftJoin(memberships, eq(memberships.id, changeFeedTokens.membershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(
        and(
          eq(changeFeedTokens.workspaceId, ctx.actor.workspaceId),
          isNull(changeFeedTokens.revokedAt),
          isInternalLead(ctx.actor)
            ? or(
                isNull(changeFeedTokens.membershipId),
                eq(changeFeedTokens.membershipId, ctx.actor.membershipId),
              )
            : eq(changeFeedTokens.membershipId, ctx.actor.membershipId),
        ),
      )
      .orderBy(desc(changeFeedTokens.createdAt)),
  );
}

/** A new secret feed address; the token is returned once and only its SHA-256 is kept. */
export async function createFeed(
  ctx: WorkspaceContext,
  input: { scope: 'workspace' | 'personal'; label: string },
) {
  assertCanChange(ctx.actor, input.scope === 'workspace' ? 'manageWorkspaceFeed' : 'usePersonalFeed');
  const token = randomSecret(32);
  const feed = await withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const [row] = await tx
        .insert(changeFeedTokens)
        .values({
          workspaceId: ctx.actor.workspaceId,
          membershipId: input.scope === 'personal' ? ctx.actor.membershipId : null,
          tokenHash: sha256(token),
          label: input.label,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      // Security: the audit keeps which feed was made, never its secret.
      await recordWorkspaceAudit(tx, ctx, {
        action: 'change_feed.created',
        entityType: 'change_feed',
        entityId: row!.id,
        after: { scope: input.scope, label: input.label },
      });
      return row!;
    },
    ctx.meta,
  );
  return { feed, token };
}

export async function revokeFeed(ctx: WorkspaceContext, id: string) {
  assertCanChange(ctx.actor, 'usePersonalFeed');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [feed] = await tx
      .select()
      .from(changeFeedTokens)
      .where(and(eq(changeFeedTokens.id, id), eq(changeFeedTokens.workspaceId, ctx.actor.workspaceId)));
    const mine = feed?.membershipId === ctx.actor.membershipId;
    if (!feed || feed.revokedAt || !(mine || (feed.membershipId === null && isInternalLead(ctx.actor)))) {
      if (feed && !feed.revokedAt && feed.membershipId === null)
        throw new Forbidden(
          "Only the internal IT lead revokes the workspace's calendar feeds.",
          'CHANGE_ROLE_REQUIRED',
        );
      throw new NotFound('No such calendar feed.');
    }
    // A revoked feed must not be served from this process's memory either.
    feedCache.delete(feed.tokenHash);
    const [after] = await tx
      .update(changeFeedTokens)
      .set({ revokedAt: new Date() })
      .where(eq(changeFeedTokens.id, id))
      .returning();
    await recordWorkspaceAudit(tx, ctx, {
      action: 'change_feed.revoked',
      entityType: 'change_feed',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: after!.revokedAt },
    });
    return after!;
  });
}

const FEED_PAST_DAYS = 90;
const FEED_FUTURE_DAYS = 366;

/**
 * The iCalendar feed behind a secret URL. Security: the token's digest is the only key that
 * reaches across workspaces (an owner function); an unknown or revoked token, or a personal feed
 * whose member has left, answers 404.
 */
export async function renderFeed(db: Database, token: string, publicUrl: string): Promise<string> {
  const digest = sha256(token);
  const result = await db.execute(sql`select tandem_change_feed_workspace(${digest}) as workspace_id`);
  const workspaceId = (result as unknown as { rows: { workspace_id: string | null }[] }).rows[0]
    ?.workspace_id;
  if (!workspaceId) throw new NotFound('No such calendar feed.');
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const [found] = await tx
      .select({ feed: changeFeedTokens, workspace: workspaces, memberStatus: memberships.status })
      .from(changeFeedTokens)
      .innerJoin(workspaces, eq(workspaces.id, changeFeedTokens.workspaceId))
      .leftJoin(memberships, eq(memberships.id, changeFeedTokens.membershipId))
      .where(and(eq(changeFeedTokens.tokenHash, digest), isNull(changeFeedTokens.revokedAt)));
    if (!found || (found.feed.membershipId && found.memberStatus !== 'active'))
      throw new NotFound('No such calendar feed.');
    const now = Date.now();
    // Calendar programs poll: an unchanged calendar is served from memory (same day, same rows).
    const [state] = await tx
      .select({
        n: sql<number>`count(*)::int`,
        last: sql<string>`coalesce(max(${changes.updatedAt}), 'epoch')::text`,
      })
      .from(changes)
      .where(eq(changes.workspaceId, workspaceId));
    const fingerprint = `${new Date(now).toISOString().slice(0, 10)}|${state?.n}|${state?.last}`;
    const cached = feedCache.get(digest);
    if (cached?.fingerprint === fingerprint) return cached.body;
    const window = {
      from: new Date(now - FEED_PAST_DAYS * 86_400_000),
      to: new Date(now + FEED_FUTURE_DAYS * 86_400_000),
      ...(found.feed.membershipId && { membershipId: found.feed.membershipId }),
    };
    const changesUrl = `${publicUrl}/w/${found.workspace.slug}/changes`;
    // Ids and versions first; full rows only for the changes whose event text is not kept (after an
    // edit, one), so a feed of 5,000 changes does not read 5,000 rows again.
    const versions = await calendarVersions(tx, workspaceId, window);
    // Kept texts are taken before any is written (writing may push old ones out of the cache).
    const events = versions.map(([id, version]) => eventCache.get(eventKey(id, version, changesUrl)));
    const missing = versions.filter((_, i) => events[i] === undefined).map(([id]) => id);
    if (missing.length) {
      const { rows } = await calendarRows(tx, workspaceId, {
        ...window,
        withoutLinks: true,
        onlyIds: missing,
      });
      const written = new Map(rows.map(({ change }) => [change.id, eventText(change, changesUrl)]));
      versions.forEach(([id], i) => {
        events[i] ??= written.get(id);
      });
    }
    const envelope = ical({
      name: `${found.workspace.name} changes${found.feed.membershipId ? ' (mine)' : ''}`,
      prodId: { company: 'Tandem', product: 'change-calendar' },
      ttl: 15 * 60,
    }).toString();
    // The envelope ends with END:VCALENDAR; the events go just before it.
    const end = envelope.lastIndexOf('END:VCALENDAR');
    const body = `${envelope.slice(0, end)}${events.join('')}${envelope.slice(end)}`;
    remember(digest, { fingerprint, body });
    return body;
  });
}

const EVENT_CACHE_SIZE = 50_000;
const eventCache = new Map<string, string>();
const eventKey = (id: string, version: number, changesUrl: string) => `${id}:${version}:${changesUrl}`;

/**
 * One change as a VEVENT, written by ical-generator. Generating text is most of a feed's cost, so
 * each change's event is kept per version: after an edit only that change's event is written again.
 */
function eventText(change: CalendarChange, changesUrl: string): string {
  const cacheKey = eventKey(change.id, change.version, changesUrl);
  const cached = eventCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const key = changeKey(change.number);
  const text = ical()
    .createEvent({
      id: `${change.id}@tandem`,
      start: change.plannedStart!,
      end: change.plannedEnd!,
      summary: `${key} ${change.title}`,
      description: [
        `${change.type} change, ${change.status.replace('_', ' ')}`,
        `Risk: ${riskLevel(change.likelihood, change.impact).replace('_', ' ')}`,
        `Planned in ${change.timezone}`,
        change.userImpact ? `User impact: ${change.userImpact}` : '',
        change.downtimeMinutes ? `Downtime: ${change.downtimeMinutes} min` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      status: change.status === 'submitted' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      url: `${changesUrl}/${key}`,
      lastModified: change.updatedAt,
      stamp: change.updatedAt,
    })
    .toString();
  if (eventCache.size >= EVENT_CACHE_SIZE) eventCache.delete(eventCache.keys().next().value!);
  eventCache.set(cacheKey, text);
  return text;
}

const FEED_CACHE_SIZE = 200;
const feedCache = new Map<string, { fingerprint: string; body: string }>();
function remember(digest: string, entry: { fingerprint: string; body: string }) {
  feedCache.delete(digest);
  feedCache.set(digest, entry);
  // Oldest first: a Map keeps insertion order.
  for (const key of feedCache.keys()) {
    if (feedCache.size <= FEED_CACHE_SIZE) break;
    feedCache.delete(key);
  }
}
