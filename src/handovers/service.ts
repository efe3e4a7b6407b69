import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { handoverAttendees, handoverSessions } from '../db/schema/handovers.ts';
import { articles } from '../db/schema/knowledge.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { attendanceSummary } from '../domain/knowledge-health.ts';
import { assertParty, InvalidField } from '../problems/queries.ts';
import { nowOf, type WorkspaceContext } from '../server/context.ts';
import { NotFound, StaleVersion } from '../server/errors.ts';
import { memberNames, partyNames } from '../workspaces/names.ts';
import { assertCanHandover } from './policy.ts';

export type SessionFields = {
  topic: string;
  heldAt: Date;
  presenterPartyId: string;
  serviceIds: string[];
  systemIds: string[];
  articleIds: string[];
  notes: string;
};
export type Attendee = { membershipId: string; attended: boolean };

const audit = auditorFor('handover_session');

/** Every id must name a row of this workspace; the first stranger is a 400 naming the field. */
async function assertAllIn(
  tx: Tx,
  ws: string,
  table: typeof services | typeof systems | typeof articles,
  ids: string[],
  field: string,
  what: string,
) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, ws), inArray(table.id, ids)));
  const known = new Set(found.map((f) => f.id));
  const stranger = ids.find((id) => !known.has(id));
  if (stranger) throw new InvalidField(field, `names ${stranger}, which is not ${what} of this workspace`);
}

async function checkFields(tx: Tx, ws: string, f: Partial<SessionFields>) {
  if (f.presenterPartyId) await assertParty(tx, ws, f.presenterPartyId, 'body.presenterPartyId');
  if (f.serviceIds) await assertAllIn(tx, ws, services, f.serviceIds, 'body.serviceIds', 'a service');
  if (f.systemIds) await assertAllIn(tx, ws, systems, f.systemIds, 'body.systemIds', 'a system');
  if (f.articleIds) await assertAllIn(tx, ws, articles, f.articleIds, 'body.articleIds', 'an article');
}

/** Attendees are the internal team's active staff: the people the knowledge must stay with. */
async function checkAttendees(tx: Tx, ws: string, attendees: Attendee[]) {
  if (attendees.length === 0) return;
  const ids = attendees.map((a) => a.membershipId);
  if (new Set(ids).size !== ids.length) throw new InvalidField('body.attendees', 'lists a person twice');
  const rows = await tx
    .select({ id: memberships.id, kind: parties.kind, role: memberships.role, status: memberships.status })
    .from(memberships)
    .innerJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.workspaceId, ws), inArray(memberships.id, ids)));
  const ok = new Set(rows.filter((r) => r.kind === 'internal' && r.status === 'active').map((r) => r.id));
  const stranger = ids.find((id) => !ok.has(id));
  if (stranger)
    throw new InvalidField(
      'body.attendees',
      `names ${stranger}, who is not an active internal staff member here`,
    );
}

async function writeAttendees(tx: Tx, ws: string, sessionId: string, attendees: Attendee[]) {
  await tx.delete(handoverAttendees).where(eq(handoverAttendees.sessionId, sessionId));
  if (attendees.length > 0)
    await tx.insert(handoverAttendees).values(
      attendees.map((a) => ({
        workspaceId: ws,
        sessionId,
        membershipId: a.membershipId,
        attended: a.attended,
      })),
    );
}

const dedupe = (ids: string[] | undefined) => (ids ? [...new Set(ids)] : ids);

export async function createSession(
  ctx: WorkspaceContext,
  input: Omit<SessionFields, 'serviceIds' | 'systemIds' | 'articleIds' | 'notes'> &
    Partial<SessionFields> & { attendees?: Attendee[] },
) {
  assertCanHandover(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const fields: SessionFields = {
        topic: input.topic,
        heldAt: input.heldAt,
        presenterPartyId: input.presenterPartyId,
        serviceIds: dedupe(input.serviceIds) ?? [],
        systemIds: dedupe(input.systemIds) ?? [],
        articleIds: dedupe(input.articleIds) ?? [],
        notes: input.notes ?? '',
      };
      await checkFields(tx, ws, fields);
      const attendees = input.attendees ?? [];
      await checkAttendees(tx, ws, attendees);
      const [session] = await tx
        .insert(handoverSessions)
        .values({
          workspaceId: ws,
          ...fields,
          createdByMembershipId: ctx.actor.membershipId,
          createdAt: nowOf(ctx),
        })
        .returning();
      await writeAttendees(tx, ws, session!.id, attendees);
      await audit(tx, ctx, 'handover.created', session!.id, undefined, { ...fields, attendees });
      return session!;
    },
    ctx.meta,
  );
}

