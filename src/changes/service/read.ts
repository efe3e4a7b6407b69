import { and, asc, desc, eq, exists, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { actionsRaisedFrom } from '../../backlog/service.ts';
import { selectRows, type Tx } from '../../db/client.ts';
import {
  type Change,
  changeEvents,
  changeFreezes,
  changeLinks,
  changes,
  changeTemplates,
  changeWatchers,
} from '../../db/schema/changes.ts';
import { decisions } from '../../db/schema/decisions.ts';
import { incidents } from '../../db/schema/incidents.ts';
import { problems } from '../../db/schema/problems.ts';
import { services } from '../../db/schema/responsibility.ts';
import { riskChanges, risks } from '../../db/schema/risks.ts';
import { systems } from '../../db/schema/systems.ts';
import { tickets } from '../../db/schema/tickets.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { CALENDAR_STATUSES, type ChangeStatus, type ChangeType, successRates } from '../../domain/changes.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { decodeCursor, pageOf } from '../../server/cursor.ts';
import { Invalid } from '../../server/errors.ts';
import { memberNames, partyNames } from '../../workspaces/names.ts';
import type { CalendarQuery } from '../contract.ts';
import { assertCanChange } from '../policy.ts';
import { holdsChangeRight, loadChange, loadChangeRight, loadLinkIds } from './common.ts';
import { responsibleParty } from './links.ts';
import { conflictsOf, freezeOf } from './planning.ts';

const scoped = <T>(ctx: WorkspaceContext, fn: (tx: Tx) => Promise<T>) =>
  withScopedTx(ctx.db, workspaceScope(ctx), fn);

export type PartyNames = Awaited<ReturnType<typeof partyNames>>;

export type ListChangesQuery = {
  status?: ChangeStatus[] | undefined;
  type?: ChangeType | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** Newest first (by number), keyset-paged. */
export async function listChanges(ctx: WorkspaceContext, query: ListChangesQuery) {
  assertCanChange(ctx.actor, 'view');
  const after = decodeCursor(query.cursor, ['integer']);
  return scoped(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(changes)
      .where(
        and(
          eq(changes.workspaceId, ctx.actor.workspaceId),
          query.status?.length ? inArray(changes.status, query.status) : undefined,
          query.type ? eq(changes.type, query.type) : undefined,
          after ? lt(changes.number, Number(after[0])) : undefined,
        ),
      )
      .orderBy(desc(changes.number))
      .limit(query.limit + 1);
    return {
      page: pageOf(rows, query.limit, (r) => [r.number]),
      parties: await partyNames(tx, ctx.actor.workspaceId),
    };
  });
}

export type ChangeDetailData = Awaited<ReturnType<typeof loadDetail>>;

async function loadDetail(tx: Tx, ctx: WorkspaceContext, change: Change) {
  const ws = ctx.actor.workspaceId;
  const links = (await loadLinkIds(tx, [change.id])).get(change.id)!;
  const byIds = <T>(ids: string[], load: () => Promise<T[]>) =>
    ids.length ? load() : Promise.resolve([] as T[]);
  const [serviceRows, systemRows, ticketRows, problemRows, incidentRows] = [
    await byIds(links.service, () =>
      tx
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(inArray(services.id, links.service)),
    ),
    await byIds(links.system, () =>
      tx
        .select({ id: systems.id, name: systems.name, criticality: systems.criticality })
        .from(systems)
        .where(inArray(systems.id, links.system)),
    ),
    await byIds(links.ticket, () =>
      tx
        .select({ id: tickets.id, number: tickets.number, subject: tickets.subject })
        .from(tickets)
        .where(inArray(tickets.id, links.ticket)),
    ),
    await byIds(links.problem, () =>
      tx
        .select({ id: problems.id, number: problems.number, title: problems.title })
        .from(problems)
        .where(inArray(problems.id, links.problem)),
    ),
    await byIds(links.incident, () =>
      tx
        .select({ id: incidents.id, number: incidents.number, title: incidents.title })
        .from(incidents)
        .where(inArray(incidents.id, links.incident)),
    ),
  ];
  const inOrder = <T extends { id: string }>(ids: string[], rows: T[]) =>
    ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is T => r !== undefined);
  const [decision] = change.decisionId
    ? await tx.select().from(decisions).where(eq(decisions.id, change.decisionId))
    : [];
  const [template] = change.templateId
    ? await tx.select().from(changeTemplates).where(eq(changeTemplates.id, change.templateId))
    : [];
  const right = await loadChangeRight(tx, ws, change.type);
  const watchers = await tx
    .select({ membershipId: changeWatchers.membershipId })
    .from(changeWatchers)
    .where(eq(changeWatchers.changeId, change.id));
  const events = await tx
    .select()
    .from(changeEvents)
    .where(eq(changeEvents.changeId, change.id))
    .orderBy(asc(changeEvents.at));
  const actions = await actionsRaisedFrom(tx, ws, 'post_change_review', change.id);
  // Risks this change carries out part of the treatment for (linked from the risk's page).
  const treats = await tx
    .select({ id: risks.id, number: risks.number, title: risks.title, status: risks.status })
    .from(riskChanges)
    .innerJoin(risks, eq(risks.id, riskChanges.riskId))
    .where(eq(riskChanges.changeId, change.id))
    .orderBy(asc(risks.number));
  const names = await memberNames(tx, ws, [
    change.createdByMembershipId,
    ...(change.submittedByMembershipId ? [change.submittedByMembershipId] : []),
    ...watchers.map((w) => w.membershipId),
    ...events.flatMap((e) => (e.actorMembershipId ? [e.actorMembershipId] : [])),
  ]);
  return {
    change,
    links: {
      services: inOrder(links.service, serviceRows),
      systems: inOrder(links.system, systemRows),
      tickets: inOrder(links.ticket, ticketRows),
      problems: inOrder(links.problem, problemRows),
      incidents: inOrder(links.incident, incidentRows),
    },
    suggestedPartyId: await responsibleParty(tx, ws, links.service[0]),
    parties: await partyNames(tx, ws),
    decision: decision ?? null,
    template: template ?? null,
    right,
    canDecide: holdsChangeRight(ctx.actor, right),
    watchers,
    events,
    actions,
    treats,
    names,
    conflicts: await conflictsOf(tx, change, links.system),
    freeze: await freezeOf(tx, change),
  };
}

