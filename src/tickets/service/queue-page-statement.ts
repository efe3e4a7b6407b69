import { and, asc, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { prebuilt, type ValueOf } from '../../db/prebuilt.ts';
import { SLA_DUE_NONE, tickets } from '../../db/schema/tickets.ts';
import { type TicketVisibility, ticketVisibilityOf, visibleTicketsUnder } from '../../db/visibility.ts';
import { isInternal, isStaff, type WorkspaceActor } from '../../domain/actor.ts';
import type { Priority, TicketStatus } from '../../domain/tickets.ts';
import { Forbidden } from '../../server/errors.ts';
import type { QUEUES, SORTS } from '../contract.ts';

export type Queue = (typeof QUEUES)[number];
export type Sort = (typeof SORTS)[number];

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

const OPEN_STATUSES: TicketStatus[] = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_requester',
  'waiting_on_party',
];

/**
 * What a queue row shows and sorts by: the description, custom fields and the other long columns stay
 * in the database (a page of 50 descriptions was most of the bytes read and mapped per page).
 */
const QUEUE_COLUMNS = {
  id: tickets.id,
  number: tickets.number,
  subject: tickets.subject,
  status: tickets.status,
  priority: tickets.priority,
  serviceId: tickets.serviceId,
  lanePartyId: tickets.lanePartyId,
  assigneeMembershipId: tickets.assigneeMembershipId,
  requesterMembershipId: tickets.requesterMembershipId,
  handoffCount: tickets.handoffCount,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  slaDueAt: tickets.slaDueAt,
  version: tickets.version,
};

export type QueuePageQuery = {
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
};

/** Which parts the page's statement has: each combination is built once (db/prebuilt.ts). */
type PageShape = {
  visibility: TicketVisibility;
  queue: Queue;
  /** The lane queue of someone in no party: nothing. */
  noLane: boolean;
  statuses: number;
  open: boolean;
  priorities: number;
  service: boolean;
  lane: 'joint' | 'party' | null;
  assignee: 'none' | 'member' | null;
  createdAfter: boolean;
  createdBefore: boolean;
  sort: Sort;
  keyset: boolean;
};

type PageValues = Record<string, unknown> & { workspaceId: string; membershipId: string; limit: number };

/** The queue's own rule: whose tickets it lists. */
function queueFilter(shape: PageShape, value: ValueOf<PageValues>): SQL | undefined {
  switch (shape.queue) {
    case 'mine':
      return eq(tickets.assigneeMembershipId, value('membershipId'));
    case 'lane':
      return shape.noLane ? sql`false` : eq(tickets.lanePartyId, value('partyId'));
    case 'joint':
      return isNull(tickets.lanePartyId);
    case 'requested':
      return eq(tickets.requesterMembershipId, value('membershipId'));
    case 'all':
      return undefined;
  }
}

const numbered = (value: ValueOf<PageValues>, name: string, count: number) =>
  Array.from({ length: count }, (_, i) => value(`${name}${i}`));

/**
 * A page of a queue, cut on the tickets table alone so an index in the sort order can stop after
 * limit + 1 rows, after the visibility rule; built once per shape.
 */
const queuePageStatement = prebuilt<PageValues, PageShape>()('tickets.queue.page', (tx, value, shape) => {
  const { column, order } = SORT_COLUMNS[shape.sort];
  // Compared as text in SQL (a cast keeps the sla_due expression's type), never as a JS Date.
  const afterKey = shape.sort === 'priority' ? value('afterKey') : sql`${value('afterKey')}::timestamptz`;
  const keyset = !shape.keyset
    ? undefined
    : order === desc
      ? sql`(${column}, ${tickets.id}) < (${afterKey}, ${value('afterId')}::uuid)`
      : sql`(${column}, ${tickets.id}) > (${afterKey}, ${value('afterId')}::uuid)`;
  return tx
    .select(QUEUE_COLUMNS)
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, value('workspaceId')),
        visibleTicketsUnder(shape.visibility, value('membershipId'), value('partyId')),
        queueFilter(shape, value),
        shape.statuses > 0 ? inArray(tickets.status, numbered(value, 'status', shape.statuses)) : undefined,
        shape.open ? inArray(tickets.status, numbered(value, 'open', OPEN_STATUSES.length)) : undefined,
        shape.priorities > 0
          ? inArray(tickets.priority, numbered(value, 'priority', shape.priorities))
          : undefined,
        shape.service ? eq(tickets.serviceId, value('serviceId')) : undefined,
        shape.lane === 'joint'
          ? isNull(tickets.lanePartyId)
          : shape.lane === 'party'
            ? eq(tickets.lanePartyId, value('lanePartyId'))
            : undefined,
        shape.assignee === 'none'
          ? isNull(tickets.assigneeMembershipId)
          : shape.assignee === 'member'
            ? eq(tickets.assigneeMembershipId, value('assigneeMembershipId'))
            : undefined,
        shape.createdAfter ? gte(tickets.createdAt, value('createdAfter')) : undefined,
        shape.createdBefore ? lte(tickets.createdAt, value('createdBefore')) : undefined,
        keyset,
      ),
    )
    .orderBy(order(column), order(tickets.id))
    .limit(value('limit'));
});

const numberedValues = (name: string, list: readonly string[] | undefined) =>
  Object.fromEntries((list ?? []).map((item, i) => [`${name}${i}`, item]));

/** Provider staff see their lane and joint triage, never every ticket. */
function assertMayList(actor: WorkspaceActor, queue: Queue) {
  if (queue === 'all' && isStaff(actor) && !isInternal(actor))
    throw new Forbidden(
      'Only internal staff see every ticket; use your lane or joint triage.',
      'TICKET_RIGHT_REQUIRED',
    );
}

/** The rows of one queue page (limit + 1, to know whether another follows) after `after` (sort key, id). */
export function readQueuePage(
  tx: Tx,
  actor: WorkspaceActor,
  query: QueuePageQuery,
  after: readonly [string, string] | undefined,
) {
  assertMayList(actor, query.queue);
  const lane = query.lanePartyId === 'joint' ? 'joint' : query.lanePartyId ? 'party' : null;
  const assignee =
    query.assigneeMembershipId === 'none' ? 'none' : query.assigneeMembershipId ? 'member' : null;
  return queuePageStatement(
    tx,
    {
      workspaceId: actor.workspaceId,
      membershipId: actor.membershipId,
      partyId: actor.partyId,
      ...numberedValues('status', query.status),
      ...(query.open === true && numberedValues('open', OPEN_STATUSES)),
      ...numberedValues('priority', query.priority),
      serviceId: query.serviceId,
      lanePartyId: query.lanePartyId,
      assigneeMembershipId: query.assigneeMembershipId,
      createdAfter: query.createdAfter,
      createdBefore: query.createdBefore,
      afterKey: after?.[0],
      afterId: after?.[1],
      limit: query.limit + 1,
    },
    {
      visibility: ticketVisibilityOf(actor),
      queue: query.queue,
      noLane: !actor.partyId,
      statuses: query.status?.length ?? 0,
      open: query.open === true,
      priorities: query.priority?.length ?? 0,
      service: Boolean(query.serviceId),
      lane,
      assignee,
      createdAfter: Boolean(query.createdAfter),
      createdBefore: Boolean(query.createdBefore),
      sort: query.sort,
      keyset: after !== undefined,
    },
  );
}