export async function updateSession(
  ctx: WorkspaceContext,
  id: string,
  input: Partial<SessionFields> & { version: number; attendees?: Attendee[] | undefined },
) {
  assertCanHandover(ctx.actor, 'manage');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findSession(tx, ws, id);
    if (before.version !== input.version) throw new StaleVersion('handover session', before.version);
    const { version: _v, attendees, ...rest } = input;
    const changes = {
      ...rest,
      ...(rest.serviceIds && { serviceIds: dedupe(rest.serviceIds) }),
      ...(rest.systemIds && { systemIds: dedupe(rest.systemIds) }),
      ...(rest.articleIds && { articleIds: dedupe(rest.articleIds) }),
    };
    await checkFields(tx, ws, changes);
    if (attendees) await checkAttendees(tx, ws, attendees);
    const [after] = await tx
      .update(handoverSessions)
      .set({ ...changes, version: before.version + 1 })
      .where(and(eq(handoverSessions.id, id), eq(handoverSessions.version, before.version)))
      .returning();
    if (!after) throw new StaleVersion('handover session');
    const beforeAttendees = attendees ? await loadAttendees(tx, id) : undefined;
    if (attendees) await writeAttendees(tx, ws, id, attendees);
    await audit(
      tx,
      ctx,
      'handover.updated',
      id,
      {
        ...Object.fromEntries(Object.keys(changes).map((k) => [k, (before as Record<string, unknown>)[k]])),
        ...(beforeAttendees && { attendees: beforeAttendees }),
      },
      { ...changes, ...(attendees && { attendees }) },
    );
    return after;
  });
}

async function findSession(tx: Tx, ws: string, id: string) {
  const [row] = await tx
    .select()
    .from(handoverSessions)
    .where(and(eq(handoverSessions.workspaceId, ws), eq(handoverSessions.id, id)));
  if (!row) throw new NotFound('No such handover session here.');
  return row;
}

async function loadAttendees(tx: Tx, sessionId: string) {
  return tx
    .select({
      membershipId: handoverAttendees.membershipId,
      attended: handoverAttendees.attended,
      name: accounts.name,
    })
    .from(handoverAttendees)
    .innerJoin(memberships, eq(memberships.id, handoverAttendees.membershipId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(handoverAttendees.sessionId, sessionId))
    .orderBy(accounts.name);
}

/** A read of this workspace's handover sessions by someone who may view them. */
function viewHandovers<T>(ctx: WorkspaceContext, read: (tx: Tx, ws: string) => Promise<T>) {
  assertCanHandover(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => read(tx, ctx.actor.workspaceId));
}

export async function listSessions(ctx: WorkspaceContext) {
  return viewHandovers(ctx, async (tx, ws) => {
    const rows = await tx
      .select()
      .from(handoverSessions)
      .where(eq(handoverSessions.workspaceId, ws))
      .orderBy(desc(handoverSessions.heldAt))
      .limit(200);
    const counts = rows.length
      ? await tx
          .select({ sessionId: handoverAttendees.sessionId, attended: handoverAttendees.attended })
          .from(handoverAttendees)
          .where(
            inArray(
              handoverAttendees.sessionId,
              rows.map((r) => r.id),
            ),
          )
      : [];
    const partyMap = await partyNames(tx, ws);
    return rows.map((r) => ({
      session: r,
      presenterPartyName: partyMap.get(r.presenterPartyId)?.name ?? null,
      invited: counts.filter((c) => c.sessionId === r.id).length,
      attended: counts.filter((c) => c.sessionId === r.id && c.attended).length,
    }));
  });
}

export async function getSession(ctx: WorkspaceContext, id: string) {
  return viewHandovers(ctx, async (tx, ws) => {
    const session = await findSession(tx, ws, id);
    const serviceRows = session.serviceIds.length
      ? await tx
          .select({ id: services.id, name: services.name })
          .from(services)
          .where(inArray(services.id, session.serviceIds))
      : [];
    const systemRows = session.systemIds.length
      ? await tx
          .select({ id: systems.id, name: systems.name })
          .from(systems)
          .where(inArray(systems.id, session.systemIds))
      : [];
    const producedArticles = session.articleIds.length
      ? await tx
          .select({
            id: articles.id,
            number: articles.number,
            title: articles.title,
            type: articles.type,
            status: articles.status,
          })
          .from(articles)
          .where(inArray(articles.id, session.articleIds))
      : [];
    const partyMap = await partyNames(tx, ws);
    return {
      session,
      presenterPartyName: partyMap.get(session.presenterPartyId)?.name ?? null,
      services: serviceRows,
      systems: systemRows,
      articles: producedArticles,
      attendees: await loadAttendees(tx, id),
    };
  });
}

/** Attendance per internal person across every session. */
export async function attendanceByPerson(ctx: WorkspaceContext) {
  return viewHandovers(ctx, async (tx, ws) => {
    const rows = await tx
      .select({
        personId: handoverAttendees.membershipId,
        attended: handoverAttendees.attended,
        heldAt: handoverSessions.heldAt,
      })
      .from(handoverAttendees)
      .innerJoin(handoverSessions, eq(handoverSessions.id, handoverAttendees.sessionId))
      .where(eq(handoverAttendees.workspaceId, ws));
    const names = await memberNames(
      tx,
      ws,
      rows.map((r) => r.personId),
    );
    const last = new Map<string, Date>();
    for (const r of rows)
      if (r.attended && (!last.has(r.personId) || last.get(r.personId)! < r.heldAt))
        last.set(r.personId, r.heldAt);
    return attendanceSummary(rows)
      .map((s) => ({
        ...s,
        name: names.get(s.personId) ?? null,
        lastAttendedAt: last.get(s.personId) ?? null,
      }))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  });
}