export async function getChange(ctx: WorkspaceContext, number: number) {
  assertCanChange(ctx.actor, 'view');
  return scoped(ctx, async (tx) => loadDetail(tx, ctx, await loadChange(tx, ctx.actor.workspaceId, number)));
}

const MAX_CALENDAR_DAYS = 400;

/** Changes whose window overlaps [from, to), with their services and systems, and the freezes in it. */
export async function changeCalendar(ctx: WorkspaceContext, query: CalendarQuery) {
  assertCanChange(ctx.actor, 'view');
  if (query.to.getTime() <= query.from.getTime()) throw new Invalid('must be after from', 'querystring.to');
  if (query.to.getTime() - query.from.getTime() > MAX_CALENDAR_DAYS * 86_400_000)
    throw new Invalid(`the calendar shows at most ${MAX_CALENDAR_DAYS} days at once`, 'querystring.to');
  return scoped(ctx, (tx) => calendarRows(tx, ctx.actor.workspaceId, query));
}

const linkedTo = (kind: 'service' | 'system', id: string) =>
  exists(
    sql`(select 1 from ${changeLinks} where ${changeLinks.changeId} = ${changes.id} and ${changeLinks.kind} = ${kind} and ${changeLinks.targetId} = ${id})`,
  );

/** What the calendar and the feed show of a change. */
export type CalendarChange = Pick<
  Change,
  | 'id'
  | 'number'
  | 'type'
  | 'status'
  | 'title'
  | 'likelihood'
  | 'impact'
  | 'implementingPartyId'
  | 'plannedStart'
  | 'plannedEnd'
  | 'timezone'
  | 'outcome'
  | 'userImpact'
  | 'downtimeMinutes'
  | 'updatedAt'
  | 'version'
