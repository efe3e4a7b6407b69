import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { prebuilt } from '../../db/prebuilt.ts';
import { rowsOf, uuidArrayLiteral } from '../../db/rows.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { services } from '../../db/schema/responsibility.ts';
import { slaClocks } from '../../db/schema/sla.ts';
import { SLA_DUE_NONE, ticketHandoffs, ticketTimeEntries } from '../../db/schema/tickets.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { type CommentReader, commentReaderOf, visibleCommentsUnder } from '../../db/visibility.ts';
import { isStaff } from '../../domain/actor.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { decodeCursor, pageOf } from '../../server/cursor.ts';
import { Forbidden } from '../../server/errors.ts';
import type { QueueSla } from '../contract.ts';
import { commentsWithAuthors, findVisibleTicket } from '../queries.ts';
import { scopeOf } from './common.ts';
import { type QueuePageQuery, readQueuePage, type Sort } from './queue-page-statement.ts';
import { loadTicketPageDetails } from './ticket-page-details.ts';

export type ListTicketsQuery = QueuePageQuery & { cursor?: string | undefined };

function sortKeyOf(
  ticket: { updatedAt: Date; createdAt: Date; priority: string; slaDueAt: Date | null },
  sort: Sort,
) {
  switch (sort) {
    case 'updated':
      return ticket.updatedAt.toISOString();
    case 'created':
      return ticket.createdAt.toISOString();
    case 'priority':
      return ticket.priority;
    case 'sla_due':
      return ticket.slaDueAt?.toISOString() ?? SLA_DUE_NONE;
  }
}

/** What names a ticket carries: its service, lane, assignee and requester. */
type NamedTicket = {
  serviceId: string;
  lanePartyId: string | null;
  assigneeMembershipId: string | null;
  requesterMembershipId: string;
};

type NameLists = { workspaceId: string; serviceIds: string; partyIds: string; membershipIds: string };
const nameListsOf = (workspaceId: string, named: NamedTicket[]): NameLists => ({
  workspaceId,
  serviceIds: uuidArrayLiteral(named.map((t) => t.serviceId)),
  partyIds: uuidArrayLiteral(named.map((t) => t.lanePartyId)),
  membershipIds: uuidArrayLiteral(named.flatMap((t) => [t.assigneeMembershipId, t.requesterMembershipId])),
});

/**
 * The names (services, lanes, people) tickets carry, as rows of (id, name); `value` gives the
 * workspace and the id lists (NameLists). The workspace first in each condition: the tables' keys are
 * (workspace_id, id).
 */
function nameRows(value: (name: keyof NameLists) => unknown) {
  return sql`
    select ${services.id} as id, ${services.name} as name from ${services}
      where ${services.workspaceId} = ${value('workspaceId')} and ${services.id} = any(${value('serviceIds')}::uuid[])
    union all
    select ${parties.id}, ${parties.name} from ${parties}
      where ${parties.workspaceId} = ${value('workspaceId')} and ${parties.id} = any(${value('partyIds')}::uuid[])
    union all
    select ${memberships.id}, ${accounts.name} from ${memberships}
      join ${accounts} on ${accounts.id} = ${memberships.accountId}
      where ${memberships.workspaceId} = ${value('workspaceId')}
        and ${memberships.id} = any(${value('membershipIds')}::uuid[])`;
}

/** Names of the services, lanes and assignees of tickets a change returned, in one round trip. */
async function namesFor(tx: Tx, workspaceId: string, named: NamedTicket[]) {
  const lists = nameListsOf(workspaceId, named);
  const rows = rowsOf<{ id: string; name: string }>(await tx.execute(nameRows((name) => lists[name])));
  return new Map(rows.map((r) => [r.id, r.name]));
}

type ClockRow = { kind: QueueSla['kind']; state: string; dueAt: Date | null; breachedAt: Date | null };
const dateOf = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

/**
 * The names (services, lanes, people) and the running or paused clocks of a page of tickets, in one
 * statement built once (db/prebuilt.ts): a union of the name lookups and the clocks, read as raw rows
 * (drizzle's builder costs more CPU than the round trip it would save when it maps a CTE's fields).
 */
