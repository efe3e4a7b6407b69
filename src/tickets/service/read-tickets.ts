import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { accounts } from '../../db/schema/accounts.ts';
import { services } from '../../db/schema/responsibility.ts';
import { slaClocks } from '../../db/schema/sla.ts';
import {
  SLA_DUE_NONE,
  ticketComments,
  ticketHandoffs,
  tickets,
  ticketTimeEntries,
} from '../../db/schema/tickets.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { isInternal } from '../../domain/actor.ts';
import type { Priority, TicketStatus } from '../../domain/tickets.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { decodeCursor, pageOf } from '../../server/cursor.ts';
import { Forbidden } from '../../server/errors.ts';
import { QUEUES, type QueueSla, SORTS } from '../contract.ts';
import { findVisibleTicket, visibleComments, visibleTickets } from '../queries.ts';
import { scopeOf } from './common.ts';
import { loadTicketPeople } from './ticket-people.ts';

export { QUEUES, SORTS };
export type Queue = (typeof QUEUES)[number];
type Sort = (typeof SORTS)[number];

export type ListTicketsQuery = {
  queue: Queue;
  status?: TicketStatus[] | undefined;
  open?: boolean | undefined;
  priority?: Priority[] | undefined;
  serviceId?: string | undefined;
  lanePartyId?: string | 'joint' | undefined;
  assigneeMembershipId?: string | 'none' | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  sort: Sort;
  limit: number;
  cursor?: string | undefined;
};

function queueFilter(ctx: WorkspaceContext, queue: Queue): SQL | undefined {
  const { actor } = ctx;
  switch (queue) {
    case 'mine':
      return eq(tickets.assigneeMembershipId, actor.membershipId);
    case 'lane':
      return actor.partyId ? eq(tickets.lanePartyId, actor.partyId) : sql`false`;
    case 'joint':
      return isNull(tickets.lanePartyId);
    case 'requested':
      return eq(tickets.requesterMembershipId, actor.membershipId);
    case 'all':
      if (!isInternal(actor))
        throw new Forbidden(
          'Only internal staff see every ticket; use your lane or joint triage.',
          'TICKET_RIGHT_REQUIRED',
        );
      return undefined;
  }
}

/** Each sort's key; sla_due is the expression of the tickets_sla_due index (no running clock last). */
const SORT_COLUMNS = {
  updated: { column: tickets.updatedAt, order: desc },
  created: { column: tickets.createdAt, order: desc },
  priority: { column: tickets.priority, order: asc },
  sla_due: {
    column: sql`coalesce(${tickets.slaDueAt}, ${sql.raw(`'${SLA_DUE_NONE}'::timestamptz`)})`,
    order: asc,
  },
} as const;

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

const OPEN_STATUSES: TicketStatus[] = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_requester',
  'waiting_on_party',
];

/** Every ticket column but the search vector, which only the database needs. */
const { search: _search, ...TICKET_COLUMNS } = getTableColumns(tickets);

type ClockRow = { kind: QueueSla['kind']; state: string; dueAt: string | null; breachedAt: string | null };

/**
 * What a queue row shows beside the ticket, read by the page's own statement (one round trip for
 * the page): the names of its service, lane, requester and assignee, and its nearest clock: the
 * running one due soonest, else a paused one (first response before resolution); stopped clocks
 * no longer count. Each is a subquery on the workspace's key, evaluated for the page's rows only.
 */
// Written out qualified: drizzle names a one-table select's columns bare, which inside these
// subqueries would mean the subquery's own table.
const ticket = (column: string) => sql.raw(`"tickets"."${column}"`);

const PAGE_EXTRAS = {
  serviceName: sql<
    string | null
  >`(select s.name from ${services} s where s.workspace_id = ${ticket('workspace_id')} and s.id = ${ticket('service_id')})`,
  laneName: sql<
    string | null
  >`(select p.name from ${parties} p where p.workspace_id = ${ticket('workspace_id')} and p.id = ${ticket('lane_party_id')})`,
  requesterName: sql<
    string | null
  >`(select a.name from ${accounts} a where a.id = (select m.account_id from ${memberships} m where m.workspace_id = ${ticket('workspace_id')} and m.id = ${ticket('requester_membership_id')}))`,
  assigneeName: sql<
    string | null
  >`(select a.name from ${accounts} a where a.id = (select m.account_id from ${memberships} m where m.workspace_id = ${ticket('workspace_id')} and m.id = ${ticket('assignee_membership_id')}))`,
  clock: sql<
    ClockRow | string | null
  >`(select json_build_object('kind', c.kind, 'state', c.state, 'dueAt', c.due_at, 'breachedAt', c.breached_at)
    from ${slaClocks} c
    where c.workspace_id = ${ticket('workspace_id')} and c.ticket_id = ${ticket('id')} and c.state in ('running', 'paused')
    order by case when c.state = 'running' then c.due_at end asc nulls last, c.kind asc
    limit 1)`,
};