>;

type CalendarTuple = [
  string,
  number,
  ChangeType,
  ChangeStatus,
  string,
  number,
  number,
  string | null,
  string | null,
  string | null,
  string,
  Change['outcome'],
  string,
  number,
  string,
  number,
];
const dateOf = (text: string | null) => (text === null ? null : new Date(text));

function calendarRowOf([t, links]: [CalendarTuple, [string[], string[]] | null]) {
  const change: CalendarChange = {
    id: t[0],
    number: t[1],
    type: t[2],
    status: t[3],
    title: t[4],
    likelihood: t[5],
    impact: t[6],
    implementingPartyId: t[7],
    plannedStart: dateOf(t[8]),
    plannedEnd: dateOf(t[9]),
    timezone: t[10],
    outcome: t[11],
    userImpact: t[12],
    downtimeMinutes: t[13],
    updatedAt: new Date(t[14]),
    version: t[15],
  };
  return { change, service: links?.[0] ?? [], system: links?.[1] ?? [] };
}

type CalendarWindow = Pick<CalendarQuery, 'from' | 'to' | 'partyId' | 'serviceId' | 'systemId'> & {
  membershipId?: string;
  /** Only these changes (the feed asks for the ones whose event text it has not kept). */
  onlyIds?: string[];
};

/** The changes a calendar or feed window shows. */
const windowCondition = (workspaceId: string, query: CalendarWindow) =>
  and(
    query.onlyIds ? inArray(changes.id, query.onlyIds) : undefined,
    eq(changes.workspaceId, workspaceId),
    inArray(changes.status, [...CALENDAR_STATUSES]),
    lt(changes.plannedStart, query.to),
    gt(changes.plannedEnd, query.from),
    query.partyId ? eq(changes.implementingPartyId, query.partyId) : undefined,
    query.serviceId ? linkedTo('service', query.serviceId) : undefined,
    query.systemId ? linkedTo('system', query.systemId) : undefined,
    // One person's feed: what they raised, submitted or watch, and what their party carries out.
    query.membershipId
      ? sql`(${changes.createdByMembershipId} = ${query.membershipId} or ${changes.submittedByMembershipId} = ${query.membershipId}
          or ${changes.implementingPartyId} = (select party_id from ${memberships} where id = ${query.membershipId})
          or exists (select 1 from ${changeWatchers} w where w.change_id = ${changes.id} and w.membership_id = ${query.membershipId}))`
      : undefined,
  );

/** Each change of the window as [id, version], in calendar order: what a feed checks its cache with. */
export async function calendarVersions(tx: Tx, workspaceId: string, query: CalendarWindow) {
  const [found] = await selectRows<{ doc: string }>(
    tx,
    sql`select coalesce(json_agg(json_build_array(${changes.id}, ${changes.version})
          order by ${changes.plannedStart}, ${changes.number}), '[]')::text as doc
        from ${changes} where ${windowCondition(workspaceId, query)}`,
  );
  return JSON.parse(found!.doc) as [string, number][];
}