const pageDetailsStatement = prebuilt<NameLists & { ticketIds: string }>()(
  'tickets.page.details',
  (_tx, value) => sql`
    select 'name' as row_kind, n.id, n.name,
        null::text as kind, null::text as state, null::timestamptz as due_at, null::timestamptz as breached_at
      from (${nameRows(value)}) n
    union all
    select 'clock', ${slaClocks.ticketId}, null, ${slaClocks.kind}, ${slaClocks.state}, ${slaClocks.dueAt}, ${slaClocks.breachedAt}
      from ${slaClocks}
      where ${slaClocks.workspaceId} = ${value('workspaceId')} and ${slaClocks.ticketId} = any(${value('ticketIds')}::uuid[])
        and ${slaClocks.state} in ('running', 'paused')`,
);

async function pageDetails(tx: Tx, workspaceId: string, page: Array<NamedTicket & { id: string }>) {
  const result = await pageDetailsStatement(tx, {
    ...nameListsOf(workspaceId, page),
    ticketIds: uuidArrayLiteral(page.map((t) => t.id)),
  });
  const names = new Map<string, string>();
  const clocks: Array<ClockRow & { ticketId: string }> = [];
  for (const row of rowsOf<Record<string, unknown>>(result)) {
    const id = row.id as string;
    if (row.row_kind === 'name') names.set(id, row.name as string);
    else
      clocks.push({
        ticketId: id,
        kind: row.kind as QueueSla['kind'],
        state: row.state as string,
        dueAt: dateOf(row.due_at),
        breachedAt: dateOf(row.breached_at),
      });
  }
  return { names, clocks: nearestClocks(clocks) };
}

/**
 * The nearest clock of each ticket: the running one due soonest, else a paused one (first response
 * before resolution); among equals the first by kind. Stopped clocks are not read.
 */
function nearestClocks(rows: Array<ClockRow & { ticketId: string }>) {
  const nearest = new Map<string, QueueSla>();
  const now = Date.now();
  const rank = (c: { state: string; dueAt: Date | null }) =>
    c.state === 'running' && c.dueAt ? c.dueAt.getTime() : Number.POSITIVE_INFINITY;
  const byKind = [...rows].sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
  for (const row of byKind) {
    const current = nearest.get(row.ticketId);
    if (current && rank(current) <= rank(row)) continue;
    nearest.set(row.ticketId, {
      kind: row.kind,
      state: row.state === 'running' ? 'running' : 'paused',
      dueAt: row.state === 'running' ? row.dueAt : null,
      breached:
        row.breachedAt !== null ||
        (row.state === 'running' && row.dueAt !== null && row.dueAt.getTime() < now),
    });
  }
  return nearest;
}

/** A queue page: filters and keyset pagination applied in SQL, after the visibility rule. */
export async function listTickets(ctx: WorkspaceContext, query: ListTicketsQuery) {
  const after = decodeCursor(query.cursor, [query.sort === 'priority' ? 'text' : 'timestamp', 'uuid']);
  const rows = await withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    // The page is cut first, on the tickets table alone; names are looked up for its rows only.
    const page = await readQueuePage(tx, ctx.actor, query, after ?? undefined);
    const { names, clocks } =
      page.length === 0
        ? { names: new Map<string, string>(), clocks: new Map<string, QueueSla>() }
        : await pageDetails(tx, ctx.actor.workspaceId, page);
    return page.map((ticket) => ({
      ticket,
      sla: clocks.get(ticket.id) ?? null,
      requesterName: names.get(ticket.requesterMembershipId) ?? null,
      serviceName: names.get(ticket.serviceId) ?? null,
      laneName: ticket.lanePartyId ? (names.get(ticket.lanePartyId) ?? null) : null,
      assigneeName: ticket.assigneeMembershipId ? (names.get(ticket.assigneeMembershipId) ?? null) : null,
    }));
  });
  return pageOf(rows, query.limit, (r) => [sortKeyOf(r.ticket, query.sort), r.ticket.id]);
}