function queueSlaOf(value: ClockRow | string | null, now: number): QueueSla | null {
  if (value === null) return null;
  const clock = typeof value === 'string' ? (JSON.parse(value) as ClockRow) : value;
  const dueAt = clock.state === 'running' && clock.dueAt ? new Date(clock.dueAt) : null;
  return {
    kind: clock.kind,
    state: clock.state === 'running' ? 'running' : 'paused',
    dueAt,
    breached: clock.breachedAt !== null || (dueAt !== null && dueAt.getTime() < now),
  };
}

/** A queue page: filters and keyset pagination applied in SQL, after the visibility rule. */
export async function listTickets(ctx: WorkspaceContext, query: ListTicketsQuery) {
  const { column, order } = SORT_COLUMNS[query.sort];
  const after = decodeCursor(query.cursor, [query.sort === 'priority' ? 'text' : 'timestamp', 'uuid']);
  // Compared as text in SQL (a cast keeps the sla_due expression's type), never as a JS Date.
  const afterValue =
    after && query.sort !== 'priority' ? sql`${after[0]}::timestamptz` : after ? after[0] : undefined;
  const keyset = after
    ? order === desc
      ? sql`(${column}, ${tickets.id}) < (${afterValue}, ${after[1]}::uuid)`
      : sql`(${column}, ${tickets.id}) > (${afterValue}, ${after[1]}::uuid)`
    : undefined;
  const rows = await withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    // The page is cut first, on the tickets table alone, so an index on the sort order can stop
    // after limit + 1 rows; names are looked up for those rows only.
    const page = await tx
      .select({ ...TICKET_COLUMNS, ...PAGE_EXTRAS })
      .from(tickets)
      .where(
        and(
          eq(tickets.workspaceId, ctx.actor.workspaceId),
          visibleTickets(ctx.actor),
          queueFilter(ctx, query.queue),
          query.status?.length ? inArray(tickets.status, query.status) : undefined,
          query.open === true ? inArray(tickets.status, OPEN_STATUSES) : undefined,
          query.priority?.length ? inArray(tickets.priority, query.priority) : undefined,
          query.serviceId ? eq(tickets.serviceId, query.serviceId) : undefined,
          query.lanePartyId === 'joint'
            ? isNull(tickets.lanePartyId)
            : query.lanePartyId
              ? eq(tickets.lanePartyId, query.lanePartyId)
              : undefined,
          query.assigneeMembershipId === 'none'
            ? isNull(tickets.assigneeMembershipId)
            : query.assigneeMembershipId
              ? eq(tickets.assigneeMembershipId, query.assigneeMembershipId)
              : undefined,
          query.createdAfter ? gte(tickets.createdAt, query.createdAfter) : undefined,
          query.createdBefore ? lte(tickets.createdAt, query.createdBefore) : undefined,
          keyset,
        ),
      )
      .orderBy(order(column), order(tickets.id))
      .limit(query.limit + 1);
    const now = Date.now();
    return page.map(({ serviceName, laneName, requesterName, assigneeName, clock, ...ticket }) => ({
      ticket,
      sla: queueSlaOf(clock, now),
      requesterName,
      serviceName,
      laneName,
      assigneeName,
    }));
  });
  return pageOf(rows, query.limit, (r) => [sortKeyOf(r.ticket, query.sort), r.ticket.id]);
}

/** One ticket with what the reader may see of its conversation, path and time. */
export async function getTicket(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const { actor } = ctx;
    const ticket = await findVisibleTicket(tx, actor, number);
    const staff = actor.role !== 'requester' && actor.partyId !== null;
    // One statement at a time: a transaction's client must not run queries concurrently.
    const comments = await tx
      .select({ comment: ticketComments, author: accounts.name, authorPartyId: memberships.partyId })
      .from(ticketComments)
      .leftJoin(memberships, eq(memberships.id, ticketComments.authorMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(ticketComments.ticketId, ticket.id), visibleComments(actor)))
      .orderBy(asc(ticketComments.createdAt));
    const handoffs = staff
      ? await tx
          .select()
          .from(ticketHandoffs)
          .where(eq(ticketHandoffs.ticketId, ticket.id))
          .orderBy(asc(ticketHandoffs.createdAt))
      : [];
    const time = staff
      ? await tx
          .select({
            partyId: ticketTimeEntries.partyId,
            minutes: sql<number>`sum(${ticketTimeEntries.minutes})::int`,
          })
          .from(ticketTimeEntries)
          .where(eq(ticketTimeEntries.ticketId, ticket.id))
          .groupBy(ticketTimeEntries.partyId)
      : [];
    const names = await tx
      .select({ id: memberships.id, name: accounts.name })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(
        and(
          eq(memberships.workspaceId, actor.workspaceId),
          or(
            eq(memberships.id, ticket.requesterMembershipId),
            ticket.assigneeMembershipId ? eq(memberships.id, ticket.assigneeMembershipId) : undefined,
          ),
        ),
      );
    const service = await tx
      .select({ id: services.id, name: services.name })
      .from(services)
      .where(eq(services.id, ticket.serviceId));
    const people = await loadTicketPeople(
      tx,
      actor.workspaceId,
      ticket.id,
      handoffs.map((h) => h.byMembershipId),
      staff,
    );
    return {
      ticket,
      comments,
      handoffs,
      time,
      names: new Map(names.map((n) => [n.id, n.name])),
      service: service[0] ?? null,
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