/** Shared by the calendar page and the iCalendar feed. */
export async function calendarRows(
  tx: Tx,
  workspaceId: string,
  query: CalendarWindow & {
    /** The feed needs no services and systems per change. */
    withoutLinks?: boolean;
  },
) {
  const inWindow = windowCondition(workspaceId, query);
  // One statement, one JSON text (the window's changes with their links, the freezes, the parties):
  // on PGlite, reading ~400 rows of 17 columns field by field and mapping each through the ORM cost
  // most of a month view; parsing one string is cheap on both engines. Links come from one grouped
  // pass over the window's changes (a subquery per change cost more on PGlite).
  const links = query.withoutLinks
    ? sql`select null::uuid as change_id, null::json as ids where false`
    : sql`select l.change_id, json_build_array(
          coalesce(json_agg(l.target_id order by l.position, l.target_id) filter (where l.kind = 'service'), '[]'),
          coalesce(json_agg(l.target_id order by l.position, l.target_id) filter (where l.kind = 'system'), '[]')) as ids
        from ${changeLinks} l join w on w.id = l.change_id
        where l.workspace_id = ${workspaceId} and l.kind in ('service', 'system') group by l.change_id`;
  const [found] = await selectRows<{ doc: string }>(
    tx,
    sql`with w as (select ${changes.id} as id, ${changes.number} as number, json_build_array(${changes.id},
          ${changes.number}, ${changes.type}, ${changes.status}, ${changes.title}, ${changes.likelihood},
          ${changes.impact}, ${changes.implementingPartyId}, ${changes.plannedStart}, ${changes.plannedEnd},
          ${changes.timezone}, ${changes.outcome}, ${changes.userImpact}, ${changes.downtimeMinutes},
          ${changes.updatedAt}, ${changes.version}) as fields, ${changes.plannedStart} as planned_start
        from ${changes} where ${inWindow}),
      lk as (${links})
      select json_build_array(
        (select coalesce(json_agg(json_build_array(w.fields, lk.ids) order by w.planned_start, w.number), '[]')
          from w left join lk on lk.change_id = w.id),
        (select coalesce(json_agg(json_build_array(f.id, f.title, f.starts_at, f.ends_at, f.reason, f.created_at)
            order by f.starts_at), '[]')
          from ${changeFreezes} f
          where f.workspace_id = ${workspaceId} and f.starts_at < ${query.to.toISOString()}::timestamptz
            and f.ends_at > ${query.from.toISOString()}::timestamptz),
        (select coalesce(json_agg(json_build_array(p.id, p.name, p.kind)), '[]')
          from ${parties} p where p.workspace_id = ${workspaceId}))::text as doc`,
  );
  const [rows, freezes, partyRows] = JSON.parse(found!.doc) as [
    [CalendarTuple, [string[], string[]] | null][],
    [string, string, string, string, string, string][],
    [string, string, string][],
  ];
  return {
    rows: rows.map(calendarRowOf),
    freezes: freezes.map(([id, title, startsAt, endsAt, reason, createdAt]) => ({
      id,
      title,
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
      reason,
      createdAt: new Date(createdAt),
    })),
    parties: new Map(partyRows.map(([id, name, kind]) => [id, { id, name, kind }])) as PartyNames,
  };
}

/** Success rate per period: implemented ÷ completed, by completion time. */
export async function changeSuccessRate(
  ctx: WorkspaceContext,
  query: { from: Date; to: Date; period: 'month' | 'quarter' },
) {
  assertCanChange(ctx.actor, 'view');
  if (query.to.getTime() <= query.from.getTime()) throw new Invalid('must be after from', 'querystring.to');
  if (query.to.getTime() - query.from.getTime() > 5 * 366 * 86_400_000)
    throw new Invalid('at most five years at once', 'querystring.to');
  const rows = await scoped(ctx, (tx) =>
    tx
      .select({ outcome: changes.outcome, completedAt: changes.completedAt })
      .from(changes)
      .where(
        and(
          eq(changes.workspaceId, ctx.actor.workspaceId),
          gte(changes.completedAt, query.from),
          lte(changes.completedAt, query.to),
        ),
      ),
  );
  const outcomes = rows.flatMap((r) =>
    r.outcome && r.completedAt ? [{ outcome: r.outcome, completedAt: r.completedAt }] : [],
  );
  const periods = successRates(outcomes, query.from, query.to, query.period);
  const completed = periods.reduce((n, p) => n + p.completed, 0);
  const implemented = periods.reduce((n, p) => n + p.implemented, 0);
  return {
    period: query.period,
    periods,
    overall: { completed, implemented, rate: completed === 0 ? null : implemented / completed },
  };
}