/** The ticket page's comments under the reader's rule, built once per rule (db/prebuilt.ts). */
const pageComments = prebuilt<{ ticketId: string; partyId: string | null }, { reader: CommentReader }>()(
  'tickets.page.comments',
  (tx, value, { reader }) =>
    commentsWithAuthors(tx, value('ticketId'), visibleCommentsUnder(reader, value('partyId'))),
);

/** The ticket page's handoffs, oldest first, built once. */
const pageHandoffs = prebuilt<{ ticketId: string }>()('tickets.page.handoffs', (tx, value) =>
  tx
    .select()
    .from(ticketHandoffs)
    .where(eq(ticketHandoffs.ticketId, value('ticketId')))
    .orderBy(asc(ticketHandoffs.createdAt)),
);

/** One ticket with what the reader may see of its conversation, path and time. */
export async function getTicket(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const { actor } = ctx;
    const ticket = await findVisibleTicket(tx, actor, number);
    const staff = isStaff(actor);
    // One statement at a time: a transaction's client must not run queries concurrently.
    const comments = await pageComments(
      tx,
      { ticketId: ticket.id, partyId: actor.partyId },
      { reader: commentReaderOf(actor) },
    );
    const handoffs = staff ? await pageHandoffs(tx, { ticketId: ticket.id }) : [];
    const people = await loadTicketPageDetails(
      tx,
      {
        workspaceId: actor.workspaceId,
        ticketId: ticket.id,
        serviceId: ticket.serviceId,
        membershipIds: [
          ticket.requesterMembershipId,
          ticket.assigneeMembershipId,
          ...handoffs.map((h) => h.byMembershipId),
        ],
      },
      staff,
    );
    const names = new Map<string, string>();
    for (const id of [ticket.requesterMembershipId, ticket.assigneeMembershipId]) {
      const name = id ? people.people.get(id)?.name : null;
      if (id && name) names.set(id, name);
    }
    return {
      ticket,
      comments,
      handoffs,
      time: people.time,
      names,
      service: people.service,
      laneName: ticket.lanePartyId ? (people.parties.get(ticket.lanePartyId)?.name ?? null) : null,
      people,
    };
  });
}

/** Time per party over a period: where each side's capacity goes. */
export async function timeByParty(ctx: WorkspaceContext, from: Date, to: Date) {
  if (!ctx.actor.partyId) throw new Forbidden('Only staff see time records.', 'TICKET_RIGHT_REQUIRED');
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) =>
    tx
      .select({
        partyId: ticketTimeEntries.partyId,
        partyName: parties.name,
        minutes: sql<number>`sum(${ticketTimeEntries.minutes})::int`,
      })
      .from(ticketTimeEntries)
      .innerJoin(parties, eq(parties.id, ticketTimeEntries.partyId))
      .where(
        and(
          eq(ticketTimeEntries.workspaceId, ctx.actor.workspaceId),
          gte(ticketTimeEntries.spentOn, from),
          lt(ticketTimeEntries.spentOn, to),
        ),
      )
      .groupBy(ticketTimeEntries.partyId, parties.name),
  );
}

/**
 * Tickets a change returned, with the names a list shows beside them (service, lane, assignee),
 * read in one statement: a change's answer names things the way the queue does.
 */
export async function withTicketNames<T extends NamedTicket>(ctx: WorkspaceContext, rows: T[]) {
  const names =
    rows.length === 0
      ? new Map<string, string>()
      : await withScopedTx(ctx.db, scopeOf(ctx), (tx) => namesFor(tx, ctx.actor.workspaceId, rows));
  return rows.map((ticket) => ({
    ticket,
    names: {
      serviceName: names.get(ticket.serviceId) ?? null,
      laneName: ticket.lanePartyId ? (names.get(ticket.lanePartyId) ?? null) : null,
      assigneeName: ticket.assigneeMembershipId ? (names.get(ticket.assigneeMembershipId) ?? null) : null,
    },
  }));
}
